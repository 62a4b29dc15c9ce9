// Parameter checks as OK makes them, on the strings that arrived: required ones present, ids and numbers numeric,
// booleans true/false, enum values known, JSON parameters parsed and shaped like their model, lists within limits.
import type { MethodInfo, ParamInfo } from '../method-info.js';
import { okError, type OkErrorBody } from './errors.js';
import { enumShape, modelShape, parseType } from './spec-data.js';

const INTEGER = /^-?\d+$/;

/** A list parameter's items (`a,b,c`), the empty ones dropped; none when it is absent. */
export const list = (text: string | undefined): string[] => (text ? text.split(',').filter(Boolean) : []);

/** Why a JSON value does not fit a spec type, or undefined. */
function jsonMismatch(value: unknown, type: string, path: string): string | undefined {
  const { base, list } = parseType(type);
  if (list) {
    if (!Array.isArray(value)) return `${path} must be a list`;
    for (let i = 0; i < value.length; i++) {
      const problem = jsonMismatch(value[i], base, `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  const model = modelShape(base);
  if (model?.oneOf) {
    const variants = model.oneOf.map((v) => jsonMismatch(value, v, path));
    return variants.some((p) => p === undefined) ? undefined : `${path} matches none of ${model.oneOf.join(', ')}`;
  }
  if (model?.properties) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
    const object = value as Record<string, unknown>;
    for (const [name, p] of Object.entries(model.properties)) {
      const v = object[name];
      if (v === undefined || v === null) {
        if (p.required) return `${path}.${name} is missing`;
        continue;
      }
      if (p.const !== undefined && v !== p.const) return `${path}.${name} must be ${p.const}`;
      const problem = jsonMismatch(v, p.type, `${path}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  }
  switch (base) {
    case 'string':
    case 'id':
      return typeof value === 'string' || typeof value === 'number' ? undefined : `${path} must be a string`;
    case 'integer':
    case 'long':
      return Number.isInteger(value) || (typeof value === 'string' && INTEGER.test(value))
        ? undefined
        : `${path} must be an integer`;
    case 'number':
      return typeof value === 'number' ? undefined : `${path} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path} must be a boolean`;
    default:
      return undefined;
  }
}

/** Why one wire value does not fit a parameter of this kind (and enum), or undefined. */
function scalarMismatch(text: string, info: ParamInfo): string | undefined {
  if (info.enum) {
    const e = enumShape(info.enum);
    if (!e) return undefined;
    const known = e.anyCase ? e.values.some((v) => v.toLowerCase() === text.toLowerCase()) : e.values.includes(text);
    return known ? undefined : `must be one of ${e.values.slice(0, 8).join(', ')}${e.values.length > 8 ? ', ...' : ''}`;
  }
  switch (info.kind) {
    case 'id':
    case 'integer':
      return INTEGER.test(text) ? undefined : 'must be an integer';
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : 'must be a number';
    case 'boolean':
      return text === 'true' || text === 'false' ? undefined : 'must be true or false';
    default:
      return undefined;
  }
}

/** Why a value breaks the row's limits (items of a list, length of a string, value of a number), or undefined. */
function outOfLimits(name: string, text: string, items: readonly string[], info: ParamInfo): string | undefined {
  const { min, max } = info;
  if (min === undefined && max === undefined) return undefined;
  if (info.list) {
    if (max !== undefined && items.length > max)
      return `Parameter ${name} holds ${items.length} items, at most ${max} allowed`;
    if (min !== undefined && items.length < min)
      return `Parameter ${name} holds ${items.length} items, at least ${min} required`;
  } else if (info.kind === 'string' && !info.enum) {
    if (max !== undefined && text.length > max) return `Parameter ${name} is longer than ${max} characters`;
    if (min !== undefined && text.length < min) return `Parameter ${name} is shorter than ${min} characters`;
  } else if (info.kind === 'integer' || info.kind === 'number') {
    const n = Number(text);
    if (max !== undefined && n > max) return `Parameter ${name} is above ${max}`;
    if (min !== undefined && n < min) return `Parameter ${name} is below ${min}`;
  }
  return undefined;
}

export function checkParams(method: string, row: MethodInfo, params: Record<string, string>): OkErrorBody | undefined {
  for (const [name, info] of Object.entries(row.params)) {
    const text = params[name];
    if (text === undefined || text === '') {
      if (info.required) return okError(100, `Missing required parameter ${name}`, name);
      continue;
    }
    if (info.kind === 'json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return okError(100, `Parameter ${name} is not valid JSON`, name);
      }
      const problem = info.model ? jsonMismatch(value, info.model, name) : undefined;
      if (problem) return okError(100, `Invalid parameter ${name}: ${problem}`, name);
      continue;
    }
    const items = info.list ? text.split(',') : [text];
    const limit = outOfLimits(name, text, items, info);
    if (limit) return okError(100, limit, name);
    for (const item of items) {
      const problem = scalarMismatch(item, info);
      if (problem) return okError(100, `Invalid parameter ${name}: ${problem}`, name);
    }
  }
  void method;
  return undefined;
}
