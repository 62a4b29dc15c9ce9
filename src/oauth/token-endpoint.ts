// OK's token endpoint, `<oauthBaseUrl>oauth/token.do`: the authorization-code and refresh grants. Everything goes in
// a POST form body, so no secret ends up in a URL or a server log.
import type { KyInstance } from 'ky';
import { OkHttpError, OkNetworkError, OkResponseError } from '../errors.js';
import { redactText } from '../redact.js';
import { formEncode } from '../transport/form.js';
import { OAuthError } from './errors.js';

export interface GrantedTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  /** Seconds the access token lives. */
  expiresIn?: number;
}

/** Posts a grant and reads the tokens, or throws OAuthError with OK's `error` and `error_description`. */
export async function requestTokens(
  ky: KyInstance,
  oauthBaseUrl: string,
  form: Record<string, string>,
  secrets: readonly string[],
): Promise<GrantedTokens> {
  const what = `oauth/token.do (${form.grant_type})`;
  let response: Response;
  let text: string;
  try {
    response = await ky(`${oauthBaseUrl}oauth/token.do`, {
      method: 'post',
      body: formEncode(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
    });
    text = await response.text();
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    throw new OkNetworkError(what, `request failed: ${redactText(String(e?.message ?? err), secrets).replace(/https?:\/\/\S+/g, '<url>')}`, e?.cause?.code);
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    if (!response.ok) throw new OkHttpError(what, response.status, response.statusText, redactText(text.slice(0, 300), secrets));
    throw new OkResponseError(what, response.status, redactText(text.slice(0, 300), secrets));
  }
  if (body === null || typeof body !== 'object') throw new OkResponseError(what, response.status, redactText(text.slice(0, 300), secrets));
  if (typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? redactText(body.error_description, secrets) : undefined;
    throw new OAuthError(body.error, description);
  }
  // OK reports API-style errors from this endpoint too.
  if ('error_code' in body) {
    throw new OAuthError(String(body.error_code), typeof body.error_msg === 'string' ? redactText(body.error_msg, secrets) : undefined);
  }
  if (!response.ok) throw new OkHttpError(what, response.status, response.statusText, '');
  if (typeof body.access_token !== 'string' || !body.access_token) throw new OAuthError('invalid_response', `${what} answered without an access_token`);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
    tokenType: typeof body.token_type === 'string' ? body.token_type : undefined,
    expiresIn: body.expires_in === undefined || body.expires_in === null ? undefined : Number(body.expires_in),
  };
}
