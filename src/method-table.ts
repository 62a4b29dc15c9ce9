// METHODS, every method's row by name, built on first use rather than at import: the 178 rows as object literals cost
// about 2 ms of a cold `import 'okru'` (compiled and built whether or not a call is ever made), while their functions
// in generated/rows.ts are only skimmed until called. The client reads the table through methodTable(); the exported
// METHODS is a view of the same table, made on its first read.
import { methodRows, type MethodTable } from '../generated/rows.js';
import type { MethodInfo } from './method-info.js';

export type { MethodTable };

let table: MethodTable | undefined;

/** The table, built once per process on the first call. */
export function methodTable(): MethodTable {
  table ??= methodRows();
  return table;
}

/** The row of a method by its OK name; undefined for a name the spec does not know (`toString` included). */
export function rowNamed(name: string): MethodInfo | undefined {
  const rows = methodTable() as Record<string, MethodInfo>;
  return Object.hasOwn(rows, name) ? rows[name] : undefined;
}

/**
 * A view that builds the table on its first use and passes reads and writes to it: `METHODS[name]`, `in`,
 * `Object.keys` and `Object.values` behave as on the table itself. Its own target stays an empty object, so the
 * proxy's invariants hold (it has no property of its own that the table could contradict).
 */
function lazyView<T extends object>(target: () => T): T {
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(target(), key),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
      set: (_, key, value) => Reflect.set(target(), key, value),
      defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
      deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    },
  ) as T;
}

/** Every method's run-time row, by name: `METHODS['photos.deletePhoto'].permissions`. */
export const METHODS: MethodTable = /* @__PURE__ */ lazyView(methodTable);
