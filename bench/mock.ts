// The mock server's figures. In this process, as before: start-up time and signed friends.get calls through fetch
// from 16 keep-alive clients (client and server share the 2 cores). Side by side, from another process each (a core
// for the server, its RSS its own): the mock against a bare node:http server answering the same JSON, 100k requests
// over 16 raw keep-alive connections, the ratio of their throughputs (target ≥ 0.5), and the mock's memory after 100k
// API calls and after 100k authorize requests (each opens a login dialog: memory must stay flat).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createMockServer, DEMO_CONFIG } from '../src/mock/index.js';
import { sign } from '../src/signature.js';
import { load } from './http-load.js';

const app = DEMO_CONFIG.apps[0]!;
const user = DEMO_CONFIG.users[0]!;

function friendsGetQuery(): string {
  const params: Record<string, string> = {
    application_key: app.appKey,
    format: 'json',
    method: 'friends.get',
    uid: user.uid,
  };
  params.sig = sign(params, app.appSecretKey);
  return new URLSearchParams(params).toString();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function startTimes(): Promise<{ mockMs: number; bareMs: number }> {
  const mock: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const server = await createMockServer({ seed: i });
    mock.push(performance.now() - t);
    await server.close();
    t = performance.now();
    const plain = createServer((_, res) => res.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    bare.push(performance.now() - t);
    await new Promise((resolve) => plain.close(resolve));
  }
  return { mockMs: median(mock), bareMs: median(bare) };
}

interface Sample {
  rss: number;
  heapUsed: number;
  /** CPU time the server process has used so far (user + system), in µs. */
  cpuMicros: number;
}

/** A server of bench/mock-target.ts in its own process (with --expose-gc, so that memory is read after a collection). */
async function startTarget(
  kind: 'mock' | 'bare',
): Promise<{ port: number; sample: () => Promise<Sample>; stop: () => Promise<void>; atStart: Sample }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'mock-target.ts'), kind],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const nextMessage = () =>
    new Promise<Sample & { port?: number }>((resolve) => child.once('message', resolve as (m: unknown) => void));
  const first = await nextMessage();
  return {
    port: first.port!,
    atStart: first,
    sample: async () => {
      const answer = nextMessage();
      child.send('memory');
      return answer;
    },
    // Gone before the next measurement starts, so that it takes no core from it.
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('exit');
      }),
  };
}

interface Run {
  requestsPerSecond: number;
  /** Server CPU per request (user + system), µs: what throughput is made of, and steadier than it on a busy box. */
  cpuMicrosPerRequest: number;
}

/** `total` requests to a target in `rounds` parts, so that parts of two targets can alternate. */
async function* rounds(
  target: { port: number; sample: () => Promise<Sample> },
  total: number,
  count: number,
  connections: number,
  request: (i: number) => string,
  status = 200,
) {
  for (let i = 0; i < count; i++) {
    const before = await target.sample();
    const run = await load(target.port, total / count, connections, request, status);
    const after = await target.sample();
    yield {
      requestsPerSecond: run.requests / run.seconds,
      cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / run.requests,
      unexpected: run.unexpected,
    };
  }
}

export interface MockComparison {
  startMs: { mock: number; bare: number };
  /** Medians over the rounds. */
  bare: Run;
  mockApi: Run;
  mockAuthorize: Run;
  /** Median over the rounds of mock ÷ bare requests per second. */
  ratio: number;
  unexpected: number;
  mockMemory: { atStart: Sample; after100kApiCalls: Sample; after100kAuthorize: Sample };
  bareMemory: { atStart: Sample; after100k: Sample };
}

const medianRun = (runs: Run[]): Run => ({
  requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
  cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)),
});

/**
 * 100k signed friends.get to each server, in 5 alternating rounds (this machine's other load then weighs on both
 * alike); then 100k authorize requests to the mock, each opening a login dialog.
 */
export async function compareMock(total = 100_000, connections = 16, roundCount = 5): Promise<MockComparison> {
  const start = await startTimes();
  const apiRequest = `GET /fb.do?${friendsGetQuery()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
  const authorizeRequest = (i: number) =>
    `GET /oauth/authorize?client_id=${app.appId}&scope=VALUABLE_ACCESS&response_type=token&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&state=${i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

  const [bare, mock] = await Promise.all([startTarget('bare'), startTarget('mock')]);
  // Warm-up: the JIT, and the connections' first requests.
  await load(bare.port, 5_000, connections, () => apiRequest);
  await load(mock.port, 5_000, connections, () => apiRequest);
  const bareRounds = rounds(bare, total, roundCount, connections, () => apiRequest);
  const mockRounds = rounds(mock, total, roundCount, connections, () => apiRequest);
  const bareRuns: Run[] = [];
  const mockRuns: Run[] = [];
  const ratios: number[] = [];
  let unexpected = 0;
  for (let i = 0; i < roundCount; i++) {
    const b = (await bareRounds.next()).value!;
    const m = (await mockRounds.next()).value!;
    bareRuns.push(b);
    mockRuns.push(m);
    ratios.push(m.requestsPerSecond / b.requestsPerSecond);
    unexpected += b.unexpected + m.unexpected;
  }
  const bareAfter = await bare.sample();
  const afterApi = await mock.sample();
  const authorizeRuns: Run[] = [];
  for await (const r of rounds(mock, total, roundCount, connections, authorizeRequest, 302)) {
    authorizeRuns.push(r);
    unexpected += r.unexpected;
  }
  const afterAuthorize = await mock.sample();
  await Promise.all([bare.stop(), mock.stop()]);

  return {
    startMs: { mock: start.mockMs, bare: start.bareMs },
    bare: medianRun(bareRuns),
    mockApi: medianRun(mockRuns),
    mockAuthorize: medianRun(authorizeRuns),
    ratio: median(ratios),
    unexpected,
    mockMemory: { atStart: mock.atStart, after100kApiCalls: afterApi, after100kAuthorize: afterAuthorize },
    bareMemory: { atStart: bare.atStart, after100k: bareAfter },
  };
}

export function printMockComparison(r: MockComparison): void {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const row = (run: Run, vsBare: string, start: string, memory: string, heap: string) => ({
    'start ms': start,
    'requests/s': Math.round(run.requestsPerSecond),
    'vs bare': vsBare,
    'CPU µs/request': run.cpuMicrosPerRequest.toFixed(1),
    'RSS MB': memory,
    'heap MB': heap,
  });
  console.log(
    '\nMock server against a bare node:http server answering the same JSON: each in its own process, 100k requests over',
  );
  console.log('16 raw keep-alive connections in 5 alternating rounds (medians); memory after a full GC');
  console.table({
    'bare node:http': row(
      r.bare,
      '1.00',
      r.startMs.bare.toFixed(2),
      `${mb(r.bareMemory.atStart.rss)} → ${mb(r.bareMemory.after100k.rss)}`,
      mb(r.bareMemory.after100k.heapUsed),
    ),
    'okru mock, signed friends.get': row(
      r.mockApi,
      `${r.ratio.toFixed(2)} (target ≥ 0.5)`,
      r.startMs.mock.toFixed(2),
      `${mb(r.mockMemory.atStart.rss)} → ${mb(r.mockMemory.after100kApiCalls.rss)}`,
      `${mb(r.mockMemory.atStart.heapUsed)} → ${mb(r.mockMemory.after100kApiCalls.heapUsed)}`,
    ),
    'okru mock, then 100k authorize (dialogs)': row(
      r.mockAuthorize,
      (r.mockAuthorize.requestsPerSecond / r.bare.requestsPerSecond).toFixed(2),
      '',
      `→ ${mb(r.mockMemory.after100kAuthorize.rss)}`,
      `→ ${mb(r.mockMemory.after100kAuthorize.heapUsed)}`,
    ),
  });
  if (r.unexpected) console.log(`${r.unexpected} answers had an unexpected status`);
}

/**
 * What `npm run bench -- mock` reports: the in-process figures (returned, for bench/run.ts's row) and, printed here,
 * the side-by-side comparison.
 */
export async function measureMock(seconds = 3, concurrency = 16) {
  printMockComparison(await compareMock());

  const starts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const server = await createMockServer({ seed: i });
    starts.push(performance.now() - t);
    await server.close();
  }
  const mock = await createMockServer();
  const url = `${mock.url}fb.do?${friendsGetQuery()}`;
  let done = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url);
        const body = await res.text();
        if (body.includes('error_code')) failed++;
        done++;
      }
    }),
  );
  await mock.close();
  return { startMs: median(starts), requestsPerSecond: done / seconds, failed, concurrency };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureMock());
