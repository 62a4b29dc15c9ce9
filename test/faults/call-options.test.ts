// Per-call options: `{ signal, timeout }` as the last argument of every method, of `call` and of the per-method
// functions. An aborted call rejects promptly with OkAbortError (its cause the signal's reason) wherever it is:
// being sent, waiting in rateLimit(), in a retry() backoff, or behind a token refresh; and a call aborted while it
// waits is never sent afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, OkAbortError, OkConfigError, RefreshSession, ServerSession, rateLimit, retry } from '../../src/index.js';
import { usersGetInfo } from '../../src/methods.js';
import { FAKE_APP, startFakeOk, type FakeOk } from '../helpers/fake-ok.js';
import { failureOf, json, settlesBefore, stall, startHostile, status, type HostileServer } from './hostile.js';

let server: HostileServer;
beforeEach(async () => {
  server = await startHostile(json(['575662066927']));
});
afterEach(async () => {
  await server.close();
});

const session = () => new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' });
const abortAfter = (ms: number, reason: unknown = new Error('changed my mind')) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), ms);
  return { signal: controller.signal, reason };
};

describe('timeout', () => {
  it("a call's timeout overrides the client's", async () => {
    server.behave(stall);
    const ok = new API(session(), { baseUrl: server.url, timeout: 60_000 });
    const { error, ms } = await failureOf(() => ok.friends.get({}, { timeout: 100 }));
    expect(error).toMatchObject({ name: 'OkTimeoutError', method: 'friends.get', timeout: 100 });
    expect(ms).toBeLessThan(5_000);
  });

  it('bad options are an OkConfigError before anything is sent', async () => {
    const ok = new API(session(), { baseUrl: server.url });
    await expect(ok.friends.get({}, { timeout: -5 })).rejects.toThrow(
      new OkConfigError('friends.get: timeout must be a positive number of milliseconds or false'),
    );
    await expect(ok.friends.get({}, { signal: 'stop' as never })).rejects.toThrow(
      new OkConfigError('friends.get: the signal option must be an AbortSignal'),
    );
    expect(() => new API(session(), { maxResponseBytes: 0 })).toThrow(
      'API: maxResponseBytes must be a positive integer (bytes)',
    );
    expect(server.hits).toHaveLength(0);
  });
});

describe('signal', () => {
  it('already aborted: rejects at once, nothing sent', async () => {
    const ok = new API(session(), { baseUrl: server.url });
    const reason = new Error('too late');
    const { error } = await failureOf(() => ok.friends.get({}, { signal: AbortSignal.abort(reason) }));
    expect(error).toBeInstanceOf(OkAbortError);
    expect(error).toMatchObject({ method: 'friends.get', message: 'friends.get: aborted: too late' });
    expect((error as Error).cause).toBe(reason);
    expect(server.hits).toHaveLength(0);
  });

  it('while the request is under way: every entry point (group method, call, per-method function)', async () => {
    server.behave(stall);
    const ok = new API(session(), { baseUrl: server.url, timeout: false });
    const entries = [
      (signal: AbortSignal) => ok.users.getInfo({ uids: ['1'], fields: ['first_name'] }, { signal }),
      (signal: AbortSignal) => ok.call('users.getInfo', { uids: ['1'], fields: ['first_name'] }, { signal }),
      (signal: AbortSignal) => usersGetInfo(ok, { uids: ['1'], fields: ['first_name'] }, { signal }),
    ];
    for (const entry of entries) {
      const { signal, reason } = abortAfter(50);
      const { error, ms } = await failureOf(() => entry(signal));
      expect(error).toBeInstanceOf(OkAbortError);
      expect((error as Error).cause).toBe(reason);
      expect(ms).toBeLessThan(2_000);
    }
    expect(server.hits).toHaveLength(3);
  });

  it('keeps a reason that is not an Error, and the default AbortError', async () => {
    server.behave(stall);
    const ok = new API(session(), { baseUrl: server.url, timeout: false });
    const custom = await failureOf(() => ok.friends.get({}, { signal: abortAfter(20, 'user left').signal }));
    expect((custom.error as Error).cause).toBe('user left');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const plain = await failureOf(() => ok.friends.get({}, { signal: controller.signal }));
    expect((plain.error as Error).cause).toMatchObject({ name: 'AbortError' });
  });

  it('while waiting in rateLimit(): rejects promptly, and is not sent when its turn comes', async () => {
    const ok = new API(session(), { baseUrl: server.url, middleware: [rateLimit({ limit: 1, interval: 400 })] });
    await ok.friends.get();
    const { signal } = abortAfter(50);
    const call = failureOf(() => ok.friends.get({}, { signal }));
    // Rejected before its turn (400 ms after the first call) came.
    expect(await settlesBefore(call, 400)).toBe(true);
    expect((await call).error).toBeInstanceOf(OkAbortError);
    await new Promise((r) => setTimeout(r, 600));
    expect(server.hits).toHaveLength(1);
  });

  it('while waiting in a retry() backoff: rejects promptly, no further try', async () => {
    server.behave(status(503, 'busy', { 'retry-after': '5' }));
    const ok = new API(session(), { baseUrl: server.url, middleware: [retry()] });
    const { signal } = abortAfter(100);
    const { error, ms } = await failureOf(() => ok.friends.get({}, { signal }));
    expect(error).toBeInstanceOf(OkAbortError);
    expect(ms).toBeLessThan(2_000);
    expect(server.hits).toHaveLength(1);
  });
});

describe('signal behind a token refresh', () => {
  let fake: FakeOk;
  afterEach(async () => fake.close());

  it('a call waiting for the refresh rejects promptly; the refresh goes on and the next call uses it', async () => {
    fake = await startFakeOk({ tokenDelayMs: 500 });
    const refresh = new RefreshSession({
      ...FAKE_APP,
      refreshToken: fake.issueRefreshToken(),
      oauthBaseUrl: fake.base,
    });
    const ok = new API(refresh, { baseUrl: fake.base });
    await refresh.authorize();
    fake.expireAllTokens();
    const grants = fake.counters.tokenGrants.refresh_token!;
    const { signal } = abortAfter(100);
    const call = failureOf(() => ok.call('users.getCurrentUser', {}, { signal }));
    // Rejected before the refresh (500 ms at the fake, from when its request arrives) could have answered.
    expect(await settlesBefore(call, 500)).toBe(true);
    expect((await call).error).toBeInstanceOf(OkAbortError);
    await expect(ok.call('users.getCurrentUser')).resolves.toMatchObject({ uid: expect.any(String) });
    expect(fake.counters.tokenGrants.refresh_token! - grants).toBe(1);
  });
});
