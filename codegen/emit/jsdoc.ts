// The hover text of a method: summary, session rule, permissions, parameters, result and the apiok.ru link.
import type { MethodSpec, ParamSpec, SessionRule } from '../spec-model.js';
import { docText } from './naming.js';

const SESSION_TEXT: Record<SessionRule, string> = {
  required: 'required (a user session).',
  optional: 'optional (a user session, or the app alone: then pass `uid` where the method takes it).',
  prohibited: 'prohibited (the app alone, from its server).',
  unknown: 'unknown (no source states it).',
};

export function sessionText(rule: SessionRule, unsigned = false): string {
  return unsigned
    ? `${rule}; sent unsigned and without a session, as OK wants it, from any client.`
    : SESSION_TEXT[rule];
}

/** The session rule the compile-time gate checks: none for an unsigned method, which carries no session at all. */
export function gateRule(method: MethodSpec): SessionRule {
  return method.unsigned ? 'unknown' : method.session;
}

export function permissionsText(
  method: MethodSpec,
  fieldPermissions: readonly (readonly [string, readonly string[]])[] = [],
): string {
  if (method.permissionsUnknown) return 'unknown (no source lists them)';
  const base = method.permissions.length ? method.permissions.join(', ') : 'none';
  const byParam = method.params.flatMap((p) => [
    ...(p.permissions ? [`${p.permissions.join(', ')} when \`${p.name}\` is given`] : []),
    ...Object.entries(p.permissionsByValue ?? {}).map(
      ([value, perms]) => `${perms.join(', ')} when \`${p.name}\` is ${value}`,
    ),
    ...(p.name === method.result.selectedBy
      ? fieldPermissions.map(([field, perms]) => `${perms.join(', ')} to get the field \`${field}\``)
      : []),
  ]);
  return byParam.length ? `${base}; also ${byParam.join('; ')}` : base;
}

/** The limits of a parameter as the docs say them: `at most 100`, `1 to 1000 characters`, `from 0 to 4294967295`. */
function limitsText(p: ParamSpec): string | undefined {
  const range = (min: number | undefined, max: number | undefined, unit: string) =>
    min !== undefined && max !== undefined
      ? `${min} to ${max}${unit}`
      : max !== undefined
        ? `at most ${max}${unit}`
        : min !== undefined
          ? `at least ${min}${unit}`
          : undefined;
  return range(p.min, p.max, '') ?? range(p.minLength, p.maxLength, ' characters') ?? range(p.minimum, p.maximum, '');
}

export function methodDoc(
  method: MethodSpec,
  fieldPermissions: readonly (readonly [string, readonly string[]])[] = [],
): string {
  const lines = [method.summary];
  if (method.description) lines.push('', method.description);
  lines.push(
    '',
    `Session: ${sessionText(method.session, method.unsigned)}`,
    '',
    `Permissions: ${permissionsText(method, fieldPermissions)}`,
  );
  // Each parameter's own docs are on the params interface (shown while writing the call): named here, not repeated.
  if (method.params.length)
    lines.push(
      '',
      `Parameters: ${method.params.map((p) => `\`${p.name}\`${p.required ? ' (required)' : ''}`).join(', ')}.`,
    );
  lines.push('', `Result: ${method.result.type}${method.result.description ? `: ${method.result.description}` : ''}`);
  if (method.deprecated) lines.push('', `@deprecated ${method.deprecated}`);
  lines.push('', `@see {@link ${method.docs} | ${method.name} on apiok.ru}`);
  return docText(lines.join('\n'));
}

export function paramDoc(p: ParamSpec): string {
  const limits = limitsText(p);
  const unit = p.max !== undefined || p.min !== undefined ? ' items' : '';
  const text = [
    p.description ?? '',
    limits ? `${limits[0]!.toUpperCase()}${limits.slice(1)}${unit}.` : '',
    p.inferred ? '(Type inferred from the meaning; no source states it.)' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return docText((text || p.name) + (p.deprecated ? `\n\n@deprecated ${p.deprecated}` : ''));
}
