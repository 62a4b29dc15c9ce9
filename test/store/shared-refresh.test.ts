// RefreshSession({ store, storeKey }): sessions of one user in several clients, each with its own connection to the
// store (as separate processes have; fleet.test.ts does it with processes), refresh the user's token once between
// them. Against the fake OK with rotating refresh tokens, so that a session that refreshed with a spent refresh token
// (a lost rotation) would fail with invalid_grant. The same tests for MemoryStore and Redis.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  LoginRequiredError,
  MemoryStore,
  OkAbortError,
  OkConfigError,
  RefreshServerSession,
  RefreshSession,
  StoreError,
  type OAuthTokens,
  type SharedStore,
} from '../../src/index.js';
import { FAKE_APP, startFakeOk, type FakeOk } from '../helpers/fake-ok.js';
import { storeKinds, storeWith } from './stores.js';

let fake: FakeOk;
afterEach(async () => fake?.close());

const grants = () => fake.counters.tokenGrants.refresh_token ?? 0;

function session(store: SharedStore, refreshToken: string, extra: object = {}) {
  return new RefreshServerSession({
    ...FAKE_APP,
    refreshToken,
    oauthBaseUrl: fake.base,
    store,
    storeKey: 'user:575662066926',
    ...extra,
  });
}

describe.each(storeKinds('test/store/shared-refresh'))('$name', (kind) => {
  beforeAll(() => kind.start(), 30_000);
  afterEach(() => kind.reset());
  afterAll(() => kind.stop());

  /** K sessions of one user, each with its own store connection, and a client over each. */
  async function fleet(k: number, refreshToken: string, extra: object = {}) {
    const sessions = await Promise.all(
      Array.from({ length: k }, async () => session(await kind.connect(), refreshToken, extra)),
    );
    return { sessions, clients: sessions.map((s) => new API(s, { baseUrl: fake.base })) };
  }

  it('5 sessions start at once: one grant; all use the same token', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true, tokenDelayMs: 50 });
    const { sessions, clients } = await fleet(5, fake.issueRefreshToken());
    const users = await Promise.all(clients.map((ok) => ok.users.getCurrentUser()));
    expect(users.map((u) => (u as { uid: string }).uid)).toEqual(Array(5).fill('575662066926'));
    expect(grants()).toBe(1);
    expect(new Set(sessions.map((s) => s.accessToken)).size).toBe(1);
  });

  it('5 sessions meet 102 at once, twice, with rotating refresh tokens: one grant each time, every call succeeds', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true, tokenDelayMs: 50 });
    const { sessions, clients } = await fleet(5, fake.issueRefreshToken());
    await Promise.all(sessions.map((s) => s.authorize()));
    expect(grants()).toBe(1);
    for (const round of [2, 3]) {
      const before = sessions[0]!.accessToken;
      fake.expireAllTokens();
      const calls = fake.counters.apiCalls;
      const results = await Promise.all(clients.flatMap((ok) => [ok.friends.get(), ok.users.getCurrentUser()]));
      expect(results).toHaveLength(10);
      expect(grants()).toBe(round);
      const tokens = new Set(sessions.map((s) => s.accessToken));
      expect(tokens.size).toBe(1);
      expect(tokens.has(before)).toBe(false);
      // Each call: one 102, then once more with the new token.
      expect(fake.counters.apiCalls - calls).toBe(20);
      // Every session holds the newest refresh token: the rotated one, which OK would accept next time.
      expect(new Set(sessions.map((s) => s.refreshToken)).size).toBe(1);
    }
  });

  it('a session started later takes the stored tokens: no grant', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true });
    const first = session(await kind.connect(), fake.issueRefreshToken());
    await first.authorize();
    const spent = 'rft-spent-by-the-first-refresh';
    const later = session(await kind.connect(), spent);
    await new API(later, { baseUrl: fake.base }).friends.get();
    expect(grants()).toBe(1);
    expect(later.accessToken).toBe(first.accessToken);
    expect(later.refreshToken).toBe(first.refreshToken);
  });

  it('a lock holder that died releases by expiry: the others wait for it, then one of them refreshes', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true });
    const refreshToken = fake.issueRefreshToken();
    // A holder that took the lock and never came back (fleet.test.ts kills a real process instead).
    const lockTimeout = 600;
    const deadHolder = await kind.connect();
    expect(await deadHolder.lock(`okru:${FAKE_APP.appId}:lock:user:575662066926`, 'dead', lockTimeout)).toBe(true);
    const heldAt = Date.now();
    const { sessions, clients } = await fleet(3, refreshToken, { lockTimeout, timeout: 500 });
    await Promise.all(clients.map((ok) => ok.friends.get()));
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(lockTimeout - 20);
    expect(grants()).toBe(1);
    expect(new Set(sessions.map((s) => s.accessToken)).size).toBe(1);
  });

  it("a call waiting for another process's refresh ends on its own signal (OkAbortError); close() ends the wait", async () => {
    fake = await startFakeOk();
    const holder = await kind.connect();
    await holder.lock(`okru:${FAKE_APP.appId}:lock:user:575662066926`, 'busy', 10_000);
    const store = await kind.connect();
    let reads = 0;
    const get = store.get.bind(store);
    store.get = (key) => {
      reads++;
      return get(key);
    };
    const waiting = session(store, fake.issueRefreshToken());
    const ok = new API(waiting, { baseUrl: fake.base });
    const error = await ok.friends.get({}, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkAbortError);
    // The refresh goes on for other callers, polling the store, until the session is closed.
    expect(reads).toBeGreaterThan(0);
    await waiting.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reads).toBe(after);
    expect(grants()).toBe(0);
    expect(fake.counters.apiCalls).toBe(0);
  });

  it('the wait for another process is bounded: StoreError after twice lockTimeout, nothing sent', async () => {
    fake = await startFakeOk();
    const holder = await kind.connect();
    // Held longer than the waiters' bound (a lock from a process with a longer lockTimeout).
    await holder.lock(`okru:${FAKE_APP.appId}:lock:user:575662066926`, 'busy', 10_000);
    const [ok] = (await fleet(1, fake.issueRefreshToken(), { lockTimeout: 300, timeout: 200 })).clients;
    const error = await ok!.friends.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'the shared store failed to wait for another process to refresh the tokens: no new tokens within 600 ms while another process held the lock',
    );
    expect(grants()).toBe(0);
    expect(fake.counters.apiCalls).toBe(0);
  });

  it('a refresh lock whose taking failed although the store took it is released: another process takes it at once', async () => {
    fake = await startFakeOk();
    const store = await kind.connect();
    const unlocks: Promise<void>[] = [];
    const lost = storeWith(store, {
      lock: async (...args) => {
        await store.lock(...args);
        throw new Error('Redis did not answer within 100 ms');
      },
      unlock: (...args) => {
        const unlock = store.unlock(...args);
        unlocks.push(unlock);
        return unlock;
      },
    });
    const error = await session(lost, fake.issueRefreshToken())
      .authorize()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'the shared store failed to take the refresh lock: Redis did not answer within 100 ms',
    );
    await Promise.all(unlocks);
    // Held under the failed owner, the lock would keep every process from refreshing for lockTimeout (30 s).
    expect(await store.lock(`okru:${FAKE_APP.appId}:lock:user:575662066926`, 'next', 10_000)).toBe(true);
    expect(unlocks).toHaveLength(1);
    expect(grants()).toBe(0);
  });

  it('a refresh token OK refused: one grant for all; every session fails with LoginRequiredError, none asks again', async () => {
    fake = await startFakeOk();
    const { sessions, clients } = await fleet(4, 'rft-unknown');
    const errors = await Promise.all(clients.map((ok) => ok.friends.get().catch((e: unknown) => e)));
    for (const e of errors) expect(e).toBeInstanceOf(LoginRequiredError);
    expect(grants()).toBe(1);
    expect(sessions.every((s) => s.revoked)).toBe(true);
    expect(fake.counters.apiCalls).toBe(0);
  });

  it('after a refused refresh token, a session given a new one (the user logged in again) refreshes with it', async () => {
    fake = await startFakeOk();
    const [dead] = (await fleet(1, 'rft-unknown')).clients;
    await expect(dead!.friends.get()).rejects.toBeInstanceOf(LoginRequiredError);
    const renewed = session(await kind.connect(), fake.issueRefreshToken());
    await new API(renewed, { baseUrl: fake.base }).friends.get();
    expect(grants()).toBe(2);
    const again = session(await kind.connect(), 'rft-unknown');
    // The store now holds the new tokens: a session still holding the dead refresh token takes them.
    await new API(again, { baseUrl: fake.base }).friends.get();
    expect(again.accessToken).toBe(renewed.accessToken);
    expect(grants()).toBe(2);
  });

  it('the stored access token and expiresAt seed an empty store without a grant', async () => {
    fake = await startFakeOk();
    const refreshToken = fake.issueRefreshToken();
    const seeded = session(await kind.connect(), refreshToken, {
      accessToken: 'stored-token',
      expiresAt: Date.now() + 3_600_000,
    });
    await seeded.authorize();
    const other = session(await kind.connect(), refreshToken);
    await other.authorize();
    expect(other.accessToken).toBe('stored-token');
    expect(grants()).toBe(0);
  });

  it('onTokens hears of new tokens in the process that obtained them only', async () => {
    fake = await startFakeOk({ tokenDelayMs: 30 });
    const heard: OAuthTokens[][] = [[], [], []];
    const refreshToken = fake.issueRefreshToken();
    const sessions = await Promise.all(
      heard.map(async (list) =>
        session(await kind.connect(), refreshToken, { onTokens: (t: OAuthTokens) => void list.push(t) }),
      ),
    );
    await Promise.all(sessions.map((s) => s.authorize()));
    expect(heard.map((list) => list.length).sort()).toEqual([0, 0, 1]);
  });
});

describe('RefreshSession({ store }) checks its options before anything is sent', () => {
  const base = { ...FAKE_APP, refreshToken: 'rt' };
  it('names the option that is wrong', () => {
    const store = new MemoryStore();
    expect(() => new RefreshSession({ ...base, store })).toThrow(
      new OkConfigError("RefreshSession: storeKey is required: the user's key in the store, a non-empty string"),
    );
    expect(() => new RefreshSession({ ...base, storeKey: 'u' })).toThrow(
      'RefreshSession: storeKey needs store: the shared store',
    );
    expect(() => new RefreshSession({ ...base, store: {} as SharedStore, storeKey: 'u' })).toThrow(
      'RefreshSession: store must be a shared store, such as new MemoryStore() or a RedisStore',
    );
    expect(() => new RefreshSession({ ...base, store, storeKey: 'u', lockTimeout: 0 })).toThrow(
      'RefreshSession: lockTimeout must be a positive number of milliseconds',
    );
    expect(() => new RefreshSession({ ...base, store, storeKey: 'u', lockTimeout: 5_000 })).toThrow(
      'RefreshSession: lockTimeout must be longer than timeout, so that a refresh ends before its lock lapses',
    );
    expect(() => new RefreshSession({ ...base, store, storeKey: 'u', timeout: false })).toThrow(
      'RefreshSession: lockTimeout must be longer than timeout',
    );
  });
});

describe('RefreshSession({ store }) with a custom store whose unlock throws at once', () => {
  it('the refresh it ends succeeds all the same (the lock lapses in the store)', async () => {
    fake = await startFakeOk();
    const store = new MemoryStore();
    store.unlock = () => {
      throw new Error('unlock failed');
    };
    const s = session(store, fake.issueRefreshToken());
    await s.authorize();
    expect(grants()).toBe(1);
    expect(s.accessToken).toBe(
      JSON.parse((await store.get(`okru:${FAKE_APP.appId}:tokens:user:575662066926`))!).accessToken,
    );
  });
});
