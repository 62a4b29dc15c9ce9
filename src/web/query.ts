// Reads a request's query, as Node, Express, or the WHATWG URL give it, into one string per parameter. A parameter
// that comes more than once (an array value) or is not a string cannot be signed unambiguously: it is refused.

/** A query string as frameworks hand it over: `url.searchParams`, Express's `req.query`, or a plain record. */
export type QueryInput = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

export type ReadQuery =
  | { readonly params: Record<string, string>; readonly problem?: undefined }
  | { readonly params?: undefined; readonly problem: string };

/** A parameter's name as it may appear in a message: quoted (names come from the request), and never very long. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name);
}

/** The parameters, or what is wrong with the query. The message names a parameter, never shows a value. */
export function readQuery(query: unknown): ReadQuery {
  // A null prototype, so a parameter named `__proto__` is just a parameter.
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  if (query instanceof URLSearchParams) {
    for (const [key, value] of query) {
      if (Object.hasOwn(params, key)) return { problem: `repeated parameter ${quoteName(key)}` };
      params[key] = value;
    }
    return { params };
  }
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return { problem: 'no query parameters' };
  for (const key of Object.keys(query)) {
    const value: unknown = (query as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) return { problem: `repeated parameter ${quoteName(key)}` };
    if (typeof value !== 'string') return { problem: `parameter ${quoteName(key)} is not a string` };
    params[key] = value;
  }
  return { params };
}
