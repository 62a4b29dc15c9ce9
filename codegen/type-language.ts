// The spec's small type language: primitives, enum and model names, and `T[]` lists.

export const PRIMITIVES = ['string', 'id', 'integer', 'long', 'number', 'boolean', 'json', 'unknown'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

export interface ParsedType {
  base: string;
  list: boolean;
}

export function parseType(type: string): ParsedType {
  return type.endsWith('[]') ? { base: type.slice(0, -2), list: true } : { base: type, list: false };
}

export function isPrimitive(name: string): name is Primitive {
  return (PRIMITIVES as readonly string[]).includes(name);
}

/**
 * One-letter kind of a parameter for run-time checks and serialization (src/method-info.ts reads these):
 * s string (and enums), d id, i integer or long, n number, b boolean, j JSON. Upper case marks a list.
 */
export function paramKind(type: string, isEnum: (name: string) => boolean): string {
  const { base, list } = parseType(type);
  let kind: string;
  if (base === 'json' || (!isPrimitive(base) && !isEnum(base))) kind = 'j'; // models are sent as JSON
  else if (base === 'id') kind = 'd';
  else if (base === 'integer' || base === 'long') kind = 'i';
  else if (base === 'number') kind = 'n';
  else if (base === 'boolean') kind = 'b';
  else kind = 's';
  // A list of JSON values is itself one JSON value.
  if (kind === 'j') return 'j';
  return list ? kind.toUpperCase() : kind;
}
