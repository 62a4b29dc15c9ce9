// What RedisStore adds to the store contract (store-contract.test.ts): it takes an ioredis or node-redis client and
// nothing else, keeps to its key prefix, runs its scripts again after Redis forgot them, fails within its timeout
// when Redis does not answer, and never passes on the client's error with the arguments it carries (ioredis puts
// them in `err.command.args`). Against a real redis-server; skipped without one, unless required.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API, OkConfigError, RefreshSession, ServerSession, StoreError, rateLimit } from '../../src/index.js';
import { RedisStore, type RedisClientLike } from '../../src/redis.js';
import { expectNoSecrets } from '../helpers/leaks.js';
import { type RedisServer, skipRedisTests, startRedisServer } from '../helpers/redis-server.js';
import { storeWith } from './stores.js';

describe('RedisStore checks what it is given', () => {
  it('a client that is neither ioredis nor node-redis, and bad options, are OkConfigError', () => {
    expect(() => new RedisStore({} as RedisClientLike)).toThrow(
      new OkConfigError(
        'RedisStore: client must be an ioredis client (evalsha) or a node-redis client (evalSha), already made by the app',
      ),
    );
    const client = new Redis({ lazyConnect: true });
    expect(() => new RedisStore(client, { timeout: 0 })).toThrow(
      'RedisStore: timeout must be a positive number of milliseconds',
    );
    expect(() => new RedisStore(client, { prefix: 5 as unknown as string })).toThrow(
      'RedisStore: prefix must be a string',
    );
    client.disconnect();
  });
});

describe.skipIf(skipRedisTests('test/store/redis-store'))('RedisStore on a real redis-server', () => {
  let server: RedisServer;
  let clients: Redis[] = [];
  const connect = () => {
    const client = new Redis({ port: server.port, host: '127.0.0.1' });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await connect().flushall();
    for (const client of clients) client.disconnect();
    clients = [];
  });
  afterAll(() => server?.close());

  it('keeps to its prefix: stores with different prefixes share nothing', async () => {
    const a = new RedisStore(connect(), { prefix: 'a:' });
    const b = new RedisStore(connect(), { prefix: 'b:' });
    expect(await a.lock('l', 'one', 5_000)).toBe(true);
    expect(await b.lock('l', 'two', 5_000)).toBe(true);
    await a.takeTurn('k', '1', 1, 1000);
    expect(await b.takeTurn('k', '1', 1, 1000)).toBe(0);
    expect((await connect().keys('*')).sort()).toEqual([
      'a:l',
      'a:{k}:turns',
      'a:{k}:went',
      'b:l',
      'b:{k}:turns',
      'b:{k}:went',
    ]);
  });

  it('runs its scripts again after Redis forgot them (SCRIPT FLUSH, a restart)', async () => {
    const store = new RedisStore(connect());
    expect(await store.lock('l', 'one', 5_000)).toBe(true);
    await connect().script('FLUSH');
    await store.unlock('l', 'one');
    expect(await store.lock('l', 'two', 5_000)).toBe(true);
  });

  it('a Redis that does not answer: StoreError once its timeout has passed', async () => {
    const store = new RedisStore(connect(), { timeout: 200 });
    await store.get('warm'); // connected, scripts known
    await connect().call('CLIENT', 'PAUSE', '1000', 'ALL');
    const error = await store.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'the shared store failed to read a value: Redis did not answer within 200 ms',
    );
  });

  it('a stall: calls that failed by the deadline give back the turns Redis booked later; the next call goes at once', async () => {
    const client = connect();
    const store = new RedisStore(client, { timeout: 100 });
    // Connected, and the scripts known: a script sent again after NOSCRIPT would run after commands sent later.
    await store.takeTurn('warm', 'w', 1, 1000);
    await store.cancelTurn('warm', 'w');
    const appId = 512000000001;
    const ok = new API(new ServerSession({ appId, appKey: 'CBAKEY', appSecretKey: 'app-secret', accessToken: 't' }), {
      baseUrl: 'http://127.0.0.1:9/', // never reached: every call fails before it is sent
      middleware: [rateLimit({ store, appId, limit: 5, interval: 1000 })],
    });
    await connect().call('CLIENT', 'PAUSE', '1500', 'ALL');
    const calls = Array.from({ length: 20 }, (_, i) => ok.friends.get({ uid: `${i}` }).catch((e: unknown) => e));
    for (const error of await Promise.all(calls)) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe(
        'the shared store failed to take a turn: Redis did not answer within 100 ms',
      );
    }
    // On the same connection, after the 20 bookings and the cancels sent after them: it answers once the pause is over.
    expect(await client.zcard(`{okru:${appId}:rate:}:turns`)).toBe(0);
    expect(await store.takeTurn(`okru:${appId}:rate:`, 'next', 5, 1000)).toBe(0);
  });

  it('a stall: a refresh lock Redis took after its deadline is released; another process takes it at once', async () => {
    const client = connect();
    const store = new RedisStore(client, { timeout: 100 });
    await store.lock('warm', 'w', 1000);
    await store.unlock('warm', 'w');
    await store.get('warm');
    const admin = connect();
    // Redis stalls between the session's read of the tokens and its lock.
    const stalling = storeWith(store, {
      lock: async (...args) => {
        await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
        return store.lock(...args);
      },
    });
    const appId = 512000000001;
    const session = new RefreshSession({
      appId,
      appKey: 'CBAKEY',
      appSecretKey: 'app-secret',
      refreshToken: 'rft-never-sent',
      oauthBaseUrl: 'http://127.0.0.1:9/', // never reached: the refresh fails before its grant
      store: stalling,
      storeKey: 'user:1',
    });
    const error = await session.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'the shared store failed to take the refresh lock: Redis did not answer within 100 ms',
    );
    // On the same connection, after the lock and the unlock sent after it: it answers once the pause is over.
    expect(await client.get(`okru:${appId}:lock:user:1`)).toBeNull();
    expect(await store.lock(`okru:${appId}:lock:user:1`, 'next', 1000)).toBe(true);
  });

  it("a Redis error: StoreError with Redis's message, without the arguments ioredis put on its own error", async () => {
    const client = connect();
    await client.lpush('list', 'x');
    const token = 'TOKEN-uu8-in-an-argument';
    const error = await new RedisStore(client).compareAndSet('list', token, token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).reason).toMatch(/^WRONGTYPE Operation against a key holding the wrong kind of value/);
    expectNoSecrets(error, [token]);
  });
});
