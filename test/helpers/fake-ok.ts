// A local server that behaves like OK for the OAuth tests: okru/mock behind a front that adds what the mock cannot
// give. Its own: OK's real login-dialog pages and their failure scenarios (fake-ok-dialog.ts), auth.login's captcha
// and verification answers, and the test hooks (the request log, counters, a delay on the token endpoint, expiring
// every token, issuing codes and refresh tokens). The mock's: oauth/token.do, fb.do's checks and results, and every
// token, code and refresh token, so that calls with what the fake hands out pass the mock's real checks (signature,
// expiry 102, permissions).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PERMISSIONS, type Permission } from '../../generated/permissions.js';
import { createMockServer, type MockConfig } from '../../src/mock/index.js';
import { okError, type OkErrorBody } from '../../src/mock/errors.js';
import { jsonReply, send, textReply } from '../../src/mock/reply.js';
import type { MockState } from '../../src/mock/state.js';
import { loginDialog, type DialogUser } from './fake-ok-dialog.js';
import { proxyTo } from './fake-ok-proxy.js';
import { parseForm } from './wire.js';

export { PERMISSIONS_FORM_TOKEN, type LoginScenario } from './fake-ok-dialog.js';

export interface FakeUser extends DialogUser {
  /**
   * What the user grants: the dialog grants the scope asked for within it; codes and refresh tokens from the hooks,
   * and auth.login, carry all of it. Every permission by default (the dialog grants whatever is asked).
   */
  permissions?: Permission[];
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

export interface FakeOkOptions {
  apps?: FakeApp[];
  users?: FakeUser[];
  /** Seconds new access tokens live (with LONG_ACCESS_TOKEN or without). */
  expiresIn?: number;
  /** Give a new refresh token on each refresh (the mock's rotateRefreshTokens: the one used is spent). */
  rotateRefreshTokens?: boolean;
  /** Delay of token.do answers, to let concurrent calls pile up. */
  tokenDelayMs?: number;
}

export const FAKE_APP: FakeApp = { appId: 512000123456, appKey: 'CBAFAKEAPPKEY', appSecretKey: 'FAKE-APP-SECRET-0123' };
export const FAKE_USER: FakeUser = { login: 'ivan@example.com', password: 'p@ss word+Ж', uid: '575662066926' };

const mockConfig = (apps: FakeApp[], users: FakeUser[]): MockConfig => ({
  apps,
  users: users.map((u) => ({
    uid: u.uid,
    name: `Fake User ${u.uid}`,
    login: u.login,
    password: u.password,
    permissions: [...(u.permissions ?? PERMISSIONS)],
  })),
});

/**
 * auth.login's answers the mock has no user state for (captcha 402, verification 403), and a GET refused so that no
 * test passes with the password in a URL; undefined: the mock answers (101, 401, or the session).
 */
function ownAuthLoginAnswer(
  state: MockState,
  users: readonly FakeUser[],
  method: string,
  p: Record<string, string>,
): OkErrorBody | undefined {
  if (p.method !== 'auth.login' || !state.appByKey(p.application_key)) return undefined;
  if (method !== 'POST') return okError(100, 'auth.login must be a POST here');
  const user = users.find((u) => u.login === p.user_name && u.password === p.password);
  if (user?.scenario === 'captcha') return okError(402, 'Captcha is required');
  if (user?.scenario === 'verification') return okError(403, 'Verification is required');
  return undefined;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeOk(options: FakeOkOptions = {}) {
  const apps = options.apps ?? [FAKE_APP];
  const users = options.users ?? [FAKE_USER];
  const expiresIn = options.expiresIn ?? 1800;
  const mock = await createMockServer({
    config: mockConfig(apps, users),
    lifetimes: { accessTokenS: expiresIn, longAccessTokenS: expiresIn },
    rotateRefreshTokens: options.rotateRefreshTokens,
  });
  const { state } = mock;
  const proxy = proxyTo(mock.url);
  const dialog = loginDialog(state, users);
  const requests: Recorded[] = [];
  const counters = { tokenGrants: { authorization_code: 0, refresh_token: 0 } as Record<string, number>, apiCalls: 0 };
  const grantOf = (uid: string): Permission[] => [...(state.user(uid)?.permissions ?? ['VALUABLE_ACCESS'])];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url!, 'http://fake.ok');
    const body = await readAll(req);
    const form = req.method === 'POST' ? parseForm(body.toString('utf8')) : {};
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method!, path: url.pathname, query, form, headers: req.headers });
    const params = { ...query, ...form };

    if (url.pathname === '/oauth/authorize' || url.pathname === '/dk') {
      const reply = dialog(req, url, form);
      return reply ? send(res, reply) : proxy.forward(req, body, res);
    }
    if (url.pathname === '/oauth/token.do') {
      const grant = params.grant_type ?? '(none)';
      counters.tokenGrants[grant] = (counters.tokenGrants[grant] ?? 0) + 1;
      if (options.tokenDelayMs) await new Promise((r) => setTimeout(r, options.tokenDelayMs));
      return proxy.forward(req, body, res);
    }
    if (url.pathname === '/fb.do') {
      counters.apiCalls++;
      const own = ownAuthLoginAnswer(state, users, req.method!, params);
      return own ? send(res, jsonReply(own)) : proxy.forward(req, body, res);
    }
    send(res, textReply('not found', 404));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    /** The mock behind the fake: its state holds every token, code and refresh token the fake hands out. */
    mock,
    requests,
    counters,
    /** An authorization code as the dialog would give it after the user agreed. */
    issueCode(uid = FAKE_USER.uid, redirectUri = 'https://app.example/callback', appId = FAKE_APP.appId) {
      const code = state.newSecret(10);
      state.codes.set(code, { appId, uid, redirectUri, permissions: grantOf(uid) }, state.lifetimes.codeS * 1000);
      return code;
    },
    issueRefreshToken(uid = FAKE_USER.uid, appId = FAKE_APP.appId) {
      return state.issueRefreshToken({ appId, uid, permissions: grantOf(uid) });
    },
    /** Makes every access token issued so far expire: calls with them get 102 from the mock. */
    expireAllTokens() {
      for (const grant of state.tokens.values()) grant.expiresAt = 0;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      proxy.close();
      await mock.close();
    },
  };
}

export type FakeOk = Awaited<ReturnType<typeof startFakeOk>>;
