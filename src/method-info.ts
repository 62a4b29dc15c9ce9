// Run-time facts about a method, decoded from the compact descriptors the generator writes
// (format: codegen/emit/compact.ts). Used for input checks, serialization and session-rule checks.
import { PERMISSIONS, type Permission } from '../generated/permissions.js';
import type { SessionRule } from './types.js';

/** s string (and enum), d id, i integer or long, n number, b boolean, j JSON. */
export type ParamKind = 's' | 'd' | 'i' | 'n' | 'b' | 'j';

export interface ParamInfo {
  readonly kind: ParamKind;
  /** A list, sent comma-joined. */
  readonly list: boolean;
  readonly required: boolean;
  /** Limits from the spec: the items of a list, the length of a string, or the value of a number. */
  readonly min?: number;
  readonly max?: number;
}

/**
 * A permission a call needs when a parameter is given (`value` undefined) or has a value; with `field`, when the field
 * list `param` names the result field `value` (OK then returns the field only with the permission).
 */
export interface ParamPermission {
  readonly param: string;
  readonly value?: string;
  readonly field?: true;
  readonly permissions: readonly Permission[];
}

export interface MethodInfo<
  Name extends string = string,
  Session extends SessionRule = SessionRule,
  Permissions extends readonly Permission[] = readonly Permission[],
  Idempotent extends boolean = boolean,
> {
  readonly name: Name;
  readonly group: string;
  readonly session: Session;
  readonly permissions: Permissions;
  /** Repeating the call has no further effect, so it is safe to retry. */
  readonly idempotent: Idempotent;
  /** The method's page on apiok.ru. */
  readonly docs: string;
  readonly params: Readonly<Record<string, ParamInfo>>;
  /** Sent without a signature and without session parameters (sdk.init). */
  readonly unsigned?: boolean;
  /** Permissions that depend on parameters (mediatopic.post's `type`, ...), when there are any. */
  readonly paramPermissions?: readonly ParamPermission[];
}

const SESSION_RULES: Record<string, SessionRule> = { r: 'required', o: 'optional', p: 'prohibited', u: 'unknown' };

export function decodeMethodInfo(name: string, compact: string): MethodInfo {
  const [flags = '', perms = '', paramList = '', rules] = compact.split('|');
  const params: Record<string, ParamInfo> = {};
  if (paramList) {
    for (const entry of paramList.split(',')) {
      const colon = entry.indexOf(':');
      const code = entry[colon + 1]!;
      const brace = entry.indexOf('{', colon);
      const param: { -readonly [K in keyof ParamInfo]: ParamInfo[K] } = {
        kind: code.toLowerCase() as ParamKind,
        list: code !== code.toLowerCase(),
        required: entry[colon + 2] === '!',
      };
      if (brace > 0) {
        const [min, max] = entry.slice(brace + 1, -1).split('~');
        if (min) param.min = Number(min);
        if (max) param.max = Number(max);
      }
      params[entry.slice(0, colon)] = param;
    }
  }
  const group = name.slice(0, name.lastIndexOf('.'));
  const letters = (text: string) => [...text].map((c) => PERMISSIONS[c.charCodeAt(0) - 65]!);
  const paramPermissions = rules?.split(',').map((rule): ParamPermission => {
    const [target = '', grant = ''] = rule.split('>');
    const at = target.indexOf('@');
    if (at > 0) return { param: target.slice(0, at), value: target.slice(at + 1), field: true, permissions: letters(grant) };
    const [param = '', value = '*'] = target.split('=');
    return value === '*' ? { param, permissions: letters(grant) } : { param, value, permissions: letters(grant) };
  });
  return {
    name,
    group,
    session: SESSION_RULES[flags[0]!] ?? 'unknown',
    permissions: letters(perms),
    idempotent: flags[1] === 'i',
    ...(flags[2] === 'u' ? { unsigned: true } : {}),
    docs: `https://apiok.ru/dev/methods/rest/${group}/${name}`,
    params,
    ...(paramPermissions ? { paramPermissions } : {}),
  };
}

/**
 * The METHODS table: per group, `<method> <descriptor>` entries joined by `;`. Entries are decoded when first read,
 * not at import: importing okru stays cheap (bench/import-time.ts).
 */
export function decodeMethods(groups: Record<string, string>): Record<string, MethodInfo> {
  const compact = new Map<string, string>();
  for (const group in groups) {
    for (const entry of groups[group]!.split(';')) {
      const space = entry.indexOf(' ');
      compact.set(`${group}.${entry.slice(0, space)}`, entry.slice(space + 1));
    }
  }
  const decoded = new Map<string, MethodInfo>();
  const read = (name: string): MethodInfo | undefined => {
    let info = decoded.get(name);
    if (!info) {
      const descriptor = compact.get(name);
      if (descriptor === undefined) return undefined;
      decoded.set(name, (info = decodeMethodInfo(name, descriptor)));
    }
    return info;
  };
  return new Proxy({} as Record<string, MethodInfo>, {
    get: (_, key) => (typeof key === 'string' ? read(key) : undefined),
    has: (_, key) => typeof key === 'string' && compact.has(key),
    ownKeys: () => [...compact.keys()],
    getOwnPropertyDescriptor: (_, key) =>
      typeof key === 'string' && compact.has(key) ? { value: read(key), enumerable: true, configurable: true, writable: false } : undefined,
    set: () => false,
    deleteProperty: () => false,
  });
}
