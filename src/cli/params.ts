// Turns `key=value` words into call parameters, typed by the method's parameter kinds (its row), so that
// the SDK's checks see what a program would pass: booleans, numbers, JSON, lists. What the spec does not know (a new
// method, an extra parameter) stays a string and is sent as it is.
import type { MethodInfo, ParamInfo, ParamKind } from '../method-info.js';
import { rowNamed } from '../method-table.js';
import { UsageError } from './errors.js';

/** The method's run-time facts, when the spec knows it. */
export function methodInfo(method: string): MethodInfo | undefined {
  return rowNamed(method);
}

/** `friends.get`, `vk.notifications.sendMessage`: dotted words, as OK names methods. */
export function checkMethodName(method: string | undefined): string {
  if (!method) throw new UsageError('no method given');
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/.test(method))
    throw new UsageError(`'${method}' is not a method name like friends.get`);
  return method;
}

/** Splits `key=value` words; the value may itself hold `=`. */
export function splitPairs(words: readonly string[]): [string, string][] {
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`'${word}' is not key=value`);
    return [word.slice(0, eq), word.slice(eq + 1)];
  });
}

function convertOne(method: string, key: string, kind: ParamKind, text: string): unknown {
  const bad = (what: string): never => {
    // The value is not quoted: a parameter may hold a secret.
    throw new UsageError(`${method}: parameter '${key}' must be ${what}`);
  };
  switch (kind) {
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      return bad('true or false');
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return bad('an integer');
      const number = Number(text);
      // OK's longs pass 2^53: keep them exact as bigints.
      return Number.isSafeInteger(number) ? number : BigInt(text);
    }
    case 'number': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number)) return bad('a number');
      return number;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return bad('JSON');
      }
    default:
      return text;
  }
}

function convert(method: string, key: string, info: ParamInfo | undefined, text: string): unknown {
  if (!info) return text;
  // A JSON parameter is one JSON value even when it is a list; other lists are comma-separated.
  if (info.list) return text === '' ? [] : text.split(',').map((item) => convertOne(method, key, info.kind, item));
  return convertOne(method, key, info.kind, text);
}

/** The call's parameters: `--json-params` first, then each `key=value` on top, converted by the spec's kinds. */
export function buildParams(
  method: string,
  words: readonly string[],
  jsonParams: string | undefined,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (jsonParams !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(jsonParams);
    } catch {
      throw new UsageError('--json-params is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UsageError('--json-params must be a JSON object');
    Object.assign(params, parsed);
  }
  const info = methodInfo(method);
  for (const [key, text] of splitPairs(words)) {
    const param = info && Object.hasOwn(info.params, key) ? info.params[key] : undefined;
    params[key] = convert(method, key, param, text);
  }
  return params;
}
