// Where the dialog may send the user back, and how: only to a URI the app registered (any http(s) URI when it
// registered none, the demo's way), with the token in the fragment (implicit flow), the code in the query, or OK's
// `error=` in the place the response type puts it.
import type { MockApp } from './config.js';
import type { AuthorizeRequest } from './state.js';

/** The app accepts this redirect_uri: one it registered, exactly; or, with none registered, an http(s) URI. */
export function isAllowedRedirectUri(app: MockApp, uri: string): boolean {
  if (app.redirectUris) return app.redirectUris.includes(uri);
  if (!URL.canParse(uri)) return false;
  const protocol = new URL(uri).protocol;
  return protocol === 'http:' || protocol === 'https:';
}

/** The redirect URI with `values` in its fragment (token) or query (code), any fragment it had replaced. */
export function redirectTo(
  redirectUri: string,
  place: 'fragment' | 'query',
  values: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  url.hash = '';
  const defined = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  if (place === 'query') {
    for (const [k, v] of defined) url.searchParams.set(k, v);
    return url.href;
  }
  return `${url.href}#${new URLSearchParams(defined)}`;
}

/** OK's refusal sent back to the app: `error=...` (and the state), never a token. */
export function errorRedirect(
  request: Pick<AuthorizeRequest, 'redirectUri' | 'state'> & { responseType?: string },
  error: string,
): string {
  return redirectTo(request.redirectUri, request.responseType === 'token' ? 'fragment' : 'query', {
    error,
    state: request.state,
  });
}
