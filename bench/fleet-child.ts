// One process of bench/fleet.ts: its own okru client and, when the run is shared, its own Redis connection to the
// RedisStore the others use too (else its limit and its tokens are its own). Told what to do over IPC: `start` (set up and authorize; answers `ready`), then `go` (calls friends.get from
// `concurrency` loops until `until`, through retry() and the shared rateLimit(); answers `done` with the counts of
// the calls that ended between `from` and `until`).
import { Redis } from 'ioredis';
import { API, LoginRequiredError, OkError, RefreshServerSession, rateLimit, retry } from '../src/index.js';
import { RedisStore } from '../src/redis.js';

export interface FleetJob {
  /** The shared store's Redis; undefined for a process on its own. */
  redisPort: number | undefined;
  baseUrl: string;
  app: { appId: number; appKey: string; appSecretKey: string };
  refreshToken: string;
  uid: string;
  limit: number;
  interval: number;
  concurrency: number;
}

export interface FleetCounts {
  /** Calls that succeeded between `from` and `until`. */
  calls: number;
  /** Calls that failed after their retries, by error class. */
  failed: Record<string, number>;
}

type Message = { kind: 'start'; job: FleetJob } | { kind: 'go'; from: number; until: number };

let ok: API | undefined;
let redis: Redis | undefined;

async function start(job: FleetJob): Promise<void> {
  redis = job.redisPort === undefined ? undefined : new Redis({ port: job.redisPort, host: '127.0.0.1' });
  const store = redis && new RedisStore(redis);
  const shared = store && { store, storeKey: `user:${job.uid}` };
  const session = new RefreshServerSession({
    ...job.app,
    refreshToken: job.refreshToken,
    oauthBaseUrl: job.baseUrl,
    ...shared,
  });
  ok = new API(session, {
    baseUrl: job.baseUrl,
    middleware: [
      retry({ retries: 5 }),
      rateLimit({ store, appId: job.app.appId, limit: job.limit, interval: job.interval }),
    ],
  });
  await session.authorize();
}

async function run(from: number, until: number, concurrency: number): Promise<FleetCounts> {
  const counts: FleetCounts = { calls: 0, failed: {} };
  const loop = async () => {
    while (Date.now() < until) {
      try {
        await ok!.friends.get();
        if (Date.now() >= from && Date.now() <= until) counts.calls++;
      } catch (err) {
        if (Date.now() < from) continue;
        const name = err instanceof OkError ? err.name : 'other';
        counts.failed[name] = (counts.failed[name] ?? 0) + 1;
        // A refresh token another process spent: this session is done, and would fail every call at once.
        if (err instanceof LoginRequiredError) return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return counts;
}

let concurrency = 1;
process.on('message', (message: Message) => {
  if (message.kind === 'start') {
    concurrency = message.job.concurrency;
    start(message.job).then(
      () => process.send!({ kind: 'ready' }),
      (err: unknown) => process.send!({ kind: 'error', message: String(err) }),
    );
  } else {
    run(message.from, message.until, concurrency).then((counts) => {
      process.send!({ kind: 'done', counts });
      redis?.disconnect();
      process.disconnect();
    });
  }
});
