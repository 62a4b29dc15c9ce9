// `ok.users`, `ok.photos`, ...: built on first access from the METHODS table, then kept on the instance.
import { METHODS } from '../generated/methods.js';
import type { Permission } from '../generated/permissions.js';
import type { Client } from './client.js';
import type { SessionLike } from './sessions/session.js';
import type { MethodInfo } from './method-info.js';
import type { CallOptions } from './transport/call-options.js';

let byGroup: Map<string, MethodInfo[]> | undefined;

function methodsOf(group: string): MethodInfo[] {
  if (!byGroup) {
    byGroup = new Map();
    for (const info of Object.values(METHODS as unknown as Record<string, MethodInfo>)) {
      let list = byGroup.get(info.group);
      if (!list) byGroup.set(info.group, (list = []));
      list.push(info);
    }
  }
  return byGroup.get(group) ?? [];
}

/** `group` is OK's name (`vk.notifications`), `property` the client's (`vkNotifications`). */
export function groupMethods(client: Client<SessionLike, readonly Permission[]>, group: string, property: string): unknown {
  const methods: Record<string, (params?: object, options?: CallOptions) => Promise<unknown>> = {};
  for (const info of methodsOf(group)) {
    methods[info.name.slice(group.length + 1)] = (params, options) => client.invoke(info.name, info, params, options);
  }
  // Later reads find a plain property instead of the prototype's getter.
  Object.defineProperty(client, property, { value: methods, enumerable: false, configurable: true });
  return methods;
}
