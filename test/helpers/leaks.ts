// Checks that nothing an object can show holds a secret: its string form, util.inspect with everything shown, JSON,
// every own field (deep, enumerable or not), and for errors the message and stack.
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every text an object can show: its own fields, deep, enumerable or not. */
export function allText(value: unknown, seen = new Set<unknown>()): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' && typeof value !== 'function') return String(value);
  if (seen.has(value)) return '';
  seen.add(value);
  let out = '';
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && 'value' in d) out += ` ${String(key)}=${allText(d.value, seen)}`;
  }
  return out;
}

/** Fails when any text `thing` shows contains one of `secrets` (give their encoded forms too). */
export function expectNoSecrets(thing: unknown, secrets: readonly string[]): void {
  const texts = [
    String(thing),
    inspect(thing, { showHidden: true, depth: 20, getters: true }),
    JSON.stringify(thing) ?? '',
    allText(thing),
    thing instanceof Error ? `${thing.message}\n${thing.stack}` : '',
  ];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}
