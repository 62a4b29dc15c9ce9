// The hover text of a method: summary, session rule, permissions, parameters, result and the apiok.ru link.
import type { MethodSpec, ParamSpec, SessionRule } from '../spec-model.js';
import { docText } from './naming.js';

const SESSION_TEXT: Record<SessionRule, string> = {
  required: 'required: needs a user session (access token).',
  optional:
    'optional: with a user session, or without one (signed with the application secret key; pass `uid` where the method takes it).',
  prohibited: 'prohibited: only without a user session, from the app server (signed with the application secret key).',
  unknown: 'unknown: no source states the rule.',
};

export function sessionText(rule: SessionRule): string {
  return SESSION_TEXT[rule];
}

export function permissionsText(method: MethodSpec): string {
  if (method.permissionsUnknown) return 'unknown (no source lists them)';
  const base = method.permissions.length ? method.permissions.join(', ') : 'none';
  const byParam = method.params.flatMap((p) => [
    ...(p.permissions ? [`${p.permissions.join(', ')} when \`${p.name}\` is given`] : []),
    ...Object.entries(p.permissionsByValue ?? {}).map(([value, perms]) => `${perms.join(', ')} when \`${p.name}\` is ${value}`),
  ]);
  return byParam.length ? `${base}; also ${byParam.join('; ')}` : base;
}

export function paramLine(p: ParamSpec): string {
  const facts = [p.type + (p.max ? `, at most ${p.max}` : ''), p.required ? 'required' : undefined, p.inferred ? 'type inferred' : undefined]
    .filter(Boolean)
    .join(', ');
  return `- \`${p.name}\` (${facts})${p.description ? `: ${p.description}` : ''}${p.deprecated ? ` Deprecated: ${p.deprecated}` : ''}`;
}

export function methodDoc(method: MethodSpec): string {
  const lines = [method.summary];
  if (method.description) lines.push('', method.description);
  lines.push('', `Session: ${sessionText(method.session)}`, '', `Permissions: ${permissionsText(method)}`);
  if (method.params.length) lines.push('', 'Parameters:', ...method.params.map(paramLine));
  lines.push('', `Result: ${method.result.type}${method.result.description ? `: ${method.result.description}` : ''}`);
  if (method.deprecated) lines.push('', `@deprecated ${method.deprecated}`);
  lines.push('', `@see {@link ${method.docs} | ${method.name} on apiok.ru}`);
  return docText(lines.join('\n'));
}

export function paramDoc(p: ParamSpec): string {
  const text = [p.description ?? '', p.max ? `At most ${p.max} items.` : '', p.inferred ? '(Type inferred from the meaning; no source states it.)' : '']
    .filter(Boolean)
    .join(' ');
  return docText((text || p.name) + (p.deprecated ? `\n\n@deprecated ${p.deprecated}` : ''));
}
