// The spec's type language (src/spec-type.ts, shared with the mock server), and the parameter kinds the run-time
// table gives each parameter.
import { isPrimitive, parseType } from '../src/spec-type.js';
import type { ParamKind } from '../src/method-info.js';

export { isPrimitive, parseType, PRIMITIVES, type ParsedType, type Primitive } from '../src/spec-type.js';

/**
 * The run-time kind of a parameter's values (src/method-info.ts): string (and enums), id, integer (and long), number,
 * boolean, json (and models, which are sent as JSON).
 */
export function paramKind(type: string, isEnum: (name: string) => boolean): ParamKind {
  const { base } = parseType(type);
  if (base === 'json' || (!isPrimitive(base) && !isEnum(base))) return 'json';
  if (base === 'id') return 'id';
  if (base === 'integer' || base === 'long') return 'integer';
  if (base === 'number') return 'number';
  if (base === 'boolean') return 'boolean';
  return 'string';
}
