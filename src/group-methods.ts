// `ok.users`, `ok.photos`, ...: built on first access from the table of rows, then kept on the instance.
import type { Client } from './client.js';
import { groupOf, type MethodInfo } from './method-info.js';
import { rememberRow } from './method-rows.js';
import { methodTable } from './method-table.js';
import type { CallOptions } from './transport/call-options.js';

type GroupObject = Record<string, (params?: object, options?: CallOptions) => Promise<unknown>>;

let byGroup: Map<string, MethodInfo[]> | undefined;

function methodsOf(group: string): MethodInfo[] {
  if (!byGroup) {
    byGroup = new Map();
    for (const info of Object.values(methodTable()) as MethodInfo[]) {
      const name = groupOf(info.name);
      const list = byGroup.get(name);
      if (list) list.push(info);
      else byGroup.set(name, [info]);
    }
  }
  return byGroup.get(group) ?? [];
}

/** `group` is OK's name (`vk.notifications`), `property` the client's (`vkNotifications`). */
export function groupMethods(client: Client, group: string, property: string): GroupObject {
  const methods: GroupObject = {};
  for (const info of methodsOf(group)) {
    const method = (params?: object, options?: CallOptions) => client.invoke(info.name, info, params, options);
    rememberRow(method, info);
    methods[info.name.slice(group.length + 1)] = method;
  }
  // Later reads find a plain property instead of the prototype's getter.
  Object.defineProperty(client, property, { value: methods, enumerable: false, configurable: true });
  return methods;
}
