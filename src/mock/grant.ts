// The end of an authorization: the user is known and has approved the scope, so the app gets a code (2 minutes,
// single use) in the redirect's query or, in the implicit flow, a token in its fragment. What is granted is the scope
// asked for, within what the config says the user grants (VALUABLE_ACCESS always).
import type { Permission } from '../../generated/permissions.js';
import { redirectTo } from './redirect-uri.js';
import { redirectReply, type Reply } from './reply.js';
import type { AuthorizeRequest, MockState } from './state.js';

function grantedScope(state: MockState, uid: string, scope: readonly Permission[]): Permission[] {
  const allowed = state.user(uid)?.permissions ?? ['VALUABLE_ACCESS'];
  return scope.filter((p) => p === 'VALUABLE_ACCESS' || allowed.includes(p));
}

export function grantRedirect(state: MockState, request: AuthorizeRequest, uid: string, cookies: string[] = []): Reply {
  const permissions = grantedScope(state, uid, request.scope);
  if (request.responseType === 'code') {
    const code = state.newSecret(10);
    state.codes.set(
      code,
      { appId: request.appId, uid, redirectUri: request.redirectUri, permissions },
      state.lifetimes.codeS * 1000,
    );
    return redirectReply(redirectTo(request.redirectUri, 'query', { code, state: request.state }), cookies);
  }
  const sessionSecretKey = state.newSecret();
  const { token, expiresIn } = state.issueToken({ uid, appId: request.appId, sessionSecretKey, permissions });
  const fragment = {
    access_token: token,
    session_secret_key: sessionSecretKey,
    permissions_granted: permissions.join(';'),
    expires_in: String(expiresIn),
    state: request.state,
  };
  return redirectReply(redirectTo(request.redirectUri, 'fragment', fragment), cookies);
}
