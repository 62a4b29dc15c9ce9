// The spec's small type language, shared by the code generator (codegen/) and the mock server (src/mock/): primitives,
// enum and model names, and `T[]` lists. One parser, so that both read `User[]` or `PhotosV2CommitItem[]` alike.

export const PRIMITIVES = ['string', 'id', 'integer', 'long', 'number', 'boolean', 'json', 'unknown'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

export interface ParsedType {
  /** The type without `[]`: a primitive, an enum name or a model name. */
  base: string;
  list: boolean;
}

export function parseType(type: string): ParsedType {
  return type.endsWith('[]') ? { base: type.slice(0, -2), list: true } : { base: type, list: false };
}

export function isPrimitive(name: string): name is Primitive {
  return (PRIMITIVES as readonly string[]).includes(name);
}
