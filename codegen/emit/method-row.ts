// The run-time row of a method in the METHODS table: a readable object literal (src/method-info.ts's MethodInfo), e.g.
//   { name: 'users.getInfo', session: 'optional', permissions: ['VALUABLE_ACCESS'], idempotent: true,
//     params: { uids: { kind: 'id', list: true, required: true, max: 100 }, ... } }
// Each row is its own exported constant, so that a bundle using one method's function carries that row alone.
import type { CodeBlockWriter } from 'ts-morph';
import type { MethodSpec, ParamSpec, Spec } from '../spec-model.js';
import { paramKind, parseType } from '../type-language.js';
import { propertyName } from './naming.js';

/** `users.getInfo` → `USERS_GET_INFO`: the row's constant. */
export function rowName(fullName: string): string {
  return fullName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase();
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (items: readonly string[]) => `[${items.map(quote).join(', ')}]`;

function paramRow(p: ParamSpec, spec: Spec): string {
  const { base, list: isList } = parseType(p.type);
  const isEnum = (name: string) => spec.enums.some((e) => e.name === name);
  const kind = paramKind(p.type, isEnum);
  const fields = [`kind: '${kind}'`];
  // A JSON parameter holding a list is one JSON value: `list` marks comma-joined lists only.
  if (isList && kind !== 'json') fields.push('list: true');
  if (p.required) fields.push('required: true');
  const min = p.min ?? p.minLength ?? p.minimum;
  const max = p.max ?? p.maxLength ?? p.maximum;
  if (min !== undefined) fields.push(`min: ${min}`);
  if (max !== undefined) fields.push(`max: ${max}`);
  if (isEnum(base)) fields.push(`enum: '${base}'`);
  // The model's name as the spec types it, `[]` included: a JSON list of objects is checked item by item (the mock).
  else if (kind === 'json' && base !== 'json') fields.push(`model: '${p.type}'`);
  return `{ ${fields.join(', ')} }`;
}

/** Permission rules: on a parameter given or with a value, and on result fields the field list names. */
function rules(method: MethodSpec, spec: Spec): string[] {
  const out: string[] = [];
  for (const p of method.params) {
    if (p.permissions) out.push(`{ param: '${p.name}', permissions: ${list(p.permissions)} }`);
    for (const [value, perms] of Object.entries(p.permissionsByValue ?? {}))
      out.push(`{ param: '${p.name}', value: ${quote(value)}, permissions: ${list(perms)} }`);
  }
  if (method.result.selectedBy) {
    const model = spec.models.find((m) => m.name === parseType(method.result.type).base);
    for (const prop of model?.properties ?? []) {
      if (prop.permissions?.length)
        out.push(
          `{ param: '${method.result.selectedBy}', value: '${prop.name}', field: true, permissions: ${list(prop.permissions)} }`,
        );
    }
  }
  return out;
}

/** How paginate() walks the method's pages: the parameters it sets and the result properties it reads. */
function pagingRow(method: MethodSpec): string {
  const p = method.paging!;
  const fields = [`style: '${p.style}'`];
  for (const key of ['cursor', 'direction', 'count', 'items', 'nextCursor', 'hasMore', 'total'] as const)
    if (p[key] !== undefined) fields.push(`${key}: ${quote(p[key])}`);
  return `{ ${fields.join(', ')} }`;
}

/** How coalesce() merges and splits the method's calls: the id list, its limit, where the items and their ids are. */
function batchRow(method: MethodSpec): string {
  const b = method.batch!;
  const max = method.params.find((p) => p.name === b.param)!.max!;
  const fields = [`param: ${quote(b.param)}`, `max: ${max}`];
  if (b.items !== undefined) fields.push(`items: ${quote(b.items)}`);
  fields.push(`key: ${quote(b.key)}`);
  return `{ ${fields.join(', ')} }`;
}

/** Writes the row's object literal, one fact a line, for reading. */
export function writeMethodRow(w: CodeBlockWriter, method: MethodSpec, spec: Spec): void {
  w.inlineBlock(() => {
    w.writeLine(`name: '${method.name}',`);
    w.writeLine(`session: '${method.session}',`);
    w.writeLine(`permissions: ${list(method.permissions)},`);
    w.writeLine(`idempotent: ${method.idempotent},`);
    if (method.unsigned) w.writeLine('unsigned: true,');
    if (method.result.emptyOnSuccess) w.writeLine('emptyOnSuccess: true,');
    if (!method.params.length) w.writeLine('params: {},');
    else {
      w.write('params: ').inlineBlock(() => {
        for (const p of method.params) w.writeLine(`${propertyName(p.name)}: ${paramRow(p, spec)},`);
      });
      w.write(',').newLine();
    }
    if (method.paging) w.writeLine(`paging: ${pagingRow(method)},`);
    if (method.batch) w.writeLine(`batch: ${batchRow(method)},`);
    const r = rules(method, spec);
    if (r.length) {
      w.writeLine('rules: [');
      w.indent(() => {
        for (const x of r) w.writeLine(`${x},`);
      });
      w.writeLine('],');
    }
  });
}
