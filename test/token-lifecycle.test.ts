// Token lifecycle: a call that fails with 102 PARAM_SESSION_EXPIRED, or a token known to have expired, makes a session
// that can refresh do so once and try again; concurrent calls share one refresh.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  API,
  OAuthError,
  PasswordClientSession,
  RefreshSession,
  isSessionExpired,
  rateLimit,
  type Middleware,
  type OAuthTokens,
} from '../src/index.js';
import { FAKE_APP, FAKE_USER, startFakeOk, type FakeOk } from './helpers/fake-ok.js';

let fake: FakeOk | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
  fake = undefined;
});

async function refreshable(options: Parameters<typeof startFakeOk>[0] = {}) {
  fake = await startFakeOk({ tokenDelayMs: 25, ...options });
  const tokens: OAuthTokens[] = [];
  const session = new RefreshSession({
    ...FAKE_APP,
    refreshToken: fake.issueRefreshToken(),
    oauthBaseUrl: fake.base,
    onTokens: (t) => void tokens.push(t),
  });
  const api = new API(session, { baseUrl: fake.base });
  await session.authorize();
  return { fake, session, api, tokens };
}

describe('refresh on 102 PARAM_SESSION_EXPIRED', () => {
  it('100 concurrent calls on an expired token cause exactly 1 refresh, and all succeed', async () => {
    const { fake, session, api, tokens } = await refreshable();
    const oldToken = session.accessToken;
    fake.expireAllTokens();
    const grants = fake.counters.tokenGrants.refresh_token!;
    const results = await Promise.all(Array.from({ length: 100 }, () => api.call('users.getCurrentUser')));
    expect(results.every((r) => (r as { uid: string }).uid === FAKE_USER.uid)).toBe(true);
    expect(fake.counters.tokenGrants.refresh_token! - grants).toBe(1);
    expect(session.accessToken).not.toBe(oldToken);
    // onTokens: once for authorize(), once for the refresh.
    expect(tokens).toHaveLength(2);
    expect(tokens[1]!.accessToken).toBe(session.accessToken);
  });

  it('retries a call once only: a second 102 is thrown', async () => {
    const { fake, api } = await refreshable();
    const grants = fake.counters.tokenGrants.refresh_token!;
    // Every token the server gives from now on is already expired.
    const expireEach = (async (input: string | URL | Request, init?: RequestInit) => {
      fake.expireAllTokens();
      return fetch(input as string, init);
    }) as typeof fetch;
    const stubborn = new API(api.session, { baseUrl: fake.base, fetch: expireEach });
    const err = await stubborn.call('users.getCurrentUser').catch((e: unknown) => e);
    expect(isSessionExpired(err)).toBe(true);
    expect(fake.counters.tokenGrants.refresh_token! - grants).toBe(1);
  });

  it('when the refresh itself fails, every waiting call gets that error, after 1 attempt', async () => {
    const { fake, session, api } = await refreshable();
    fake.expireAllTokens();
    // Revoke the refresh token on the server side.
    (session as unknown as { applyTokens(t: OAuthTokens): Promise<void> }).applyTokens({
      accessToken: session.accessToken!,
      refreshToken: 'rft-revoked',
    });
    const grants = fake.counters.tokenGrants.refresh_token!;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => api.call('users.getCurrentUser')));
    expect(
      results.every(
        (r) => r.status === 'rejected' && r.reason instanceof OAuthError && r.reason.error === 'invalid_grant',
      ),
    ).toBe(true);
    expect(fake.counters.tokenGrants.refresh_token! - grants).toBe(1);
  });

  it('the call sent again after the refresh goes through the middleware again: it waits its turn in rateLimit', async () => {
    const { fake, session } = await refreshable();
    const passes: { at: number; token: string | undefined }[] = [];
    const stamp: Middleware = (request, next) => {
      passes.push({ at: performance.now(), token: session.accessToken });
      return next(request);
    };
    const api = new API(session, { baseUrl: fake.base, middleware: [rateLimit({ limit: 1, interval: 300 }), stamp] });
    const oldToken = session.accessToken;
    fake.expireAllTokens();
    await expect(api.call('users.getCurrentUser')).resolves.toMatchObject({ uid: FAKE_USER.uid });
    expect(passes).toHaveLength(2);
    expect(passes[0]!.token).toBe(oldToken);
    expect(passes[1]!.token).toBe(session.accessToken);
    expect(passes[1]!.token).not.toBe(oldToken);
    // The limiter let the second try through only once the window of the first had passed.
    expect(passes[1]!.at - passes[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('a session that cannot refresh passes the 102 error on', async () => {
    fake = await startFakeOk();
    const session = new PasswordClientSession({
      appId: FAKE_APP.appId,
      appKey: FAKE_APP.appKey,
      login: FAKE_USER.login,
      password: FAKE_USER.password,
      oauthBaseUrl: fake.base,
    });
    const api = new API(session, { baseUrl: fake.base });
    await api.call('users.getCurrentUser');
    fake.expireAllTokens();
    expect(session.canRefresh).toBe(false);
    const err = await api.call('users.getCurrentUser').catch((e: unknown) => e);
    expect(isSessionExpired(err)).toBe(true);
  });
});

describe('refresh when the known expiry has passed', () => {
  it('refreshes before sending, once for 100 concurrent calls, with no call failing first', async () => {
    const { fake, session, api } = await refreshable();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1801 * 1000);
    expect(session.expired).toBe(true);
    const grants = fake.counters.tokenGrants.refresh_token!;
    const calls = fake.counters.apiCalls;
    const results = await Promise.all(Array.from({ length: 100 }, () => api.call('users.getCurrentUser')));
    expect(results).toHaveLength(100);
    expect(fake.counters.tokenGrants.refresh_token! - grants).toBe(1);
    // No call went out with the stale token: exactly one request per call.
    expect(fake.counters.apiCalls - calls).toBe(100);
    expect(session.expired).toBe(false);
  });
});
