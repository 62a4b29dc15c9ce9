// One process of a fleet, for test/store/fleet.test.ts (run with tsx): its own okru client and its own Redis
// connection, sharing the store with its siblings. The job comes as JSON in argv[2]; what it saw goes to stdout as
// one JSON line. Modes:
//   limit    prints `ready`; on a `go` line, sends `calls` friends.get at once through rateLimit({ store })
//   refresh  authorizes a RefreshServerSession({ store }), prints `ready`, and on a `go` line on stdin makes two calls
//   hold     authorizes against a token endpoint that never answers: it holds the refresh lock until it is killed
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { API, RefreshServerSession, ServerSession, rateLimit } from '../../src/index.js';
import { RedisStore } from '../../src/redis.js';

interface Job {
  mode: 'limit' | 'refresh' | 'hold';
  redisPort: number;
  app: { appId: number; appKey: string; appSecretKey: string };
  baseUrl: string;
  // limit
  calls?: number;
  name?: string;
  limit?: number;
  interval?: number;
  // refresh, hold
  oauthBaseUrl?: string;
  refreshToken?: string;
  lockTimeout?: number;
}

const job = JSON.parse(process.argv[2]!) as Job;
const redis = new Redis({ port: job.redisPort, host: '127.0.0.1' });
const store = new RedisStore(redis);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
/** A token's fingerprint: the parent compares processes' tokens without them being printed. */
const fingerprint = (token: string | undefined) => createHash('sha256').update(`${token}`).digest('hex').slice(0, 16);

/** Waits for the parent's `go` line, so that every process of the fleet starts its calls at once. */
async function go(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) if (line === 'go') return;
}

async function limit(): Promise<void> {
  const ok = new API(new ServerSession({ ...job.app, accessToken: 'token' }), {
    baseUrl: job.baseUrl,
    middleware: [rateLimit({ store, appId: job.app.appId, limit: job.limit!, interval: job.interval! })],
  });
  print({ ready: true });
  await go();
  const uids = Array.from({ length: job.calls! }, (_, i) => `${job.name}-${i}`);
  const results = await Promise.all(uids.map((uid) => ok.friends.get({ uid })));
  print({ uids, results });
}

function session(oauthBaseUrl: string) {
  return new RefreshServerSession({
    ...job.app,
    refreshToken: job.refreshToken!,
    oauthBaseUrl,
    store,
    storeKey: 'user:575662066926',
    lockTimeout: job.lockTimeout ?? 30_000,
    timeout: Math.min(10_000, (job.lockTimeout ?? 30_000) - 100),
  });
}

async function refresh(): Promise<void> {
  const s = session(job.oauthBaseUrl!);
  const ok = new API(s, { baseUrl: job.baseUrl });
  await s.authorize();
  print({ ready: true, token: fingerprint(s.accessToken) });
  await go();
  const user = (await ok.users.getCurrentUser()) as { uid: string };
  const friends = await ok.friends.get();
  print({ uid: user.uid, friends, token: fingerprint(s.accessToken) });
}

async function hold(): Promise<void> {
  await session(job.oauthBaseUrl!).authorize();
}

const run = { limit, refresh, hold }[job.mode];
run().then(
  () => {
    redis.disconnect();
    process.exit(0);
  },
  (err: unknown) => {
    print({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    process.exit(1);
  },
);
