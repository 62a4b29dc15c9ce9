// Parameter values → the exact strings that are signed and sent. Lists are comma-joined, booleans are
// `true`/`false`, numbers and bigints decimal, objects JSON; `undefined` and `null` are left out, while `0`, `false`
// and `''` are kept.
import type { ParamInfo } from './method-info.js';

function jsonReplacer(_key: string, value: unknown): unknown {
  // JSON has no bigint; OK reads 64-bit ids as strings.
  return typeof value === 'bigint' ? value.toString() : value;
}

function isScalar(value: unknown): value is string | number | bigint | boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean';
}

/**
 * A lone UTF-16 surrogate cannot be encoded as UTF-8 (MD5 and URL encoding would throw, or disagree): it becomes
 * U+FFFD here, once, so that the text signed and the text sent are the same.
 */
function scalarText(value: string | number | bigint | boolean): string {
  return typeof value === 'string' ? value.toWellFormed() : String(value);
}

/**
 * One value as sent. (JSON.stringify already writes a lone surrogate as a \uXXXX escape.) A parameter the spec marks as JSON is JSON-encoded unless it is a string (taken as JSON
 * already); otherwise a list of scalars is comma-joined and any other object is JSON-encoded.
 */
export function serializeValue(value: unknown, info?: ParamInfo): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.toWellFormed();
  if (info?.kind === 'json') return JSON.stringify(value, jsonReplacer);
  if (isScalar(value)) return scalarText(value);
  if (Array.isArray(value) && value.every(isScalar)) return value.map(scalarText).join(',');
  return JSON.stringify(value, jsonReplacer);
}

/** All parameters as sent, in the order given. */
export function serializeParams(
  params: object | undefined,
  infos?: Readonly<Record<string, ParamInfo>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params) return out;
  for (const key of Object.keys(params)) {
    const text = serializeValue((params as Record<string, unknown>)[key], infos?.[key]);
    if (text !== undefined) out[key] = text;
  }
  return out;
}
