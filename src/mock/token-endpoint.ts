// oauth/token.do, as api.ok.ru answers it: the authorization-code grant (a code lives 2 minutes and is spent by its
// first exchange) and the refresh grant (rotating the refresh token when asked); tokens with LONG_ACCESS_TOKEN live
// 30 days. Errors in OAuth's shape.
import { jsonReply, type Reply } from './reply.js';
import type { MockState } from './state.js';

export interface TokenEndpointOptions {
  /**
   * OK "may send a new refresh token" with a refresh: then the one used is spent and only the new one works, so that a
   * client that does not keep it is caught. Off by default: OK's usual answer has no refresh_token.
   */
  rotateRefreshTokens?: boolean;
}

const oauthError = (error: string, description: string) => jsonReply({ error, error_description: description }, 400);

/** Everything in the form body (or the query, as OK also accepts). */
export function token(state: MockState, params: Record<string, string>, options: TokenEndpointOptions = {}): Reply {
  const app = state.appById(params.client_id);
  if (!app || params.client_secret !== app.appSecretKey)
    return oauthError('invalid_client', 'Bad client_id or client_secret');

  if (params.grant_type === 'authorization_code') {
    const code = params.code ? state.codes.get(params.code) : undefined;
    if (!code || code.appId !== app.appId) return oauthError('invalid_grant', 'The code is unknown, spent or expired');
    // Spent by this attempt whatever comes next: a code is good for one exchange only.
    state.codes.delete(params.code!);
    if (code.redirectUri !== params.redirect_uri)
      return oauthError('invalid_grant', 'The redirect_uri differs from the one the code was issued for');
    const refreshToken = state.issueRefreshToken({ appId: app.appId, uid: code.uid, permissions: code.permissions });
    const { token: accessToken, expiresIn } = state.issueToken({
      uid: code.uid,
      appId: app.appId,
      permissions: code.permissions,
    });
    return jsonReply({
      access_token: accessToken,
      token_type: 'session',
      refresh_token: refreshToken,
      expires_in: expiresIn,
    });
  }

  if (params.grant_type === 'refresh_token') {
    const grant = params.refresh_token ? state.refreshTokens.get(params.refresh_token) : undefined;
    if (!grant || grant.appId !== app.appId) return oauthError('invalid_grant', 'Unknown refresh token');
    const { token: accessToken, expiresIn } = state.issueToken({
      uid: grant.uid,
      appId: app.appId,
      permissions: grant.permissions,
    });
    if (!options.rotateRefreshTokens)
      return jsonReply({ access_token: accessToken, token_type: 'session', expires_in: expiresIn });
    state.refreshTokens.delete(params.refresh_token!);
    const refreshToken = state.issueRefreshToken(grant);
    return jsonReply({
      access_token: accessToken,
      token_type: 'session',
      refresh_token: refreshToken,
      expires_in: expiresIn,
    });
  }

  return oauthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}
