// The compact run-time descriptor of a method, decoded by src/method-info.ts. One short string per method keeps the
// full client small: `<session><idempotent>[u]|<permissions>|<params>`, for example `oi|A|uids:D!{~100},fields:S!`.
// The METHODS table joins a group's descriptors into one string: `<method> <descriptor>;<method> <descriptor>...`.
//   session: r required, o optional, p prohibited, u unknown; idempotent: i yes, - no; then `u` for an unsigned method
//   permissions: one letter per permission, the index in PERMISSIONS (A = the first)
//   params: name:kind, kind as in codegen/type-language.ts paramKind, `!` when required, then `{min~max}` when the
//     spec sets limits (items of a list, length of a string, value of a number; either side may be empty)
//   then, only for methods whose permissions depend on parameters, `|param=value>letters,...` (`*`: any value); a
//     result field that needs a permission is `|fields@email>letters` (the field list names it)
import type { GroupSpec, MethodSpec, ParamSpec, Spec } from '../spec-model.js';
import { paramKind, parseType } from '../type-language.js';

const SESSION_CODE = { required: 'r', optional: 'o', prohibited: 'p', unknown: 'u' } as const;

export function compactDescriptor(method: MethodSpec, spec: Spec): string {
  const permissionIndex = new Map(spec.permissions.map((p, i) => [p.name, i]));
  const enumNames = new Set(spec.enums.map((e) => e.name));
  if (spec.permissions.length > 26) throw new Error('compact descriptors encode at most 26 permissions');
  const perms = method.permissions.map((p) => String.fromCharCode(65 + permissionIndex.get(p)!)).join('');
  const params = method.params
    .map((p) => `${p.name}:${paramKind(p.type, (n) => enumNames.has(n))}${p.required ? '!' : ''}${limits(p)}`)
    .join(',');
  const letters = (names: string[]) => names.map((p) => String.fromCharCode(65 + permissionIndex.get(p)!)).join('');
  // Fields of the result that need a permission become rules on the field list: `fields=email>G` holds when the list
  // names email (src/permissions.ts matches list items).
  const selected = method.result.selectedBy ? spec.models.find((m) => m.name === parseType(method.result.type).base) : undefined;
  const fieldRules = (selected?.properties ?? [])
    .filter((p) => p.permissions?.length)
    .map((p) => `${method.result.selectedBy}@${p.name}>${letters(p.permissions!)}`);
  const rules = [
    ...method.params.flatMap((p) => [
      ...(p.permissions ? [`${p.name}=*>${letters(p.permissions)}`] : []),
      ...Object.entries(p.permissionsByValue ?? {}).map(([value, perms]) => `${p.name}=${value}>${letters(perms)}`),
    ]),
    ...fieldRules,
  ];
  return `${SESSION_CODE[method.session]}${method.idempotent ? 'i' : '-'}${method.unsigned ? 'u' : ''}|${perms}|${params}${rules.length ? `|${rules.join(',')}` : ''}`;
}

/** `{min~max}` from whichever limits the parameter has (they depend on its type, so at most one pair is set). */
function limits(p: ParamSpec): string {
  const min = p.min ?? p.minLength ?? p.minimum;
  const max = p.max ?? p.maxLength ?? p.maximum;
  return min === undefined && max === undefined ? '' : `{${min ?? ''}~${max ?? ''}}`;
}

export function compactGroup(group: GroupSpec, spec: Spec): string {
  return group.methods.map((m) => `${m.method} ${compactDescriptor(m, spec)}`).join(';');
}
