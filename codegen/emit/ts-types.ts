// The spec's type language rendered as TypeScript, for parameters (what users may pass) and results (what OK returns).
import type { Spec } from '../spec-model.js';
import { parseType } from '../type-language.js';

export interface TypeContext {
  enums: Map<string, { anyCase: boolean }>;
  models: Set<string>;
}

export function typeContext(spec: Spec): TypeContext {
  return {
    enums: new Map(spec.enums.map((e) => [e.name, { anyCase: e.anyCase }])),
    models: new Set(spec.models.map((m) => m.name)),
  };
}

/** A parameter's TypeScript type. Ids take numbers and bigints too; lists are read-only. */
export function paramTsType(type: string, ctx: TypeContext): string {
  const { base, list } = parseType(type);
  let t: string;
  switch (base) {
    case 'string':
      t = 'string';
      break;
    case 'id':
      t = 'OkId';
      break;
    case 'integer':
      t = 'number';
      break;
    case 'long':
      t = 'number | bigint';
      break;
    case 'number':
      t = 'number';
      break;
    case 'boolean':
      t = 'boolean';
      break;
    case 'json':
      t = 'JsonInput';
      break;
    default:
      t = ctx.enums.get(base)?.anyCase ? `${base}Name` : base;
  }
  if (!list) return t;
  return t.includes(' ') ? `readonly (${t})[]` : `readonly ${t}[]`;
}

/** A result's TypeScript type. Ids and 64-bit numbers come back as JSON strings or numbers as OK sends them. */
export function resultTsType(type: string, ctx: TypeContext): string {
  const { base, list } = parseType(type);
  let t: string;
  switch (base) {
    case 'string':
    case 'id':
      t = 'string';
      break;
    case 'integer':
    case 'long':
    case 'number':
      t = 'number';
      break;
    case 'boolean':
      t = 'boolean';
      break;
    case 'json':
      t = 'JsonValue';
      break;
    case 'unknown':
      t = 'unknown';
      break;
    default:
      t = base;
  }
  void ctx;
  return list ? `${t}[]` : t;
}

/** Names of spec-defined types (enums, models) a type text uses, for imports. */
export function referencedNames(type: string, ctx: TypeContext): string[] {
  const { base } = parseType(type);
  if (ctx.enums.get(base)?.anyCase) return [base, `${base}Name`];
  return ctx.enums.has(base) || ctx.models.has(base) ? [base] : [];
}
