// oauth/authorize, as connect.ok.ru answers it: an unknown client_id is a JSON error; a redirect_uri the app did not
// register is OK's error page (never a redirect there); a bad response_type goes back as `error=`. A user logged in
// (the dialog's login cookie) who approved the whole scope before is sent straight back with a code or token; logged
// in with a new scope, to the permissions page; otherwise to the login page.
import type { IncomingMessage } from 'node:http';
import { PERMISSIONS, type Permission } from '../../generated/permissions.js';
import { FLOW_COOKIE, LOGIN_COOKIE, readCookie, setCookie } from './cookies.js';
import { grantRedirect } from './grant.js';
import { errorPage } from './pages.js';
import { errorRedirect, isAllowedRedirectUri } from './redirect-uri.js';
import { htmlReply, jsonReply, redirectReply, type Reply } from './reply.js';
import type { RequestTarget } from './routes.js';
import type { AuthorizeRequest, MockState } from './state.js';

const KNOWN = new Set<string>(PERMISSIONS);

/**
 * The scope asked for (`;`-separated, as OK's authorize URL has it): known permissions, once each. Exported for
 * test/helpers/fake-ok, whose own login dialog must read a scope as the mock does.
 */
export function scopeOf(text: string | null): Permission[] {
  const names = (text ?? 'VALUABLE_ACCESS').split(/[;,\s]+/);
  return [...new Set(names.filter((n): n is Permission => KNOWN.has(n)))];
}

export function authorize(state: MockState, req: IncomingMessage, target: RequestTarget): Reply {
  const q = new URLSearchParams(target.query);
  const app = state.appById(q.get('client_id') ?? undefined);
  if (!app) return jsonReply({ error: 'invalid_client', error_description: 'Unknown client_id' }, 401);
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!isAllowedRedirectUri(app, redirectUri)) {
    const rule = app.redirectUris
      ? 'is not one of the redirect URIs registered for this application'
      : 'must be an http(s) URI';
    return htmlReply(errorPage(`invalid redirect_uri: the redirect_uri ${rule}.`), 400);
  }
  const responseType = q.get('response_type');
  const appState = q.get('state') ?? undefined;
  if (responseType !== 'code' && responseType !== 'token') {
    return redirectReply(
      errorRedirect(
        { redirectUri, state: appState, responseType: responseType ?? undefined },
        'unsupported_response_type',
      ),
    );
  }
  const request: AuthorizeRequest = {
    appId: app.appId,
    redirectUri,
    responseType,
    scope: scopeOf(q.get('scope')),
    state: appState,
  };

  const uid = state.loggedIn(readCookie(req, LOGIN_COOKIE));
  if (uid && state.hasApproved(uid, app.appId, request.scope)) return grantRedirect(state, request, uid);

  const flowId = state.newSecret(8);
  state.flows.set(flowId, { ...request, uid, formToken: state.newSecret(12) }, state.lifetimes.dialogS * 1000);
  const layout = encodeURIComponent(q.get('layout') ?? 'w');
  const next = uid ? `/dk?st.cmd=OAuth2Permissions&st.layout=${layout}` : `/dk?st.cmd=OAuth2Login&st.layout=${layout}`;
  return redirectReply(next, [setCookie(FLOW_COOKIE, flowId)]);
}
