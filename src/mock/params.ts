// Parameter checks as OK makes them, on the strings that arrived: required ones present, ids and numbers numeric,
// booleans true/false, enum values known, JSON parameters parsed and shaped like their model, lists within limits.
import { okError, type OkErrorBody } from './errors.js';
import { SPEC, typeParts, type SpecMethod } from './spec-data.js';

const INTEGER = /^-?\d+$/;

/** Why a JSON value does not fit a spec type, or undefined. */
function jsonMismatch(value: unknown, type: string, path: string): string | undefined {
  const { base, list } = typeParts(type);
  if (list) {
    if (!Array.isArray(value)) return `${path} must be a list`;
    for (let i = 0; i < value.length; i++) {
      const problem = jsonMismatch(value[i], base, `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  const model = SPEC.models[base];
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
      return Number.isInteger(value) || (typeof value === 'string' && INTEGER.test(value)) ? undefined : `${path} must be an integer`;
    case 'number':
      return typeof value === 'number' ? undefined : `${path} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path} must be a boolean`;
    default:
      return undefined;
  }
}

/** Why one wire value does not fit a scalar spec type, or undefined. */
function scalarMismatch(text: string, base: string): string | undefined {
  switch (base) {
    case 'id':
    case 'integer':
    case 'long':
      return INTEGER.test(text) ? undefined : 'must be an integer';
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : 'must be a number';
    case 'boolean':
      return text === 'true' || text === 'false' ? undefined : 'must be true or false';
    case 'string':
      return undefined;
    default: {
      const e = SPEC.enums[base];
      if (!e) return undefined;
      const known = e.anyCase ? e.values.some((v) => v.toLowerCase() === text.toLowerCase()) : e.values.includes(text);
      return known ? undefined : `must be one of ${e.values.slice(0, 8).join(', ')}${e.values.length > 8 ? ', ...' : ''}`;
    }
  }
}

export function checkParams(method: string, spec: SpecMethod, params: Record<string, string>): OkErrorBody | undefined {
  for (const [name, p] of Object.entries(spec.params)) {
    const text = params[name];
    if (text === undefined || text === '') {
      if (p.required) return okError(100, `Missing required parameter ${name}`, name);
      continue;
    }
    const { base, list } = typeParts(p.type);
    if (base === 'json' || SPEC.models[base]) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return okError(100, `Parameter ${name} is not valid JSON`, name);
      }
      const problem = base === 'json' ? undefined : jsonMismatch(value, p.type, name);
      if (problem) return okError(100, `Invalid parameter ${name}: ${problem}`, name);
      continue;
    }
    const items = list ? text.split(',') : [text];
    if (p.max !== undefined && items.length > p.max) return okError(100, `Parameter ${name} holds ${items.length} items, at most ${p.max} allowed`, name);
    for (const item of items) {
      const problem = scalarMismatch(item, base);
      if (problem) return okError(100, `Invalid parameter ${name}: ${problem}`, name);
    }
  }
  void method;
  return undefined;
}
