// Values shaped by spec types: deterministic demo data for any result, with the fields a call asked for.
import { enumShape, modelShape, parseType } from './spec-data.js';

export interface ValueContext {
  /** A stable seed text for the value (an id, a property path). */
  key: string;
  /** For models: only these properties (plus the required ones), when a call chose its fields. */
  fields?: ReadonlySet<string>;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A value of `type`, deterministic for `ctx.key`; `overrides` replace properties of a model value. */
export function mockValue(type: string, ctx: ValueContext, overrides: Record<string, unknown> = {}): unknown {
  const { base, list } = parseType(type);
  if (list) return [mockValue(base, { ...ctx, key: `${ctx.key}[0]` }, overrides)];
  const model = modelShape(base);
  if (model?.oneOf) return mockValue(model.oneOf[0]!, ctx, overrides);
  if (model?.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(model.properties)) {
      if (name in overrides) continue;
      const wanted = p.required || !ctx.fields || ctx.fields.has(name);
      if (!wanted) continue;
      out[name] = p.const ?? mockValue(p.type, { key: `${ctx.key}.${name}` });
    }
    for (const [name, v] of Object.entries(overrides)) {
      if (v === undefined) continue;
      if (!ctx.fields || ctx.fields.has(name) || model.properties[name]?.required || !(name in model.properties))
        out[name] = v;
    }
    return out;
  }
  const h = hash(ctx.key);
  switch (base) {
    case 'string':
      return `mock ${ctx.key.split('.').pop()}`;
    case 'id':
      return String(100000000000 + (h % 899999999999));
    case 'integer':
    case 'long':
      return h % 100;
    case 'number':
      return (h % 10000) / 100;
    case 'boolean':
      return h % 2 === 0;
    case 'json':
    case 'unknown':
      return {};
    default: {
      const e = enumShape(base);
      return e ? e.values[h % e.values.length] : null;
    }
  }
}

/** The lower-cased field names a `fields` parameter asks for. */
export function requestedFields(text: string | undefined): Set<string> | undefined {
  if (!text) return undefined;
  return new Set(
    text
      .split(',')
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean),
  );
}
