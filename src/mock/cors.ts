// CORS on the endpoints a browser app calls with fetch (API, oauth/token.do, uploads), so that an app bundled with
// okru can be tried against the mock from its dev server's origin. The dialog pages are navigations and get none.
import type { IncomingMessage } from 'node:http';

/** `*` (the default): any origin; a list: those origins exactly; `false`: no CORS headers at all. */
export type CorsOrigin = string | readonly string[] | false;

/** The methods a browser may use across origins. */
const METHODS = 'GET, POST, OPTIONS';
/** What a preflight may ask to send when it names nothing odd: the headers okru and form posts use. */
const DEFAULT_HEADERS = 'Content-Type, Content-Range, Content-Disposition';
/** A list of header names, as Access-Control-Request-Headers carries it (tokens and commas only). */
const HEADER_LIST = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:\s*,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

export function checkCorsOrigin(origin: CorsOrigin): CorsOrigin {
  const list = typeof origin === 'string' ? [origin] : origin === false ? [] : origin;
  for (const o of list) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o))
      throw new TypeError(
        `corsOrigin: '${o}' must be * or an origin like http://localhost:5173 (scheme, host, port; no path)`,
      );
  }
  return origin;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});
const ANY_ORIGIN: Readonly<Record<string, string>> = Object.freeze({ 'access-control-allow-origin': '*' });

/** Access-Control-Allow-Origin (and Vary) for an answer to this request. */
export function corsHeaders(policy: CorsOrigin, req: IncomingMessage): Readonly<Record<string, string>> {
  if (policy === false) return NONE;
  if (policy === '*') return ANY_ORIGIN;
  const allowed = typeof policy === 'string' ? [policy] : policy;
  if (allowed.includes('*')) return ANY_ORIGIN;
  const origin = req.headers.origin;
  // The answer depends on the Origin header: caches must know.
  return origin && allowed.includes(origin)
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : { vary: 'Origin' };
}

/** The answer to a CORS preflight (OPTIONS): which methods and headers the real request may use. */
export function preflightHeaders(policy: CorsOrigin, req: IncomingMessage): Record<string, string> {
  const base = corsHeaders(policy, req);
  if (!base['access-control-allow-origin']) return base;
  const asked = req.headers['access-control-request-headers'];
  const headers = typeof asked === 'string' && HEADER_LIST.test(asked.trim()) ? asked.trim() : DEFAULT_HEADERS;
  return {
    ...base,
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': headers,
    'access-control-max-age': '600',
    vary: [base.vary, 'Access-Control-Request-Headers'].filter(Boolean).join(', '),
  };
}
