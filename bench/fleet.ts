// Fleet: 4 processes (bench/fleet-child.ts) call the mock OK server, which limits the app to LIMIT calls a second
// (callLimits.perApp, OK's 8 FLOOD_BLOCKED beyond) and rotates refresh tokens. Each process runs 20 loops of
// friends.get through retry() and rateLimit() for the run's length, while the bench makes every access token expire
// every 2.5 s. Twice: sharing one RedisStore (one limit, one refresh), and, for reference, each process on its own
// (its own limit of LIMIT, its own refresh token and refreshes). What must hold when shared: the fleet gets ≥ 0.90 of the limit, ≤ 0.1 %
// of the calls it sends are refused with FLOOD_BLOCKED, and each expiry costs exactly one refresh in all. Needs
// redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMockServer, DEMO_CONFIG } from '../src/mock/index.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import type { FleetCounts, FleetJob } from './fleet-child.js';

const PROCESSES = 4;
const CONCURRENCY = 20;
/** The mock's limit, calls a second for the app. */
const LIMIT = 100;
/**
 * The fleet's window: a little longer than the mock's second, since a call reaches the server a few ms after its
 * turn, and not all calls equally late. With exactly 1000 ms, a call that is late by less than the one a limit
 * before it lands in the same second as that one: refused.
 */
const INTERVAL_MS = 1_050;
const RUN_MS = 10_000;
/**
 * Calls before the measured run: a process's first calls open its connections and reach the server late, bunched
 * with the calls after them (a cold fleet can meet one FLOOD_BLOCKED in its first second); not counted.
 */
const WARMUP_MS = 3_000;
const EXPIRE_EVERY_MS = 2_500;

export interface FleetResult {
  perProcess: FleetCounts[];
  /** Calls that succeeded, all processes together, per second. */
  callsPerSecond: number;
  /** API requests the mock received in the run (each try, 102 answers included); those it refused with 8. */
  sent: number;
  flooded: number;
  expiries: number;
  /** Refresh grants at the token endpoint during the run. */
  refreshes: number;
  /** Grants of the processes' first authorization (before the run). */
  firstAuthorizations: number;
}

function child(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fleet-child.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message of a kind from a child; its `error` message rejects. */
function message<T>(proc: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { kind: string; message?: string }) => {
      if (m.kind === 'error') reject(new Error(m.message));
      if (m.kind !== kind) return;
      proc.off('message', on);
      resolve(m as T);
    };
    proc.on('message', on);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** One run: `shared` through one RedisStore, else each process on its own. */
async function run(redisPort: number, shared: boolean): Promise<FleetResult> {
  const mock = await createMockServer({
    config: { ...DEMO_CONFIG, callLimits: { perApp: LIMIT } },
    rotateRefreshTokens: true,
  });
  const app = DEMO_CONFIG.apps[0]!;
  const user = DEMO_CONFIG.users[0]!;
  const children = Array.from({ length: PROCESSES }, child);
  try {
    const refreshToken = () =>
      mock.state.issueRefreshToken({ appId: app.appId, uid: user.uid, permissions: [...(user.permissions ?? [])] });
    const job: Omit<FleetJob, 'refreshToken'> = {
      redisPort: shared ? redisPort : undefined,
      baseUrl: mock.url,
      app: { appId: app.appId, appKey: app.appKey, appSecretKey: app.appSecretKey },
      uid: user.uid,
      limit: LIMIT,
      interval: INTERVAL_MS,
      concurrency: CONCURRENCY,
    };
    // Shared, one refresh token for the user. Alone, one each (as if each process had logged the user in): with
    // rotation, processes sharing one refresh token without a store would spend it for each other.
    const sharedToken = refreshToken();
    const ready = children.map((c) => message(c, 'ready'));
    for (const c of children)
      c.send({ kind: 'start', job: { ...job, refreshToken: shared ? sharedToken : refreshToken() } });
    await Promise.all(ready);
    const firstAuthorizations = mock.stats.oauth;

    const from = Date.now() + WARMUP_MS;
    const until = from + RUN_MS;
    const done = children.map((c) => message<{ counts: FleetCounts }>(c, 'done'));
    for (const c of children) c.send({ kind: 'go', from, until });
    await pause(from - Date.now());
    const [api, flood, oauth] = [mock.stats.api, mock.stats.flood, mock.stats.oauth];
    let expiries = 0;
    const expire = setInterval(() => {
      if (Date.now() + EXPIRE_EVERY_MS / 2 > until) return;
      for (const grant of mock.state.tokens.values()) grant.expiresAt = 0;
      expiries++;
    }, EXPIRE_EVERY_MS);
    await pause(until - Date.now());
    clearInterval(expire);
    // The mock's counts of the run, before the calls still waiting at its end go out.
    const [sent, flooded, refreshes] = [mock.stats.api - api, mock.stats.flood - flood, mock.stats.oauth - oauth];
    const perProcess = (await Promise.all(done)).map((d) => d.counts);
    const calls = perProcess.reduce((sum, p) => sum + p.calls, 0);
    return {
      perProcess,
      callsPerSecond: calls / (RUN_MS / 1000),
      sent,
      flooded,
      expiries,
      refreshes,
      firstAuthorizations,
    };
  } finally {
    for (const c of children) c.kill();
    await mock.close();
  }
}

export async function measureFleet(): Promise<{ shared: FleetResult; alone: FleetResult }> {
  const redis = await startRedisServer();
  try {
    return { shared: await run(redis.port, true), alone: await run(redis.port, false) };
  } finally {
    await redis.close();
  }
}

const failures = (p: FleetCounts) =>
  Object.entries(p.failed)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

export function printFleet({ shared, alone }: { shared: FleetResult; alone: FleetResult }): void {
  console.log(
    `\nFleet (${PROCESSES} processes × ${CONCURRENCY} loops of friends.get; mock limit ${LIMIT} calls/s for the app, refresh tokens rotated; ${RUN_MS / 1000} s after ${WARMUP_MS / 1000} s of warm-up; every token expired every ${EXPIRE_EVERY_MS / 1000} s)`,
  );
  console.table(
    Object.fromEntries(
      shared.perProcess.map((p, i) => {
        const a = alone.perProcess[i]!;
        return [
          `process ${i + 1}`,
          {
            'shared: calls/s': (p.calls / (RUN_MS / 1000)).toFixed(1),
            'shared: failed': failures(p),
            'alone: calls/s': (a.calls / (RUN_MS / 1000)).toFixed(1),
            'alone: failed': failures(a),
          },
        ];
      }),
    ),
  );
  const floods = (r: FleetResult) => `${r.flooded} / ${r.sent} = ${((100 * r.flooded) / r.sent).toFixed(2)} %`;
  const refreshes = (r: FleetResult) => `${r.refreshes} / ${r.expiries} (first: ${r.firstAuthorizations})`;
  console.table({
    'rate / limit': {
      'one RedisStore': (shared.callsPerSecond / LIMIT).toFixed(3),
      'each process alone': (alone.callsPerSecond / LIMIT).toFixed(3),
      target: '≥ 0.90',
    },
    'FLOOD_BLOCKED / calls sent': {
      'one RedisStore': floods(shared),
      'each process alone': floods(alone),
      target: '≤ 0.1 %',
    },
    'refreshes / expiries': {
      'one RedisStore': refreshes(shared),
      'each process alone': refreshes(alone),
      target: 'exactly 1 each',
    },
  });
}
