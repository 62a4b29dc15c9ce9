// A fleet of real processes sharing one RedisStore (each child is fleet-child.ts under tsx, with its own Redis
// connection): one rate limit holds across all of them on the wire; K processes that meet 102 at once send exactly
// one refresh, with rotating refresh tokens, and all go on with the new token; a process killed while it holds the
// refresh lock blocks the others only until the lock lapses. Needs redis-server (skipped without, unless required).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API, RefreshServerSession } from '../../src/index.js';
import { RedisStore } from '../../src/redis.js';
import { FAKE_APP, startFakeOk, type FakeOk } from '../helpers/fake-ok.js';
import { type RedisServer, skipRedisTests, startRedisServer } from '../helpers/redis-server.js';
import { busiestWindow, startArrivals } from './arrivals.js';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const CHILD = join(import.meta.dirname, 'fleet-child.ts');
/** A child's start (tsx compiles on first run) and its work: generous, the tests assert no speed. */
const LINE_TIMEOUT_MS = 30_000;

type Line = Record<string, unknown>;

/** A child process of the fleet, read line by line (JSON), written to by `send`. */
function child(job: object) {
  const proc = spawn(process.execPath, [tsx, CHILD, JSON.stringify(job)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  const waiting: ((line: Line) => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    exited,
    /** The next line it prints (rejects after LINE_TIMEOUT_MS, or when it exits first). */
    next(): Promise<Line> {
      const ready = lines.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<Line>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the child printed nothing in time')), LINE_TIMEOUT_MS);
        waiting.push((line) => {
          clearTimeout(timer);
          resolve(line);
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the child exited (${code}) before printing`));
        });
      });
    },
    send: (line: string) => proc.stdin.write(`${line}\n`),
  };
}

type Child = ReturnType<typeof child>;
let children: Child[] = [];
const spawnChild = (job: object) => {
  const c = child(job);
  children.push(c);
  return c;
};

const skip = skipRedisTests('test/store/fleet');

describe.skipIf(skip)('a fleet of processes sharing one RedisStore', () => {
  let redis: RedisServer;
  let fake: FakeOk | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
    await fake?.close();
    fake = undefined;
    const admin = new Redis({ port: redis.port, host: '127.0.0.1' });
    await admin.flushall();
    admin.disconnect();
  });
  afterAll(() => redis?.close());

  it('4 processes × 6 calls under one limit of 4 per 500 ms: no window of the wire holds more than 4', async () => {
    const wire = await startArrivals();
    try {
      const job = { mode: 'limit', redisPort: redis.port, app: FAKE_APP, baseUrl: wire.url, limit: 4, interval: 500 };
      const fleet = [0, 1, 2, 3].map((n) => spawnChild({ ...job, name: `p${n}`, calls: 6 }));
      await Promise.all(fleet.map((c) => c.next()));
      for (const c of fleet) c.send('go');
      const outputs = await Promise.all(fleet.map((c) => c.next()));
      for (const out of outputs) expect(out.results).toEqual((out.uids as string[]).map((uid) => [uid]));
      const times = wire.arrivals.map((a) => a.at);
      expect(times).toHaveLength(24);
      expect(busiestWindow(times, 500 - 40)).toBe(4);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(5 * (500 - 40));
    } finally {
      await wire.close();
    }
  });

  it('4 processes meet 102 at once, with rotating refresh tokens: one refresh in all, every call succeeds', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true, tokenDelayMs: 50 });
    const job = {
      mode: 'refresh',
      redisPort: redis.port,
      app: FAKE_APP,
      baseUrl: fake.base,
      oauthBaseUrl: fake.base,
      refreshToken: fake.issueRefreshToken(),
    };
    const fleet = [0, 1, 2, 3].map(() => spawnChild(job));
    const ready = await Promise.all(fleet.map((c) => c.next()));
    expect(fake.counters.tokenGrants.refresh_token).toBe(1);
    expect(new Set(ready.map((r) => r.token)).size).toBe(1);
    fake.expireAllTokens();
    for (const c of fleet) c.send('go');
    const done = await Promise.all(fleet.map((c) => c.next()));
    for (const out of done) expect(out).toMatchObject({ uid: '575662066926', friends: expect.any(Array) });
    expect(fake.counters.tokenGrants.refresh_token).toBe(2);
    const tokens = new Set(done.map((d) => d.token));
    expect(tokens.size).toBe(1);
    expect(tokens.has(ready[0]!.token)).toBe(false);
  });

  it('a process killed while it holds the refresh lock: the others refresh once the lock lapses, once', async () => {
    fake = await startFakeOk({ rotateRefreshTokens: true });
    let heardStalled!: () => void;
    const stalled = new Promise<void>((resolve) => (heardStalled = resolve));
    // A token endpoint that takes the request and never answers: the child holds the lock while it waits.
    const stall = createServer(() => {
      heardStalled();
    });
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    try {
      const lockTimeout = 1_500;
      const refreshToken = fake.issueRefreshToken();
      const holder = spawnChild({
        mode: 'hold',
        redisPort: redis.port,
        app: FAKE_APP,
        baseUrl: fake.base,
        oauthBaseUrl: `http://127.0.0.1:${(stall.address() as AddressInfo).port}/`,
        refreshToken,
        lockTimeout,
      });
      await stalled;
      holder.proc.kill('SIGKILL');
      await holder.exited;
      const connections = [0, 1, 2].map(() => new Redis({ port: redis.port, host: '127.0.0.1' }));
      try {
        // When the dead holder's lock lapses, by Redis's own count (the stall server's clock would be late under load).
        // Counted from before the question, so the lapse is no earlier than this, give or take Redis's cached clock
        // (a few ms, tens under load): the slack below.
        const [lockKey] = await connections[0]!.keys('*:lock:*');
        const asked = Date.now();
        const lapsesAt = asked + (await connections[0]!.pttl(lockKey!));
        expect(lapsesAt).toBeGreaterThan(asked + 100);
        const sessions = connections.map(
          (connection) =>
            new RefreshServerSession({
              ...FAKE_APP,
              refreshToken,
              oauthBaseUrl: fake!.base,
              store: new RedisStore(connection),
              storeKey: 'user:575662066926',
              lockTimeout,
              timeout: 1_000,
            }),
        );
        await Promise.all(sessions.map((s) => new API(s, { baseUrl: fake!.base }).friends.get()));
        // Nobody refreshed while the dead process held the lock.
        expect(Date.now()).toBeGreaterThanOrEqual(lapsesAt - 50);
        expect(fake.counters.tokenGrants.refresh_token).toBe(1);
        expect(new Set(sessions.map((s) => s.accessToken)).size).toBe(1);
      } finally {
        for (const connection of connections) connection.disconnect();
      }
    } finally {
      stall.closeAllConnections();
      await new Promise<void>((resolve) => stall.close(() => resolve()));
    }
  });
});
