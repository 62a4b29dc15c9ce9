// Keeps secrets out of everything okru reports: error messages, error fields, logs.

/** Parameter names whose values are secret: never reported, whatever the value. */
export const SECRET_PARAM_NAMES: ReadonlySet<string> = new Set([
  'access_token',
  'session_key',
  'session_secret_key',
  'application_secret_key',
  'client_secret',
  'refresh_token',
  'password',
  'code',
]);

export const REDACTED = '[redacted]';

/**
 * The most characters one character of a secret takes in any form `redactText` finds: a 3-byte UTF-8 character
 * percent-encoded (`%E2%82%AC`). What cuts a redacted text needs to know how far a secret may reach.
 */
export const LONGEST_FORM = 9;

const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const PLUS = 0x2b;

/** What JSON's short escapes stand for (`\/` is optional in JSON, and PHP writes it). */
const JSON_SHORT: Readonly<Record<string, number>> = {
  '"': 0x22,
  '\\': 0x5c,
  '/': 0x2f,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
};

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** The number written with `digits` hex digits (either case) at `at`, or -1. */
function hexAt(text: string, at: number, digits: number): number {
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const digit = hexDigit(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** The UTF-8 bytes of one character; undefined for a lone surrogate, which has none. */
function utf8(char: string): number[] | undefined {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 63)];
  if (code >= 0xd800 && code <= 0xdfff) return undefined;
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
}

/** Where `char` percent-encoded (either hex case) at `at` ends, or -1. */
function percentEnd(text: string, at: number, char: string): number {
  const bytes = utf8(char);
  if (!bytes) return -1;
  for (const byte of bytes) {
    if (text.charCodeAt(at) !== PERCENT || hexAt(text, at + 1, 2) !== byte) return -1;
    at += 3;
  }
  return at;
}

/** Where `char` JSON-escaped at `at` ends, or -1: `\"`, `\\`, `\/`, `\u00e9` (either hex case; two for a surrogate pair). */
function jsonEnd(text: string, at: number, char: string): number {
  for (let i = 0; i < char.length; i++) {
    if (text.charCodeAt(at) !== BACKSLASH) return -1;
    const letter = text[at + 1]!;
    const unit = letter === 'u' ? hexAt(text, at + 2, 4) : JSON_SHORT[letter];
    if (unit !== char.charCodeAt(i)) return -1;
    at += letter === 'u' ? 6 : 2;
  }
  return at;
}

/**
 * Where a form of `secret` that starts at `at` ends, or -1. Each character may be percent-encoded in either hex case
 * (encoders differ in which characters they leave as they are: encodeURIComponent, URLSearchParams, PHP),
 * JSON-escaped, a space may be `+` (forms), or it is as it is. The first of these that fits a character is kept and
 * never tried again, so the work is at most the secret's length: a regular expression of the same forms backtracked
 * exponentially on a secret of many backslashes or `%` (`\` is a prefix of `\\`, `%` of `%25`), and took milliseconds
 * to compile for each new secret (every call's signature is one).
 */
function formEnd(text: string, at: number, secret: string): number {
  // As it is first: the character by character way below reads a secret's own `%41` as an encoded `A`.
  if (text.startsWith(secret, at)) return at + secret.length;
  for (const char of secret) {
    let end = percentEnd(text, at, char);
    if (end < 0) end = jsonEnd(text, at, char);
    if (end < 0 && char === ' ' && text.charCodeAt(at) === PLUS) end = at + 1;
    if (end < 0 && text.startsWith(char, at)) end = at + char.length;
    if (end < 0) return -1;
    at = end;
  }
  return at;
}

/** The secrets worth looking for, the longest first: a secret that holds another is replaced whole. */
function ordered(secrets: readonly string[]): string[] {
  return [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
}

function redactOrdered(text: string, secrets: readonly string[]): string {
  // Where a form of a secret may start: its first character, or an escape. Checked first, as most of a text (a body
  // may be megabytes) starts none.
  const firsts = new Set([PERCENT, BACKSLASH, PLUS]);
  for (const secret of secrets) firsts.add(secret.charCodeAt(0));
  let out = '';
  let copied = 0;
  for (let at = 0; at < text.length; ) {
    let end = -1;
    if (firsts.has(text.charCodeAt(at)))
      for (const secret of secrets) {
        end = formEnd(text, at, secret);
        if (end >= 0) break;
      }
    if (end < 0) {
      at++;
      continue;
    }
    out += `${text.slice(copied, at)}${REDACTED}`;
    copied = at = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Replaces every known secret in a text, in any form a server may echo it in (see `formEnd`): as it is, URL-encoded,
 * JSON-escaped.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  return text && secrets.length ? redactOrdered(text, ordered(secrets)) : text;
}

/** Shorter query values are flags and numbers: redacting them would blank those digits in every text. */
const MIN_QUERY_SECRET_LENGTH = 8;

/**
 * The values in a URL's query long enough to be a signature or a token. An upload URL that a method gave carries its
 * own (`sig`, ids, `expires`): with them anyone may upload there until it expires, and its server may echo the URL.
 */
export function querySecrets(url: string): string[] {
  const values: string[] = [];
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return values; // not a URL: the request fails before anything could echo it
  }
  for (const value of query.values()) if (value.length >= MIN_QUERY_SECRET_LENGTH) values.push(value);
  return values;
}

/** The parameters as they may be reported: secret ones dropped, secrets inside the others replaced. */
export function redactParams(
  params: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const sorted = ordered(secrets);
  for (const key in params) {
    if (SECRET_PARAM_NAMES.has(key)) continue;
    out[key] = redactOrdered(params[key]!, sorted);
  }
  return out;
}
