// Checks a call's parameters against the spec before anything is sent, and names the method and parameter at fault.
// Values are never quoted in messages: a parameter may hold a secret.
import { OkParamError } from './errors.js';
import type { MethodInfo, ParamInfo, ParamKind } from './method-info.js';

/** Parameters the SDK sets on every call; a caller may not pass them. */
const RESERVED = new Set(['application_key', 'method', 'format', 'sig', 'access_token', 'session_key']);

const KIND_TEXT: Record<ParamKind, string> = {
  s: 'a string',
  d: 'an id (a string, a safe integer or a bigint)',
  i: 'an integer (a safe integer or a bigint)',
  n: 'a finite number',
  b: 'a boolean',
  j: 'a JSON value (an object, an array, or a string already JSON-encoded)',
};

const LIST_TEXT: Record<ParamKind, string> = {
  s: 'strings',
  d: 'ids (strings, safe integers or bigints)',
  i: 'integers (safe integers or bigints)',
  n: 'finite numbers',
  b: 'booleans',
  j: 'JSON values',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function fitsKind(value: unknown, kind: ParamKind): boolean {
  switch (kind) {
    case 's':
      return typeof value === 'string';
    case 'd':
      return typeof value === 'string' || typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
    case 'i':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
    case 'n':
      return typeof value === 'number' && Number.isFinite(value);
    case 'b':
      return typeof value === 'boolean';
    case 'j':
      return value !== null && (typeof value === 'object' || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean');
  }
}

/** Why a value does not fit a parameter, or undefined when it does. */
function mismatch(value: unknown, info: ParamInfo): string | undefined {
  if (info.list && info.kind !== 'j') {
    // A string is taken as a list already comma-joined.
    if (typeof value === 'string') return undefined;
    if (!Array.isArray(value)) return `must be a list of ${LIST_TEXT[info.kind]}, got ${typeOf(value)}`;
    const bad = value.findIndex((item) => !fitsKind(item, info.kind));
    return bad < 0 ? undefined : `must be a list of ${LIST_TEXT[info.kind]}; item ${bad} is ${typeOf(value[bad])}`;
  }
  return fitsKind(value, info.kind) ? undefined : `must be ${KIND_TEXT[info.kind]}, got ${typeOf(value)}`;
}

/** Values of parameters the spec does not know are still sent; they must at least be serializable. */
function unserializable(value: unknown): boolean {
  const t = typeof value;
  return t === 'function' || t === 'symbol' || (t === 'number' && !Number.isFinite(value as number));
}

export function validateParams(method: string, params: unknown, info: MethodInfo | undefined): void {
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new OkParamError(method, '(params)', `must be an object of parameters, got ${typeOf(params)}`);
  }
  const given = (params ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (RESERVED.has(key)) throw new OkParamError(method, key, 'is set by okru itself and cannot be passed');
    const value = given[key];
    if (value === undefined || value === null) continue;
    const spec = info?.params[key];
    if (!spec) {
      if (unserializable(value)) throw new OkParamError(method, key, `cannot be sent: got ${typeOf(value)}`);
      continue;
    }
    const problem = mismatch(value, spec);
    if (problem) throw new OkParamError(method, key, problem);
  }
  if (!info) return;
  for (const key in info.params) {
    if (!info.params[key]!.required) continue;
    const value = given[key];
    if (value === undefined || value === null) throw new OkParamError(method, key, 'is required');
    if (Array.isArray(value) && value.length === 0) throw new OkParamError(method, key, 'is required and must not be an empty list');
  }
}
