// OAuth on the mock: the authorize endpoint and login dialog (as connect.ok.ru), and oauth/token.do (as api.ok.ru):
// authorization code (2 minutes), implicit tokens in the redirect's fragment, refresh tokens.
import type { IncomingMessage } from 'node:http';
import type { Permission } from '../../generated/permissions.js';
import { errorPage, loginPage, permissionsPage } from './pages.js';
import type { MockState } from './state.js';
import { TOKEN_LIFETIME_S } from './state.js';

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
}

const json = (body: unknown, status = 200): Reply => ({ status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) });
const html = (body: string, status = 200, headers: Record<string, string | string[]> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=utf-8', ...headers },
  body,
});
const redirect = (location: string, cookies: string[] = []): Reply => ({ status: 302, headers: { location, ...(cookies.length ? { 'set-cookie': cookies } : {}) }, body: '' });

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function scopeOf(text: string | null): Permission[] {
  return (text ?? 'VALUABLE_ACCESS').split(/[;,\s]+/).filter(Boolean) as Permission[];
}

/** Ends a dialog: the redirect back to the app, with a code or the token in the fragment. */
function finish(state: MockState, flowId: string): Reply {
  const flow = state.flows.get(flowId)!;
  state.flows.delete(flowId);
  const user = state.user(flow.uid!)!;
  const granted = flow.scope.filter((p) => (user.permissions ?? ['VALUABLE_ACCESS']).includes(p) || p === 'VALUABLE_ACCESS');
  const url = new URL(flow.redirectUri);
  if (flow.responseType === 'code') {
    const code = state.newSecret(10);
    state.codes.set(code, { appId: flow.appId, uid: user.uid, redirectUri: flow.redirectUri, permissions: granted, expiresAt: Date.now() + 120_000 });
    url.searchParams.set('code', code);
    if (flow.state !== undefined) url.searchParams.set('state', flow.state);
    return redirect(url.href);
  }
  const sessionSecretKey = state.newSecret();
  const token = state.issueToken({ uid: user.uid, appId: flow.appId, sessionSecretKey, permissions: granted });
  const fragment = new URLSearchParams({ access_token: token, session_secret_key: sessionSecretKey, permissions_granted: granted.join(';'), expires_in: String(TOKEN_LIFETIME_S) });
  if (flow.state !== undefined) fragment.set('state', flow.state);
  return redirect(`${url.href.split('#')[0]}#${fragment}`);
}

export function authorize(state: MockState, url: URL): Reply {
  const q = url.searchParams;
  const app = state.app(q.get('client_id') ?? '');
  if (!app) return json({ error: 'invalid_client', error_description: 'Unknown client_id' }, 401);
  const redirectUri = q.get('redirect_uri');
  const responseType = q.get('response_type');
  if (!redirectUri || !/^[a-z][a-z0-9+.-]*:/i.test(redirectUri)) return json({ error: 'invalid_request', error_description: 'redirect_uri is missing or not a URL' }, 400);
  if (responseType !== 'code' && responseType !== 'token') return json({ error: 'unsupported_response_type', error_description: 'response_type must be code or token' }, 400);
  const flowId = state.newSecret(8);
  state.flows.set(flowId, { appId: app.appId, redirectUri, responseType, scope: scopeOf(q.get('scope')), state: q.get('state') ?? undefined, formToken: state.newSecret(12) });
  return redirect(`/dk?st.cmd=OAuth2Login&st.layout=${q.get('layout') ?? 'w'}`, [`OKMOCKFLOW=${flowId}; Path=/; HttpOnly`]);
}

export function dialog(state: MockState, req: IncomingMessage, url: URL, form: Record<string, string>): Reply {
  const flowId = cookie(req, 'OKMOCKFLOW');
  const flow = flowId ? state.flows.get(flowId) : undefined;
  if (!flowId || !flow) return html(errorPage('The authorization dialog was not opened from the authorize URL (no flow cookie).'));
  const cmd = url.searchParams.get('st.cmd');
  if (cmd === 'OAuth2Login' && req.method === 'GET') return html(loginPage());
  if (cmd === 'OAuth2Login' && req.method === 'POST') {
    const user = state.config.users.find((u) => u.login && u.login === form['fr.email'] && u.password === form['fr.password']);
    if (form['fr.posted'] !== 'set' || !user) return html(loginPage('Неправильно указан логин и/или пароль'));
    flow.uid = user.uid;
    return redirect('/dk?st.cmd=OAuth2Permissions', [`OKMOCKAUTH=${user.uid}; Path=/; HttpOnly`]);
  }
  if (cmd === 'OAuth2Permissions') {
    if (!flow.uid || cookie(req, 'OKMOCKAUTH') !== flow.uid) return html(loginPage());
    if (req.method === 'GET') return html(permissionsPage(`App ${flow.appId}`, flow.scope, flow.formToken));
    if (form['fr.token'] !== flow.formToken || !('button_accept_request' in form)) return html(errorPage('The permissions form came back altered.'), 400);
    return finish(state, flowId);
  }
  return html(errorPage(`No such page: ${cmd ?? '(none)'}`), 404);
}

/** oauth/token.do: the code and refresh grants; everything in the form body (or query, as OK also accepts). */
export function token(state: MockState, params: Record<string, string>): Reply {
  const app = state.app(params.client_id ?? '');
  if (!app || params.client_secret !== app.appSecretKey) return json({ error: 'invalid_client', error_description: 'Bad client_id or client_secret' }, 400);
  if (params.grant_type === 'authorization_code') {
    const code = params.code ? state.codes.get(params.code) : undefined;
    if (!code || code.appId !== app.appId || code.redirectUri !== params.redirect_uri || Date.now() > code.expiresAt) {
      return json({ error: 'invalid_grant', error_description: 'The code is unknown, spent, expired, or for another redirect_uri' }, 400);
    }
    state.codes.delete(params.code!);
    const refreshToken = `mock-rt-${state.newSecret(12)}`;
    state.refreshTokens.set(refreshToken, { appId: app.appId, uid: code.uid, permissions: code.permissions });
    const accessToken = state.issueToken({ uid: code.uid, appId: app.appId, permissions: code.permissions });
    return json({ access_token: accessToken, token_type: 'session', refresh_token: refreshToken, expires_in: TOKEN_LIFETIME_S });
  }
  if (params.grant_type === 'refresh_token') {
    const grant = params.refresh_token ? state.refreshTokens.get(params.refresh_token) : undefined;
    if (!grant || grant.appId !== app.appId) return json({ error: 'invalid_grant', error_description: 'Unknown refresh token' }, 400);
    const accessToken = state.issueToken({ uid: grant.uid, appId: app.appId, permissions: grant.permissions });
    return json({ access_token: accessToken, token_type: 'session', expires_in: TOKEN_LIFETIME_S });
  }
  return json({ error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code or refresh_token' }, 400);
}
