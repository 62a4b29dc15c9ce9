// rateLimit({ store }): one limit for several independent clients, each with its own connection to the store (as
// separate processes have; test/store/fleet.test.ts does it with processes). Calls over the limit wait rather than
// fail, no window of the wire holds more than the limit, each caller gets its own result, aborts end only their own
// call, and OK's 8 FLOOD_BLOCKED met by one client holds the others back. The same tests for MemoryStore and Redis.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  OkAbortError,
  OkApiError,
  OkConfigError,
  ServerSession,
  StoreError,
  MemoryStore,
  rateLimit,
  type RateLimitOptions,
  type SharedStore,
} from '../../src/index.js';
import { busiestWindow, epochNow, stampingFetch, startArrivals } from './arrivals.js';
import { storeKinds, storeWith } from './stores.js';

type Arrivals = Awaited<ReturnType<typeof startArrivals>>;
let wire: Arrivals;
beforeEach(async () => {
  wire = await startArrivals();
});
afterEach(() => wire.close());

const APP = { appId: 512000000001, appKey: 'CBAKEY', appSecretKey: 'app-secret', accessToken: 'token' };

/** A client of its own (its own store connection), limited through the shared store. */
function client(store: SharedStore, options: Partial<RateLimitOptions> = {}, appId = APP.appId) {
  return new API(new ServerSession({ ...APP, appId }), {
    baseUrl: wire.url,
    fetch: stampingFetch,
    middleware: [rateLimit({ store, appId, limit: 3, interval: 400, ...options })],
  });
}

/** Calls go a few ms after the turns the store gave (timers, the store's answer): the windows allow that. */
const WIRE_SLACK_MS = 40;

describe.each(storeKinds('test/store/shared-rate-limit'))('$name', (kind) => {
  beforeAll(() => kind.start(), 30_000);
  afterEach(() => kind.reset());
  afterAll(() => kind.stop());

  it('3 clients, 12 calls at once, one limit of 3 per 400 ms: no window holds more than 3; each gets its own answer', async () => {
    const clients = await Promise.all([0, 1, 2].map(async () => client(await kind.connect())));
    const uids = clients.flatMap((_, c) => [0, 1, 2, 3].map((i) => `${c}${i}`));
    const results = await Promise.all(uids.map((uid) => clients[Number(uid[0])]!.friends.get({ uid })));
    expect(results).toEqual(uids.map((uid) => [uid]));
    const times = wire.arrivals.map((a) => a.at);
    expect(times).toHaveLength(12);
    expect(busiestWindow(times, 400 - WIRE_SLACK_MS)).toBe(3);
    // Calls waited instead of failing: 12 calls at 3 per window take at least 3 whole windows.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(3 * (400 - WIRE_SLACK_MS));
  });

  it('a process that wakes late for its turn holds back the turns booked behind it: no window holds more than 2', async () => {
    // The late process is simulated by a store whose answers reach it 200 ms late (as a stalled event loop would get
    // them), so its timer starts late: its second call, booked at ~150 ms, goes at ~350 ms, after the other client's
    // first call (booked at 300 ms). The other client's second call, booked at 450 ms, must then wait until ~600 ms.
    const store = await kind.connect();
    let lateAnswers = 0;
    const late = storeWith(store, {
      takeTurn: async (...args) => {
        const wait = await store.takeTurn(...args);
        if (lateAnswers++ > 0) await new Promise((resolve) => setTimeout(resolve, 200));
        return wait;
      },
    });
    const limit = { limit: 2, interval: 300 };
    const slow = client(late, limit);
    const other = client(await kind.connect(), limit);
    const first = slow.friends.get({ uid: 'slow-1' });
    await first;
    const calls = [slow.friends.get({ uid: 'slow-2' })];
    await new Promise((resolve) => setTimeout(resolve, 5));
    calls.push(other.friends.get({ uid: 'other-1' }), other.friends.get({ uid: 'other-2' }));
    await Promise.all(calls);
    const at = (uid: string) => wire.arrivals.find((x) => x.params.uid === uid)!.at;
    // The late call went after the one booked behind it; the next waited a whole interval after that one.
    expect(at('slow-2')).toBeGreaterThan(at('other-1'));
    expect(at('other-2') - at('other-1')).toBeGreaterThanOrEqual(300 - WIRE_SLACK_MS);
    expect(
      busiestWindow(
        wire.arrivals.map((x) => x.at),
        300 - WIRE_SLACK_MS,
      ),
    ).toBe(2);
  });

  /** `store` whose `operation` fails after the store carried it out (a deadline passed first); cancels are kept. */
  function answerLost(store: SharedStore, operation: 'takeTurn' | 'confirmTurn', cancels: Promise<void>[]) {
    return storeWith(store, {
      [operation]: async (key: string, id: string, limit: number, interval: number) => {
        await store[operation](key, id, limit, interval);
        throw new Error('Redis did not answer within 100 ms');
      },
      cancelTurn: (key, id) => {
        const cancel = store.cancelTurn(key, id);
        cancels.push(cancel);
        return cancel;
      },
    });
  }
  const RATE_KEY = `okru:${APP.appId}:rate:`;

  it('calls whose booking failed although the store made it give their turns back: none stays in the way', async () => {
    const store = await kind.connect();
    const cancels: Promise<void>[] = [];
    const ok = client(answerLost(store, 'takeTurn', cancels), { limit: 1, interval: 10_000 });
    const errors = await Promise.all(['1', '2', '3'].map((uid) => ok.friends.get({ uid }).catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe(
        'the shared store failed to take a turn: Redis did not answer within 100 ms',
      );
    }
    await Promise.all(cancels);
    // The window's only turn is free: the three booked (0, 10 and 20 s from now) were given back.
    expect(await store.takeTurn(RATE_KEY, 'next', 1, 10_000)).toBe(0);
    expect(cancels).toHaveLength(3);
    expect(wire.arrivals).toEqual([]);
  });

  it('a call whose confirmation failed although the store made it gives its turn back', async () => {
    const store = await kind.connect();
    const cancels: Promise<void>[] = [];
    const ok = client(answerLost(store, 'confirmTurn', cancels), { limit: 1, interval: 500 });
    await ok.friends.get({ uid: '1' }); // its turn was now: no confirmation
    const error = await ok.friends.get({ uid: '2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe('the shared store failed to take a turn: Redis did not answer within 100 ms');
    await Promise.all(cancels);
    // The first call's turn is a window old; the second's, confirmed now, was given back: the next turn is now.
    expect(await store.takeTurn(RATE_KEY, 'next', 1, 500)).toBe(0);
    expect(cancels).toHaveLength(1);
    expect(wire.arrivals.map((x) => x.params.uid)).toEqual(['1']);
  });

  it('with a key, each key has its own limit across clients', async () => {
    const perMethod = { limit: 1, interval: 300, key: (r: { method: string }) => r.method };
    const [a, b] = await Promise.all([0, 1].map(async () => client(await kind.connect(), perMethod)));
    await Promise.all([a!.friends.get({ uid: '1' }), b!.users.getLoggedInUser(), b!.friends.get({ uid: '2' })]);
    const at = (method: string) => wire.arrivals.filter((x) => x.params.method === method).map((x) => x.at);
    const [first, second] = at('friends.get').sort((x, y) => x - y);
    expect(second! - first!).toBeGreaterThanOrEqual(300 - WIRE_SLACK_MS);
    expect(at('users.getLoggedInUser')).toHaveLength(1);
  });

  it('two apps on one store never share a limit', async () => {
    const store = await kind.connect();
    const delayed: string[] = [];
    const onDelay = (request: { params: Record<string, string> }) => delayed.push(request.params.uid!);
    const first = client(store, { limit: 1, interval: 10_000, onDelay }, 512000000001);
    const second = client(store, { limit: 1, interval: 10_000, onDelay }, 512000000002);
    // Each app's only call of the window goes at once; were the limit shared, one would be delayed (by 10 s).
    await Promise.all([first.friends.get({ uid: '1' }), second.friends.get({ uid: '2' })]);
    expect(delayed).toEqual([]);
    expect(wire.arrivals.map((a) => a.params.uid).sort()).toEqual(['1', '2']);
  });

  it("a call's own signal ends only that call's wait: it rejects with OkAbortError and is never sent", async () => {
    const [a, b] = await Promise.all([0, 1].map(async () => client(await kind.connect(), { limit: 1 })));
    await a!.friends.get({ uid: '1' });
    const controller = new AbortController();
    const waiting = b!.friends.get({ uid: '2' }, { signal: controller.signal });
    const other = a!.friends.get({ uid: '3' });
    setTimeout(() => controller.abort(new Error('user left')), 50);
    await expect(waiting).rejects.toBeInstanceOf(OkAbortError);
    await expect(other).resolves.toEqual(['3']);
    expect(wire.arrivals.map((x) => x.params.uid)).toEqual(['1', '3']);
  });

  it("the middleware's signal rejects every call still waiting with its reason; the calls sent complete", async () => {
    const controller = new AbortController();
    const ok = client(await kind.connect(), { limit: 1, interval: 10_000, signal: controller.signal });
    const first = ok.friends.get({ uid: '1' });
    const second = ok.friends.get({ uid: '2' });
    await expect(first).resolves.toEqual(['1']);
    controller.abort(new Error('shutting down'));
    await expect(second).rejects.toThrow('shutting down');
    expect(wire.arrivals.map((x) => x.params.uid)).toEqual(['1']);
  });

  it('8 FLOOD_BLOCKED met by one client holds back the next call of another for floodBackoff', async () => {
    const options = { limit: 100, interval: 1000, floodBackoff: 300 };
    const [a, b] = await Promise.all([0, 1].map(async () => client(await kind.connect(), options)));
    const error = await a!.friends.get({ uid: 'flood' }).catch((e: unknown) => e);
    const floodedAt = epochNow();
    expect(error).toBeInstanceOf(OkApiError);
    expect((error as OkApiError).code).toBe(8);
    await expect(b!.friends.get({ uid: 'after' })).resolves.toEqual(['after']);
    const after = wire.arrivals.find((x) => x.params.uid === 'after')!;
    expect(after.at - floodedAt).toBeGreaterThanOrEqual(300 - WIRE_SLACK_MS);
  });

  it('a call booked before the flood and woken inside its block goes behind the block', async () => {
    const options = { limit: 1, interval: 200, floodBackoff: 500 };
    const [a, b] = await Promise.all([0, 1].map(async () => client(await kind.connect(), options)));
    await a!.friends.get({ uid: '1' });
    // Booked now for ~200 ms from the first call; the flood below, at ~100 ms, blocks until ~600 ms.
    const queued = b!.friends.get({ uid: 'queued' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const store = await kind.connect();
    await store.block(`okru:${APP.appId}:rate:`, 500);
    const blockedAt = epochNow();
    await expect(queued).resolves.toEqual(['queued']);
    const arrived = wire.arrivals.find((x) => x.params.uid === 'queued')!;
    expect(arrived.at - blockedAt).toBeGreaterThanOrEqual(500 - WIRE_SLACK_MS);
  });
});

describe('rateLimit({ store }) checks its options before anything is sent', () => {
  it('names the option that is wrong', () => {
    const store = new MemoryStore();
    expect(() => rateLimit({ store, limit: 1, interval: 1000 })).toThrow(
      new OkConfigError('rateLimit: appId is required: the application id, a positive integer'),
    );
    expect(() => rateLimit({ store: {} as SharedStore, appId: 1, limit: 1, interval: 1000 })).toThrow(
      'rateLimit: store must be a shared store, such as new MemoryStore() or a RedisStore',
    );
    expect(() => rateLimit({ store, appId: 1, limit: 1, interval: 1000, floodBackoff: -1 })).toThrow(
      'rateLimit: floodBackoff must be a number of milliseconds, 0 or more',
    );
    expect(() => rateLimit({ store, appId: 1, limit: 0, interval: 1000 })).toThrow('rateLimit: limit must be');
  });

  it('a store that fails: the call rejects with StoreError, unsent, and its text holds no detail of the failure it must not', async () => {
    const broken = new MemoryStore();
    broken.takeTurn = () => Promise.reject(new Error('connection refused'));
    const ok = client(broken);
    const error = await ok.friends.get({ uid: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe('the shared store failed to take a turn: connection refused');
    expect(wire.arrivals).toEqual([]);
  });
});

// A custom store's method may be a plain one that throws at once: the call fails as if it had rejected, with a
// StoreError, or not at all where the store's failure changes nothing for the call.
describe('rateLimit({ store }) with a custom store whose methods throw at once', () => {
  const thrower = (what: string) => () => {
    throw new Error(`${what} failed`);
  };

  it('takeTurn: StoreError, nothing sent', async () => {
    const store = new MemoryStore();
    store.takeTurn = thrower('takeTurn');
    const error = await client(store)
      .friends.get({ uid: '1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe('the shared store failed to take a turn: takeTurn failed');
    expect(wire.arrivals).toEqual([]);
  });

  it('blockedFor: StoreError, nothing sent', async () => {
    const store = new MemoryStore();
    store.blockedFor = thrower('blockedFor');
    const ok = client(store, { limit: 1, interval: 100 });
    await ok.friends.get({ uid: '1' });
    const error = await ok.friends.get({ uid: '2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe('the shared store failed to read a block: blockedFor failed');
    expect(wire.arrivals.map((x) => x.params.uid)).toEqual(['1']);
  });

  it('cancelTurn: a call whose wait was aborted still rejects with OkAbortError', async () => {
    const store = new MemoryStore();
    store.cancelTurn = thrower('cancelTurn');
    const controller = new AbortController();
    // Aborted once its turn is booked (10 s away): the turn is given back.
    const onDelay = () => controller.abort(new Error('user left'));
    const ok = client(store, { limit: 1, interval: 10_000, onDelay });
    await ok.friends.get({ uid: '1' });
    const error = await ok.friends.get({ uid: '2' }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkAbortError);
    expect(wire.arrivals.map((x) => x.params.uid)).toEqual(['1']);
  });

  it("block: a call that met 8 FLOOD_BLOCKED rejects with OK's error", async () => {
    const store = new MemoryStore();
    store.block = thrower('block');
    const error = await client(store)
      .friends.get({ uid: 'flood' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkApiError);
    expect((error as OkApiError).code).toBe(8);
  });
});
