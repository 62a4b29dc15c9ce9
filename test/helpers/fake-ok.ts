// A local HTTP server that behaves like OK for the OAuth tests: the authorize endpoint and the login dialog (serving
// the real pages of test/fixtures/ok-login with their real form actions, cookies and redirects), oauth/token.do,
// and fb.do (auth.login, and signed calls that check the token). It records every request.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseForm } from './wire.js';
import { md5, referenceSig } from '../reference/sign.js';

const PAGES = join(import.meta.dirname, '../fixtures/ok-login');
const page = (name: string) => readFileSync(join(PAGES, name), 'utf8');
/** The permissions page carries this form token (fr.token); the server checks it comes back. */
export const PERMISSIONS_FORM_TOKEN = 'o176W4DYRip1ge0wQtgFmxsIDnUxkwFj';

export type LoginScenario = 'ok' | 'remembered' | 'captcha' | 'verification' | 'blocked' | 'unexpected' | 'app-error-page';

export interface FakeUser {
  login: string;
  password: string;
  uid: string;
  scenario?: LoginScenario;
}

export interface FakeApp {
  appId: number;
  appKey: string;
  appSecretKey: string;
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  headers: IncomingMessage['headers'];
}

interface Token {
  uid: string;
  appId: number;
  sessionSecretKey?: string;
  expiresAt: number;
  kind: 'oauth' | 'implicit' | 'login';
}

export interface FakeOkOptions {
  apps?: FakeApp[];
  users?: FakeUser[];
  /** Seconds new access tokens live. */
  expiresIn?: number;
  /** Give a new refresh token on each refresh. */
  rotateRefreshTokens?: boolean;
  /** Delay of token.do answers, to let concurrent calls pile up. */
  tokenDelayMs?: number;
}

export const FAKE_APP: FakeApp = { appId: 512000123456, appKey: 'CBAFAKEAPPKEY', appSecretKey: 'FAKE-APP-SECRET-0123' };
export const FAKE_USER: FakeUser = { login: 'ivan@example.com', password: 'p@ss word+Ж', uid: '575662066926' };

export async function startFakeOk(options: FakeOkOptions = {}) {
  const apps = options.apps ?? [FAKE_APP];
  const users = options.users ?? [FAKE_USER];
  const expiresIn = options.expiresIn ?? 1800;
  const requests: Recorded[] = [];
  const flows = new Map<string, { appId: number; redirectUri: string; state?: string; scope: string; user?: FakeUser }>();
  const codes = new Map<string, { appId: number; redirectUri: string; uid: string }>();
  const refreshTokens = new Map<string, { appId: number; uid: string }>();
  const tokens = new Map<string, Token>();
  const remembered = new Set<string>();
  const counters = { tokenGrants: { authorization_code: 0, refresh_token: 0 } as Record<string, number>, apiCalls: 0 };

  const newToken = (t: Omit<Token, 'expiresAt'>, lifetime = expiresIn) => {
    const token = `tkn${randomBytes(12).toString('hex')}`;
    tokens.set(token, { ...t, expiresAt: Date.now() + lifetime * 1000 });
    return token;
  };

  const cookieOf = (req: IncomingMessage, name: string) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === name)?.[1];

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html;charset=UTF-8', ...headers });
    res.end(body);
  };
  const json = (res: ServerResponse, body: unknown, status = 200) => send(res, status, JSON.stringify(body), { 'content-type': 'application/json;charset=utf-8' });
  const redirect = (res: ServerResponse, location: string, cookies: string[] = []) =>
    send(res, 302, '', { location, ...(cookies.length ? { 'set-cookie': cookies } : {}) });

  const finishFlow = (res: ServerResponse, flowId: string) => {
    const flow = flows.get(flowId)!;
    const sessionSecretKey = randomBytes(16).toString('hex');
    const accessToken = newToken({ uid: flow.user!.uid, appId: flow.appId, sessionSecretKey, kind: 'implicit' });
    const fragment = new URLSearchParams({
      access_token: accessToken,
      session_secret_key: sessionSecretKey,
      permissions_granted: flow.scope,
      expires_in: String(expiresIn),
      ...(flow.state !== undefined ? { state: flow.state } : {}),
    });
    remembered.add(`${flow.user!.uid}:${flow.appId}`);
    redirect(res, `${flow.redirectUri}#${fragment}`);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://fake.ok');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = req.method === 'POST' ? parseForm(raw) : {};
    requests.push({ method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), form, headers: req.headers });
    const q = url.searchParams;

    // The authorization dialog (connect.ok.ru).
    if (url.pathname === '/oauth/authorize') {
      const app = apps.find((a) => String(a.appId) === q.get('client_id'));
      if (!app) return json(res, { error: 'invalid_client', error_description: 'Unknown client_id' }, 401);
      const flowId = randomBytes(8).toString('hex');
      flows.set(flowId, { appId: app.appId, redirectUri: q.get('redirect_uri')!, state: q.get('state') ?? undefined, scope: q.get('scope') ?? '' });
      const user = users.find((u) => u.uid === cookieOf(req, 'AUTHCODE'));
      if (user) {
        flows.get(flowId)!.user = user;
        return redirect(res, `/dk?st.cmd=OAuth2Permissions&st.flow=${flowId}`, [`FLOW=${flowId}; Path=/; HttpOnly`]);
      }
      return redirect(res, `/dk?st.cmd=OAuth2Login&st.layout=w&st.redirect=${encodeURIComponent(url.search)}`, [`FLOW=${flowId}; Path=/; HttpOnly`, 'bci=-123; Path=/']);
    }
    if (url.pathname === '/dk') {
      const flowId = cookieOf(req, 'FLOW');
      const flow = flowId ? flows.get(flowId) : undefined;
      if (!flow) return send(res, 200, page('unexpected.html'));
      const cmd = q.get('st.cmd');
      if (cmd === 'OAuth2Login' && req.method === 'GET') return send(res, 200, page('oauth2-login.html'));
      if (cmd === 'OAuth2Login' && req.method === 'POST') {
        // The real form's fields must all come back, as a browser sends them.
        if (q.get('cmd') !== 'OAuth2Login' || form['fr.posted'] !== 'set' || form['fr.remember'] !== 'on') return send(res, 400, 'bad form');
        const user = users.find((u) => u.login === form['fr.email'] && u.password === form['fr.password']);
        if (!user) return send(res, 200, page('oauth2-login.html'));
        flow.user = user;
        const scenario = user.scenario ?? 'ok';
        const next: Partial<Record<LoginScenario, string>> = {
          captcha: 'oauth2-captcha.html',
          verification: 'oauth2-verification.html',
          blocked: 'oauth2-blocked.html',
          unexpected: 'unexpected.html',
          'app-error-page': 'oauth2-error.html',
        };
        if (next[scenario]) return redirect(res, `/dk?st.cmd=page&st.page=${next[scenario]}`);
        const auth = [`AUTHCODE=${user.uid}; Path=/; HttpOnly`];
        if (scenario === 'remembered' || remembered.has(`${user.uid}:${flow.appId}`)) {
          res.setHeader('set-cookie', auth);
          return finishFlow(res, flowId!);
        }
        return redirect(res, `/dk?st.cmd=OAuth2Permissions&st.layout=w`, auth);
      }
      if (cmd === 'page') return send(res, 200, page(q.get('st.page')!));
      if (cmd === 'OAuth2Permissions' && req.method === 'GET') {
        if (!flow.user || cookieOf(req, 'AUTHCODE') !== flow.user.uid) return send(res, 200, page('unexpected.html'));
        return send(res, 200, page('oauth2-permissions.html'));
      }
      if (cmd === 'OAuth2Permissions' && req.method === 'POST') {
        if (form['fr.token'] !== PERMISSIONS_FORM_TOKEN || form['fr.posted'] !== 'set' || !('button_accept_request' in form)) return send(res, 400, 'bad form');
        return finishFlow(res, flowId!);
      }
      return send(res, 200, page('unexpected.html'));
    }

    // The token endpoint (api.ok.ru/oauth/token.do).
    if (url.pathname === '/oauth/token.do') {
      const app = apps.find((a) => String(a.appId) === form.client_id);
      if (req.method !== 'POST' || !app || form.client_secret !== app.appSecretKey) return json(res, { error: 'invalid_client', error_description: 'Bad client credentials' }, 401);
      counters.tokenGrants[form.grant_type!] = (counters.tokenGrants[form.grant_type!] ?? 0) + 1;
      if (options.tokenDelayMs) await new Promise((r) => setTimeout(r, options.tokenDelayMs));
      if (form.grant_type === 'authorization_code') {
        const code = codes.get(form.code!);
        if (!code || code.appId !== app.appId || code.redirectUri !== form.redirect_uri) return json(res, { error: 'invalid_grant', error_description: 'Invalid code or redirect_uri' }, 400);
        codes.delete(form.code!);
        const refreshToken = `rft${randomBytes(8).toString('hex')}`;
        refreshTokens.set(refreshToken, { appId: app.appId, uid: code.uid });
        return json(res, { access_token: newToken({ uid: code.uid, appId: app.appId, kind: 'oauth' }), token_type: 'session', refresh_token: refreshToken, expires_in: String(expiresIn) });
      }
      if (form.grant_type === 'refresh_token') {
        const known = refreshTokens.get(form.refresh_token!);
        if (!known || known.appId !== app.appId) return json(res, { error: 'invalid_grant', error_description: 'Invalid refresh token' }, 400);
        const body: Record<string, string> = { access_token: newToken({ uid: known.uid, appId: app.appId, kind: 'oauth' }), token_type: 'session', expires_in: String(expiresIn) };
        if (options.rotateRefreshTokens) {
          refreshTokens.delete(form.refresh_token!);
          body.refresh_token = `rft${randomBytes(8).toString('hex')}`;
          refreshTokens.set(body.refresh_token, known);
        }
        return json(res, body);
      }
      return json(res, { error: 'unsupported_grant_type' }, 400);
    }

    // The API (api.ok.ru/fb.do).
    if (url.pathname === '/fb.do') {
      counters.apiCalls++;
      const p = req.method === 'POST' ? form : Object.fromEntries(url.searchParams);
      const app = apps.find((a) => a.appKey === p.application_key);
      if (!app) return json(res, { error_code: 101, error_msg: 'PARAM_API_KEY : Application key is invalid' });
      if (p.method === 'auth.login') {
        if (req.method !== 'POST') return json(res, { error_code: 100, error_msg: 'PARAM : auth.login must be a POST here' });
        const user = users.find((u) => u.login === p.user_name && u.password === p.password);
        if (!user) return json(res, { error_code: 401, error_msg: 'AUTH_LOGIN : Invalid login or password' });
        if (user.scenario === 'captcha') return json(res, { error_code: 402, error_msg: 'AUTH_LOGIN_CAPTCHA : Captcha is required' });
        if (user.scenario === 'verification') return json(res, { error_code: 403, error_msg: 'AUTH_LOGIN_WEB_HUMAN_CHECK : Verification is required' });
        const sessionSecretKey = randomBytes(16).toString('hex');
        return json(res, { uid: user.uid, session_key: newToken({ uid: user.uid, appId: app.appId, sessionSecretKey, kind: 'login' }), session_secret_key: sessionSecretKey, api_server: 'https://api.ok.ru/' });
      }
      const token = p.access_token ? tokens.get(p.access_token) : undefined;
      if (!token) return json(res, { error_code: 103, error_msg: 'PARAM_SESSION_KEY : Invalid session key' });
      const secret = token.sessionSecretKey && p.sig === referenceSig(p, token.sessionSecretKey) ? token.sessionSecretKey : md5(p.access_token! + app.appSecretKey);
      if (p.sig !== referenceSig(p, secret)) return json(res, { error_code: 104, error_msg: 'PARAM_SIGNATURE : Invalid signature' });
      if (Date.now() >= token.expiresAt) return json(res, { error_code: 102, error_msg: 'PARAM_SESSION_EXPIRED : Session expired' });
      return json(res, { uid: token.uid, method: p.method });
    }
    send(res, 404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    requests,
    counters,
    /** An authorization code as the dialog would give it after the user agreed. */
    issueCode(uid = FAKE_USER.uid, redirectUri = 'https://app.example/callback', appId = FAKE_APP.appId) {
      const code = `code${randomBytes(6).toString('hex')}`;
      codes.set(code, { appId, redirectUri, uid });
      return code;
    },
    issueRefreshToken(uid = FAKE_USER.uid, appId = FAKE_APP.appId) {
      const token = `rft${randomBytes(8).toString('hex')}`;
      refreshTokens.set(token, { appId, uid });
      return token;
    },
    /** Makes every access token issued so far expire. */
    expireAllTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeOk = Awaited<ReturnType<typeof startFakeOk>>;
