// OK method names, `group.method`. A group may itself hold dots (`vk.notifications.sendMessage` is the method
// `sendMessage` of the group `vk.notifications`), so the method is the part after the last dot. The allowed forms are
// read from the schema, so spec:add and spec:diff accept exactly the names a spec file may hold.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const schema = require('../spec.schema.json') as {
  $defs: { groupFile: { properties: { group: { pattern: string }; methods: { propertyNames: { pattern: string } } } } };
};
const GROUP = new RegExp(schema.$defs.groupFile.properties.group.pattern);
const METHOD = new RegExp(schema.$defs.groupFile.properties.methods.propertyNames.pattern);

export interface MethodName {
  /** `vk.notifications.sendMessage` */
  name: string;
  /** `vk.notifications` */
  group: string;
  /** `sendMessage` */
  method: string;
}

/** The parts of a full method name, or undefined when it is not one the spec could hold. */
export function parseMethodName(name: string): MethodName | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const group = name.slice(0, dot);
  const method = name.slice(dot + 1);
  return GROUP.test(group) && METHOD.test(method) ? { name, group, method } : undefined;
}

/** Code-unit order, the order loadSpec sorts methods and groups in. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
