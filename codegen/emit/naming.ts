// Names of generated declarations, derived from spec names.

export function pascal(name: string): string {
  return name
    .split(/[._]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `users.getInfo` → `UsersGetInfo`: the stem of the method's params and result type names. */
export function methodTypeStem(fullName: string): string {
  return pascal(fullName);
}

/** `users.getInfo` → `usersGetInfo`: the tree-shakeable function of one method. */
export function methodFunctionName(fullName: string): string {
  const stem = pascal(fullName);
  return stem[0]!.toLowerCase() + stem.slice(1);
}

/** `users` → `UsersMethods`: the interface of a method group. */
export function groupInterfaceName(group: string): string {
  return `${pascal(group)}Methods`;
}

/** A property name, quoted when it is not a plain identifier. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Text safe inside a JSDoc block. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

/** `users` → `users`, `vk.notifications` → `vkNotifications`: the property of a group on API. */
export function groupPropertyName(group: string): string {
  const stem = pascal(group);
  return stem[0]!.toLowerCase() + stem.slice(1);
}
