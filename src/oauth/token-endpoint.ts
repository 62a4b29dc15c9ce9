// OK's token endpoint, `<oauthBaseUrl>oauth/token.do`: the authorization-code and refresh grants. Everything goes in
// a POST form body, so no secret ends up in a URL or a server log; a redirect is refused (it would carry the
// application secret key and the refresh token elsewhere).
import { OkResponseError } from '../errors.js';
import { excerpt, httpError } from '../transport/api-answer.js';
import type { Http } from '../transport/exchange.js';
import { formEncode } from '../transport/form.js';
import { redactText } from '../redact.js';
import { OAuthError } from './errors.js';

export interface GrantedTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  /** Seconds the access token lives. */
  expiresIn?: number;
}

const HEADERS = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' };

/** Posts a grant and reads the tokens, or throws OAuthError with OK's `error` and `error_description`. */
export async function requestTokens(
  http: Http,
  oauthBaseUrl: string,
  form: Record<string, string>,
  secrets: readonly string[],
  signal?: AbortSignal,
): Promise<GrantedTokens> {
  const what = `oauth/token.do (${form.grant_type})`;
  const response = await http.exchange({
    what,
    url: `${oauthBaseUrl}oauth/token.do`,
    method: 'POST',
    body: formEncode(form),
    headers: HEADERS,
    secrets,
    signal,
  });
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    if (response.status < 200 || response.status > 299) throw httpError(what, response, secrets);
    throw new OkResponseError(what, response.status, excerpt(response.text, secrets));
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new OkResponseError(what, response.status, excerpt(response.text, secrets));
  const answer = body as Record<string, unknown>;
  // OK answers a refused grant with HTTP 400 or 401 and an OAuth error body: the body says more than the status.
  if (typeof answer.error === 'string') {
    throw new OAuthError(
      answer.error,
      typeof answer.error_description === 'string' ? redactText(answer.error_description, secrets) : undefined,
    );
  }
  // OK reports API-style errors from this endpoint too.
  if ('error_code' in answer) {
    throw new OAuthError(
      String(answer.error_code),
      typeof answer.error_msg === 'string' ? redactText(answer.error_msg, secrets) : undefined,
    );
  }
  if (response.status < 200 || response.status > 299) throw httpError(what, response, secrets);
  if (typeof answer.access_token !== 'string' || !answer.access_token)
    throw new OAuthError('invalid_response', `${what} answered without an access_token`);
  const expiresIn =
    answer.expires_in === undefined || answer.expires_in === null ? undefined : Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' && answer.refresh_token ? answer.refresh_token : undefined,
    tokenType: typeof answer.token_type === 'string' ? answer.token_type : undefined,
    expiresIn: expiresIn !== undefined && Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn : undefined,
  };
}
