// Reading an answer: an HTTP status other than 2xx is an OkHttpError (with the server's Retry-After), a body that is
// not JSON an OkResponseError, and for API calls an object with `error_code` an OkApiError. The body is parsed once;
// excerpts of it are redacted here, in one place.
import { OkApiError, OkHttpError, OkResponseError } from '../errors.js';
import { LONGEST_FORM, REDACTED, redactParams, redactText } from '../redact.js';
import type { ExchangeResponse } from './exchange.js';

const EXCERPT_LENGTH = 300;

/**
 * The start of a body as errors may show it: short, and without any secret. Redacted, then cut: cut first, a secret
 * that crossed the cut would keep its start. Only a window is redacted (a body may be megabytes), long enough that a
 * secret cut by its end cannot move into the excerpt: each redaction shortens the text by less than its form's length
 * (at most LONGEST_FORM characters for each of the longest secret's), and fewer than
 * EXCERPT_LENGTH / REDACTED.length + 1 of them end within the excerpt.
 */
export function excerpt(text: string, secrets: readonly string[]): string {
  let longest = 0;
  for (const secret of secrets) longest = Math.max(longest, secret.length);
  const window = EXCERPT_LENGTH + (Math.ceil(EXCERPT_LENGTH / REDACTED.length) + 1) * LONGEST_FORM * longest;
  return redactText(text.slice(0, window), secrets).slice(0, EXCERPT_LENGTH);
}

/** Milliseconds a `Retry-After` header asks to wait (seconds, or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function httpError(what: string, response: ExchangeResponse, secrets: readonly string[]): OkHttpError {
  return new OkHttpError(
    what,
    response.status,
    response.statusText,
    excerpt(response.text, secrets),
    retryAfterMs(response.headers),
  );
}

/** The body as JSON, or OkResponseError. */
export function parseJson(what: string, response: ExchangeResponse, secrets: readonly string[]): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw new OkResponseError(what, response.status, excerpt(response.text, secrets));
  }
}

export function isErrorBody(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'error_code' in body;
}

/**
 * An API method's answer: its result, or the error OK reported. `params` are the call's own parameters, reported
 * with an OK error without their secrets. `emptyOnSuccess`: the method answers an empty body when it succeeds (its
 * row says so), which is then undefined; for other methods an empty body is an OkResponseError, as any body that is
 * not JSON.
 */
export function readApiAnswer(
  what: string,
  response: ExchangeResponse,
  params: Readonly<Record<string, string>>,
  secrets: readonly string[],
  emptyOnSuccess = false,
): unknown {
  if (response.status < 200 || response.status > 299) throw httpError(what, response, secrets);
  if (emptyOnSuccess && response.text.trim() === '') return undefined;
  const body = parseJson(what, response, secrets);
  if (isErrorBody(body)) throw new OkApiError(what, body, redactParams(params, secrets), secrets);
  return body;
}
