// Tree-shakeable method functions: `await usersGetInfo(client, { uids, fields })`. A bundle that uses one of them
// carries its descriptor and the core client, not the table of every method.
import type { OkMethods } from '../generated/methods.js';
import type { Client } from './client.js';
import { decodeMethodInfo, type MethodInfo } from './method-info.js';

/** The arguments after the method name: `params` may be omitted when the method has no required parameter. */
export type ParamsArgs<M extends keyof OkMethods> = OkMethods[M]['paramsOptional'] extends true
  ? [params?: OkMethods[M]['params']]
  : [params: OkMethods[M]['params']];

export type MethodFunction<M extends keyof OkMethods> = (client: Client, ...args: ParamsArgs<M>) => Promise<OkMethods[M]['result']>;

export function defineMethod<M extends keyof OkMethods>(name: M, compact: string): MethodFunction<M> {
  let info: MethodInfo | undefined;
  return ((client: Client, params?: object) => client.invoke(name, (info ??= decodeMethodInfo(name, compact)), params)) as MethodFunction<M>;
}
