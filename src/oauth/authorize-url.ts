// The browser side of OAuth: the URL that opens OK's authorization dialog, and reading the redirect that comes back.
import type { Permission } from '../../generated/permissions.js';
import { OAuthError, OAuthStateError } from './errors.js';
import { sameText } from './state.js';

export const DEFAULT_CONNECT_BASE_URL = 'https://connect.ok.ru/';
export const DEFAULT_OAUTH_BASE_URL = 'https://api.ok.ru/';

export interface AuthorizeUrlOptions {
  appId: number | string;
  /** The permissions asked for; joined with `;` as OK expects. */
  scope: readonly (Permission | (string & {}))[] | string;
  /** `code` for the authorization-code flow (servers), `token` for the implicit flow (clients). */
  responseType: 'code' | 'token';
  /** Must be registered in the app's settings. */
  redirectUri: string;
  /** The dialog's look: `w` (web, the default), `m` (mobile), `a` (a simplified mobile one). */
  layout?: 'w' | 'm' | 'a';
  /** An opaque value that comes back unchanged; check it with parseRedirect's `expectedState`. */
  state?: string;
  connectBaseUrl?: string;
}

export function authorizeUrl(options: AuthorizeUrlOptions): string {
  const base = withSlash(options.connectBaseUrl ?? DEFAULT_CONNECT_BASE_URL);
  const scope = typeof options.scope === 'string' ? options.scope : options.scope.join(';');
  const query = new URLSearchParams({
    client_id: String(options.appId),
    scope,
    response_type: options.responseType,
    redirect_uri: options.redirectUri,
  });
  if (options.layout) query.set('layout', options.layout);
  if (options.state !== undefined) query.set('state', options.state);
  return `${base}oauth/authorize?${query.toString().replace(/\+/g, '%20')}`;
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface CodeRedirect {
  type: 'code';
  code: string;
  state?: string;
}

export interface TokenRedirect {
  type: 'token';
  accessToken: string;
  sessionSecretKey: string;
  /** Seconds the token lives, when OK says. */
  expiresIn?: number;
  /** The permissions the user granted. */
  permissionsGranted: string[];
  state?: string;
}

export interface ParseRedirectOptions {
  /** The state sent in the authorize URL; a missing or different one throws OAuthStateError. */
  expectedState?: string;
}

/**
 * Reads the redirect back from OK's dialog: `?code=...` (code flow) or `#access_token=...` (implicit flow), or
 * `error=...` in either. Throws OAuthError for a refusal or missing fields, OAuthStateError for a wrong state.
 */
export function parseRedirect(url: string | URL, options: ParseRedirectOptions = {}): CodeRedirect | TokenRedirect {
  const parsed = new URL(String(url));
  const fragment = new URLSearchParams(parsed.hash.slice(1));
  const query = parsed.searchParams;
  const params = fragment.has('access_token') || fragment.has('error') ? fragment : query;
  const error = params.get('error');
  if (error) throw new OAuthError(error, params.get('error_description') ?? undefined);
  const state = params.get('state') ?? undefined;
  if (options.expectedState !== undefined && (state === undefined || !sameText(state, options.expectedState)))
    throw new OAuthStateError();
  if (params.has('access_token')) {
    const accessToken = params.get('access_token')!;
    const sessionSecretKey = params.get('session_secret_key');
    if (!accessToken || !sessionSecretKey)
      throw new OAuthError('invalid_response', 'the redirect has access_token but no session_secret_key');
    const expires = params.get('expires_in');
    return {
      type: 'token',
      accessToken,
      sessionSecretKey,
      expiresIn: expires ? Number(expires) : undefined,
      permissionsGranted: (params.get('permissions_granted') ?? '').split(/[;,]/).filter(Boolean),
      state,
    };
  }
  const code = query.get('code');
  if (code) return { type: 'code', code, state };
  throw new OAuthError('invalid_response', 'the redirect has neither code, access_token nor error');
}
