// Bulk work at OK's limits, through the mock with 50 ms of latency on every call and a limit of N calls a second per
// app (OK's 8 FLOOD_BLOCKED beyond):
// - bulk read: the profiles of 100,000 users with coalesce() + rateLimit() + retry(), against the physical limit of
//   ceil(100000 / 100) / N seconds (100 uids a call), as one call of 100,000 uids and as 100,000 calls of one uid;
//   what must hold: 0 FLOOD_BLOCKED, 0 lost or repeated ids, and at least 0.95 of the limit's speed.
// - paging: the members of a 50,000-member group with paginate(): requests against the minimum, and the heap (after a
//   full collection) as the walk goes.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { API, ServerSession, coalesce, paginate, rateLimit, retry } from '../src/index.js';
import { DEMO_CONFIG, type MockServer, type MockServerOptions } from '../src/mock/index.js';

const APP = DEMO_CONFIG.apps[0]!;
const USER = DEMO_CONFIG.users[0]!;
const IDS = 100_000;
const PER_CALL = 100;
const LATENCY_MS = 50;
const GROUP_SIZE = 50_000;
const GID = '53038939046008';
const WINDOW_MS = 1020;

const uids = Array.from({ length: IDS }, (_, i) => String(580_000_000_000 + i));

/** The mock, in a process of its own (bench/mock-child.ts): its URL, its stats on request, and a way to stop it. */
interface MockProcess {
  url: string;
  stats(): Promise<MockServer['stats']>;
  close(): Promise<void>;
}

async function world(callsPerSecond: number): Promise<MockProcess> {
  const options: MockServerOptions = {
    config: {
      ...DEMO_CONFIG,
      users: DEMO_CONFIG.users.map((u) =>
        u.uid === USER.uid ? { ...u, permissions: [...(u.permissions ?? []), 'GROUP_CONTENT'] } : u,
      ),
      callLimits: { perApp: callsPerSecond },
      collections: { 'group.getMembers': GROUP_SIZE },
    },
    faults: { latencyMs: LATENCY_MS },
  };
  const child = fork(join(import.meta.dirname, 'mock-child.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { url } = await next<{ url: string }>();
  return {
    url,
    stats: async () => {
      const answer = next<{ stats: MockServer['stats'] }>();
      child.send('stats');
      return (await answer).stats;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('exit');
      }),
  };
}

function client(mock: MockProcess, callsPerSecond: number): API {
  return new API(new ServerSession({ ...APP, accessToken: USER.accessToken! }), {
    baseUrl: mock.url,
    timeout: 30_000,
    // coalesce() outermost, so that each request it makes is retried alone. `spread` sends calls `interval / limit`
    // apart on the times they actually go: a window's calls sent at once queue at the server, and its late arrivals
    // meet the next window's first. The window is 2 % longer than OK's second, a margin for the jitter between
    // sending and arriving.
    middleware: [
      coalesce(),
      retry({ retries: 5 }),
      rateLimit({ limit: callsPerSecond, interval: WINDOW_MS, spread: true }),
    ],
  });
}

export interface BulkRun {
  shape: string;
  seconds: number;
  limitSeconds: number;
  requests: number;
  flood: number;
  lost: number;
  repeated: number;
}

async function check(
  shape: string,
  started: number,
  mock: MockProcess,
  before: MockServer['stats'],
  n: number,
  got: string[][],
): Promise<BulkRun> {
  const seconds = (performance.now() - started) / 1000;
  const stats = await mock.stats();
  const seen = new Map<string, number>();
  for (const list of got) for (const id of list) seen.set(id, (seen.get(id) ?? 0) + 1);
  return {
    shape,
    seconds,
    limitSeconds: Math.ceil(IDS / PER_CALL) / n,
    requests: stats.api - before.api,
    flood: stats.flood - before.flood,
    lost: uids.filter((id) => !seen.has(id)).length,
    repeated: [...seen.values()].filter((count) => count > 1).length,
  };
}

export async function measureBulk(callsPerSecond = 100): Promise<BulkRun[]> {
  const runs: BulkRun[] = [];
  for (const shape of ['one call of 100,000 uids', '100,000 calls of one uid']) {
    const mock = await world(callsPerSecond);
    try {
      const ok = client(mock, callsPerSecond);
      // As a service that has been running: Node's fetch loaded, connections open and code warm on both sides, and
      // the limiter's window empty again. A cold start arrives late and bunched, and can meet one FLOOD_BLOCKED.
      await ok.users.getInfo({ uids: ['575662066926'], fields: ['uid'] });
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 100));
      const before = await mock.stats();
      const started = performance.now();
      const got =
        shape === 'one call of 100,000 uids'
          ? [(await ok.users.getInfo({ uids, fields: ['uid', 'name'] })).map((u) => u.uid)]
          : (await Promise.all(uids.map((id) => ok.users.getInfo({ uids: [id], fields: ['uid', 'name'] })))).map(
              (list) => list.map((u) => u.uid),
            );
      runs.push(await check(shape, started, mock, before, callsPerSecond, got));
    } finally {
      await mock.close();
    }
  }
  return runs;
}

export interface PagingRun {
  members: number;
  distinct: number;
  requests: number;
  minimum: number;
  seconds: number;
  heapMB: { start: number; max: number; end: number };
}

// A full collection before each reading, as bench/soak.ts does: the heap then holds only what is still referenced.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMB = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

export async function measurePaging(callsPerSecond = 100): Promise<PagingRun> {
  const mock = await world(callsPerSecond);
  try {
    const ok = client(mock, callsPerSecond);
    const ids = new Set<string>();
    const start = heapMB();
    let max = start;
    let members = 0;
    const started = performance.now();
    for await (const member of paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100 })) {
      members++;
      ids.add(member.userId);
      // The ids kept for the check grow by design (50,000 strings); the heap is sampled every 50 pages.
      if (members % 5000 === 0) max = Math.max(max, heapMB());
    }
    const seconds = (performance.now() - started) / 1000;
    const end = heapMB();
    return {
      members,
      distinct: ids.size,
      requests: (await mock.stats()).api,
      minimum: Math.ceil(GROUP_SIZE / 100),
      seconds,
      heapMB: { start, max, end },
    };
  } finally {
    await mock.close();
  }
}

export function printBulk(runs: BulkRun[], paging: PagingRun | undefined, callsPerSecond: number): void {
  if (runs.length) printRuns(runs, callsPerSecond);
  if (paging) printPaging(paging);
}

function printRuns(runs: BulkRun[], callsPerSecond: number): void {
  console.log(
    `\nBulk read: ${IDS.toLocaleString('en')} profiles, mock with ${LATENCY_MS} ms latency and ${callsPerSecond} calls/s per app; coalesce() + rateLimit() + retry()`,
  );
  console.table(
    Object.fromEntries(
      runs.map((r) => [
        r.shape,
        {
          seconds: r.seconds.toFixed(2),
          'limit s': r.limitSeconds.toFixed(2),
          'of limit': (r.limitSeconds / r.seconds).toFixed(3),
          requests: r.requests,
          FLOOD_BLOCKED: r.flood,
          lost: r.lost,
          repeated: r.repeated,
          target: '≥ 0.95, 0, 0',
        },
      ]),
    ),
  );
}

function printPaging(paging: PagingRun): void {
  console.log(`\nPaging: members of a ${GROUP_SIZE.toLocaleString('en')}-member group, 100 a page (paginate())`);
  console.table({
    'group.getMembers': {
      members: paging.members,
      distinct: paging.distinct,
      requests: paging.requests,
      minimum: paging.minimum,
      seconds: paging.seconds.toFixed(2),
      'heap MB start / max / end': `${paging.heapMB.start.toFixed(1)} / ${paging.heapMB.max.toFixed(1)} / ${paging.heapMB.end.toFixed(1)}`,
    },
  });
}
