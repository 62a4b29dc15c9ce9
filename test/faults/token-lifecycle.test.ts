// A token lifecycle that fails safe: tokens obtained are used even when onTokens fails (which the triggering call
// reports once, and no grant follows); a refused grant makes the session terminal (no more requests); close() wins
// over a refresh under way; a stored expiresAt is kept exactly.
import { afterEach, describe, expect, it } from 'vitest';
import {
  API,
  LoginRequiredError,
  OAuthError,
  OkConfigError,
  RefreshSession,
  TokenStorageError,
  type OAuthTokens,
} from '../../src/index.js';
import { FAKE_APP, startFakeOk, type FakeOk } from '../helpers/fake-ok.js';
import { expectNoSecrets } from '../helpers/leaks.js';

let fake: FakeOk;
afterEach(async () => fake?.close());

const grants = () => fake.counters.tokenGrants.refresh_token ?? 0;

describe('onTokens fails', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('disk full');
      },
    ],
    ['rejects', () => Promise.reject(new Error('disk full'))],
  ])(
    'when it %s: the first call says so once, the tokens are in use, 6 calls → 1 grant, 5 API calls',
    async (_how, onTokens) => {
      fake = await startFakeOk();
      const refreshToken = fake.issueRefreshToken();
      const session = new RefreshSession({ ...FAKE_APP, refreshToken, oauthBaseUrl: fake.base, onTokens });
      const ok = new API(session, { baseUrl: fake.base });
      const results = [];
      for (let i = 0; i < 6; i++)
        results.push(
          await ok.call('users.getCurrentUser').then(
            () => 'ok',
            (e: unknown) => e,
          ),
        );
      expect(results[0]).toBeInstanceOf(TokenStorageError);
      expect((results[0] as Error).message).toBe(
        'new tokens were obtained and are in use, but onTokens failed to store them',
      );
      expect(((results[0] as Error).cause as Error).message).toBe('disk full');
      expect(results.slice(1)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(grants()).toBe(1);
      expect(fake.counters.apiCalls).toBe(5);
      expect(session.accessToken).toMatch(/^mock-[0-9a-f]{24}$/);
      expectNoSecrets(results[0], [session.accessToken!, refreshToken, FAKE_APP.appSecretKey]);
    },
  );

  it('concurrent calls waiting for the same refresh: only the one that started it hears of the failure', async () => {
    fake = await startFakeOk({ tokenDelayMs: 50 });
    let fail = false;
    const session = new RefreshSession({
      ...FAKE_APP,
      refreshToken: fake.issueRefreshToken(),
      oauthBaseUrl: fake.base,
      onTokens: () => {
        if (fail) throw new Error('store down');
      },
    });
    const ok = new API(session, { baseUrl: fake.base });
    await session.authorize();
    fail = true;
    fake.expireAllTokens();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => ok.call('users.getCurrentUser')));
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([
      expect.any(TokenStorageError),
    ]);
    expect(grants()).toBe(2);
  });
});

describe('a refused grant is terminal', () => {
  it('invalid_grant: the first call gets LoginRequiredError, 10 more fail at once with it, 1 grant, 0 API calls', async () => {
    fake = await startFakeOk();
    const session = new RefreshSession({ ...FAKE_APP, refreshToken: 'rft-unknown', oauthBaseUrl: fake.base });
    const ok = new API(session, { baseUrl: fake.base });
    const errors = [];
    for (let i = 0; i < 11; i++) errors.push(await ok.call('users.getCurrentUser').catch((e: unknown) => e));
    for (const e of errors) {
      expect(e).toBeInstanceOf(LoginRequiredError);
      expect(e).toBeInstanceOf(OAuthError);
      expect(e).toMatchObject({ error: 'invalid_grant' });
    }
    expect(grants()).toBe(1);
    expect(fake.counters.apiCalls).toBe(0);
    expect(session).toMatchObject({ revoked: true, canRefresh: false });
    expect(() => session.auth(true)).toThrow(LoginRequiredError);
    expectNoSecrets(errors[0], ['rft-unknown', FAKE_APP.appSecretKey]);
  });

  it('the refresh token revoked while in use: after the failed refresh, later calls send nothing', async () => {
    fake = await startFakeOk();
    const session = new RefreshSession({
      ...FAKE_APP,
      refreshToken: fake.issueRefreshToken(),
      oauthBaseUrl: fake.base,
    });
    const ok = new API(session, { baseUrl: fake.base });
    await ok.call('users.getCurrentUser');
    // Revoke on the server side: the session now holds a refresh token OK does not know.
    (session as unknown as { applyTokens(t: OAuthTokens): void }).applyTokens({
      accessToken: session.accessToken!,
      refreshToken: 'rft-revoked',
    });
    fake.expireAllTokens();
    const calls = fake.counters.apiCalls;
    await expect(ok.call('users.getCurrentUser')).rejects.toBeInstanceOf(LoginRequiredError);
    expect(fake.counters.apiCalls - calls).toBe(1); // the call that got 102
    for (let i = 0; i < 5; i++)
      await expect(ok.call('users.getCurrentUser')).rejects.toBeInstanceOf(LoginRequiredError);
    expect(fake.counters.apiCalls - calls).toBe(1);
    expect(grants()).toBe(2);
  });
});

describe('close() wins', () => {
  it('a refresh that lands after close is discarded: no tokens kept, onTokens not called, the call fails', async () => {
    fake = await startFakeOk({ tokenDelayMs: 150 });
    const told: OAuthTokens[] = [];
    const session = new RefreshSession({
      ...FAKE_APP,
      refreshToken: fake.issueRefreshToken(),
      oauthBaseUrl: fake.base,
      onTokens: (t) => void told.push(t),
    });
    const ok = new API(session, { baseUrl: fake.base });
    const pending = ok.call('users.getCurrentUser').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    await session.close();
    const error = await pending;
    expect(error).toBeInstanceOf(OkConfigError);
    expect((error as Error).message).toBe('this session was closed while it obtained tokens; they were discarded');
    expect(grants()).toBe(1);
    expect(session.accessToken).toBeUndefined();
    expect(session.refreshToken).toBeUndefined();
    expect(told).toEqual([]);
    await expect(ok.call('users.getCurrentUser')).rejects.toThrow('this session is closed');
    expect(fake.counters.apiCalls).toBe(0);
  });
});

describe('expiresAt', () => {
  it('given to a RefreshSession, it is kept exactly as given', async () => {
    fake = await startFakeOk();
    const expiresAt = Date.now() + 3_600_000 + 0.123;
    const session = new RefreshSession({
      ...FAKE_APP,
      refreshToken: fake.issueRefreshToken(),
      accessToken: 'stored-token',
      expiresAt,
      oauthBaseUrl: fake.base,
    });
    await session.authorize();
    await new Promise((r) => setTimeout(r, 5));
    expect(session.expiresAt).toBe(expiresAt);
    expect(session.accessToken).toBe('stored-token');
    expect(grants()).toBe(0);
  });
});
