// Which row a group method (`ok.group.getMembers`) calls with, so that paginate() can take the method itself and
// still know how it pages. Kept apart from group-methods.ts, whose import brings the table of every method.
import type { MethodInfo } from './method-info.js';

const rows = new WeakMap<object, MethodInfo>();

export function rememberRow(method: object, info: MethodInfo): void {
  rows.set(method, info);
}

/** The row a group method calls with; undefined for any other function. */
export function rowOf(method: unknown): MethodInfo | undefined {
  return typeof method === 'function' ? rows.get(method) : undefined;
}
