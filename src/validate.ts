// Checks a call's parameters against the spec before anything is sent, and names the method and parameter at fault.
// Values are never quoted in messages: a parameter may hold a secret. Everything okru could not send exactly as given
// is refused here, instead of being changed or dropped on the way: lone UTF-16 surrogates (they have no UTF-8 form),
// non-finite numbers, functions, symbols, Maps, Sets, Dates, circular values and objects that are not plain.
import { OkParamError } from './errors.js';
import type { MethodInfo, ParamInfo, ParamKind } from './method-info.js';

/** Parameters the SDK sets on every call; a caller may not pass them. */
const RESERVED = new Set(['application_key', 'method', 'format', 'sig', 'access_token', 'session_key']);

const KIND_TEXT: Record<ParamKind, string> = {
  string: 'a string',
  id: 'an id (a string, a safe integer or a bigint)',
  integer: 'an integer (a safe integer or a bigint)',
  number: 'a finite number',
  boolean: 'a boolean',
  json: 'a JSON value (an object, an array, or a string already JSON-encoded)',
};

const LIST_TEXT: Record<ParamKind, string> = {
  string: 'strings',
  id: 'ids (strings, safe integers or bigints)',
  integer: 'integers (safe integers or bigints)',
  number: 'finite numbers',
  boolean: 'booleans',
  json: 'JSON values',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'object';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function fitsKind(value: unknown, kind: ParamKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'id':
      return (
        typeof value === 'string' ||
        typeof value === 'bigint' ||
        (typeof value === 'number' && Number.isSafeInteger(value))
      );
    case 'integer':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'json':
      return (
        value !== null &&
        (typeof value === 'object' ||
          typeof value === 'string' ||
          typeof value === 'number' ||
          typeof value === 'boolean')
      );
  }
}

/** Why a value does not fit a parameter's type, or undefined when it does. */
function mismatch(value: unknown, info: ParamInfo): string | undefined {
  if (info.list) {
    // A string is taken as a list already comma-joined.
    if (typeof value === 'string') return undefined;
    if (!Array.isArray(value)) return `must be a list of ${LIST_TEXT[info.kind]}, got ${typeOf(value)}`;
    const bad = value.findIndex((item) => !fitsKind(item, info.kind));
    return bad < 0 ? undefined : `must be a list of ${LIST_TEXT[info.kind]}; item ${bad} is ${typeOf(value[bad])}`;
  }
  return fitsKind(value, info.kind) ? undefined : `must be ${KIND_TEXT[info.kind]}, got ${typeOf(value)}`;
}

/**
 * Why a value breaks the spec's limits (items of a list, length of a string, range of a number), or undefined.
 * `splitLists`: a list longer than its max is let through, since middleware will split it (coalesce()).
 */
function outOfLimits(value: unknown, info: ParamInfo, splitLists = false): string | undefined {
  const { min } = info;
  const max = splitLists && info.list ? undefined : info.max;
  if (min === undefined && max === undefined) return undefined;
  if (info.list) {
    const count = Array.isArray(value)
      ? value.length
      : typeof value === 'string'
        ? value === ''
          ? 0
          : value.split(',').length
        : 0;
    if (max !== undefined && count > max) return `holds ${count} items, more than the ${max} OK allows in one call`;
    if (min !== undefined && count < min) return `holds ${count} items, fewer than the ${min} OK requires`;
    return undefined;
  }
  if (typeof value === 'string' && info.kind === 'string') {
    if (max !== undefined && value.length > max)
      return `is ${value.length} characters long, longer than the ${max} OK allows`;
    if (min !== undefined && value.length < min)
      return `is ${value.length} characters long, shorter than the ${min} OK requires`;
    return undefined;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (max !== undefined && n > max) return `is above the largest value OK allows (${max})`;
    if (min !== undefined && n < min) return `is below the smallest value OK allows (${min})`;
  }
  return undefined;
}

/**
 * Why a value cannot be sent exactly as given, with where inside it (`[2].title`), or undefined. Walks lists and JSON
 * objects; `stack` holds the objects being walked, to find cycles.
 */
function unsendable(value: unknown, path: string, stack: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? undefined : `holds a lone UTF-16 surrogate${at(path)}, which has no UTF-8 form`;
    case 'number':
      return Number.isFinite(value) ? undefined : `holds ${value}${at(path)}, which OK cannot read`;
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      return `holds a ${typeof value}${at(path)}, which cannot be sent`;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (stack.includes(object)) return `is circular${at(path)}: it contains itself`;
  if (object instanceof Date)
    return `holds a Date${at(path)}: OK's methods differ in date formats, so pass the string or number the method's docs describe`;
  const isArray = Array.isArray(object);
  if (!isArray && !isPlainObject(object))
    return `holds ${typeOf(object)}${at(path)}; only plain objects, arrays and scalars can be sent`;
  stack.push(object);
  try {
    if (isArray) {
      for (let i = 0; i < object.length; i++) {
        const problem = unsendable(object[i], `${path}[${i}]`, stack);
        if (problem) return problem;
      }
    } else {
      for (const key of Object.keys(object)) {
        if (!key.isWellFormed()) return `has a key with a lone UTF-16 surrogate${at(path)}`;
        const problem = unsendable((object as Record<string, unknown>)[key], `${path}.${key}`, stack);
        if (problem) return problem;
      }
    }
  } finally {
    stack.pop();
  }
  return undefined;
}

const at = (path: string) => (path ? ` at ${path}` : '');

/**
 * Checks a call's parameters against the method's row, throwing OkParamError naming the first problem.
 * `splitBatches`: the client's middleware splits long id lists, so the batch parameter may hold more than its max.
 */
export function validateParams(
  method: string,
  params: unknown,
  info: MethodInfo | undefined,
  splitBatches = false,
): void {
  if (params !== undefined) {
    if (params === null || typeof params !== 'object' || Array.isArray(params) || !isPlainObject(params)) {
      throw new OkParamError(method, '(params)', `must be a plain object of parameters, got ${typeOf(params)}`);
    }
  }
  const given = (params ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!key.isWellFormed())
      throw new OkParamError(
        method,
        key.toWellFormed(),
        'has a lone UTF-16 surrogate in its name, which has no UTF-8 form',
      );
    if (RESERVED.has(key)) throw new OkParamError(method, key, 'is set by okru itself and cannot be passed');
    // A key that would set an object's prototype is never a parameter; sending it would be dropped on the way.
    if (key === '__proto__') throw new OkParamError(method, key, 'is not a parameter name okru can send');
    const value = given[key];
    if (value === undefined || value === null) continue;
    const spec = info?.params[key];
    const problem =
      (spec && mismatch(value, spec)) ??
      unsendable(value, '', []) ??
      (spec && outOfLimits(value, spec, splitBatches && info?.batch?.param === key));
    if (problem) throw new OkParamError(method, key, problem);
  }
  if (!info) return;
  for (const key in info.params) {
    if (!info.params[key]!.required) continue;
    const value = given[key];
    if (value === undefined || value === null) throw new OkParamError(method, key, 'is required');
    if (Array.isArray(value) && value.length === 0)
      throw new OkParamError(method, key, 'is required and must not be an empty list');
  }
}
