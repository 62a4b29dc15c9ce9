// The compact run-time descriptor of a method, decoded by src/method-info.ts. One short string per method keeps the
// full client small: `<session><idempotent>|<permissions>|<params>`, for example `oi|A|uids:D!,fields:S!,emptyPictures:b`.
// The METHODS table joins a group's descriptors into one string: `<method> <descriptor>;<method> <descriptor>...`.
//   session: r required, o optional, p prohibited, u unknown; idempotent: i yes, - no
//   permissions: one letter per permission, the index in PERMISSIONS (A = the first)
//   params: name:kind, kind as in codegen/type-language.ts paramKind, `!` when required
//   then, only for methods whose permissions depend on parameters, `|param=value>letters,...` (`*`: any value)
import type { GroupSpec, MethodSpec, Spec } from '../spec-model.js';
import { paramKind } from '../type-language.js';

const SESSION_CODE = { required: 'r', optional: 'o', prohibited: 'p', unknown: 'u' } as const;

export function compactDescriptor(method: MethodSpec, spec: Spec): string {
  const permissionIndex = new Map(spec.permissions.map((p, i) => [p.name, i]));
  const enumNames = new Set(spec.enums.map((e) => e.name));
  if (spec.permissions.length > 26) throw new Error('compact descriptors encode at most 26 permissions');
  const perms = method.permissions.map((p) => String.fromCharCode(65 + permissionIndex.get(p)!)).join('');
  const params = method.params
    .map((p) => `${p.name}:${paramKind(p.type, (n) => enumNames.has(n))}${p.required ? '!' : ''}`)
    .join(',');
  const letters = (names: string[]) => names.map((p) => String.fromCharCode(65 + permissionIndex.get(p)!)).join('');
  const rules = method.params.flatMap((p) => [
    ...(p.permissions ? [`${p.name}=*>${letters(p.permissions)}`] : []),
    ...Object.entries(p.permissionsByValue ?? {}).map(([value, perms]) => `${p.name}=${value}>${letters(perms)}`),
  ]);
  return `${SESSION_CODE[method.session]}${method.idempotent ? 'i' : '-'}|${perms}|${params}${rules.length ? `|${rules.join(',')}` : ''}`;
}

export function compactGroup(group: GroupSpec, spec: Spec): string {
  return group.methods.map((m) => `${m.method} ${compactDescriptor(m, spec)}`).join(';');
}
