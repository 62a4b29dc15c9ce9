// Soak: 10,000 calls at concurrency 100 through the mock with about 10 % of the calls hit by injected faults (dropped
// connections, HTTP 5xx, OK's 2 SERVICE and 8 FLOOD_BLOCKED, stalls, answers lost after the call was carried out),
// with retry(). What must hold: every call settles (none lost), no call that is not idempotent is carried out twice,
// no unhandled rejection, and the heap after a full collection ends where it started. Prints the figures; not a test.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { API, OkError, ServerSession, retry } from '../src/index.js';
import { createMockServer, DEMO_CONFIG } from '../src/mock/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const APP = DEMO_CONFIG.apps[0]!;
const USER = DEMO_CONFIG.users[0]!;

/** The faults' shares, about 10 % of all calls in total. */
export const SOAK_FAULTS = {
  errorRate: 0.04,
  httpErrorRate: 0.025,
  dropRate: 0.01,
  stallRate: 0.01,
  lostAnswerRate: 0.015,
};

export interface SoakResult {
  calls: number;
  concurrency: number;
  seconds: number;
  succeeded: number;
  /** Rejected after retries, by error class. */
  failed: Record<string, number>;
  /** Of those, calls of idempotent methods (retried after any transient failure). */
  idempotentFailed: number;
  /** Calls that never settled. */
  lost: number;
  /** mediatopic.post calls OK carried out more than once. */
  duplicated: number;
  /** Posts carried out whose answer was lost: they rejected (effect unknown) and were rightly not repeated. */
  postsWithLostAnswer: number;
  wrongResults: number;
  unhandledRejections: number;
  faultsInjected: number;
  heapStartMB: number;
  heapEndMB: number;
}

const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

export async function soak(calls = 10_000, concurrency = 100): Promise<SoakResult> {
  const mock = await createMockServer({ seed: 7, faults: { ...SOAK_FAULTS, seed: 7 } });
  const ok = new API(
    new ServerSession({
      appId: APP.appId,
      appKey: APP.appKey,
      appSecretKey: APP.appSecretKey,
      accessToken: USER.accessToken!,
    }),
    {
      baseUrl: mock.url,
      timeout: 1_000,
      middleware: [
        retry({ retries: 6, delay: (n) => Math.round(Math.min(20 * 2 ** n, 500) * (0.75 + Math.random() * 0.5)) }),
      ],
    },
  );
  let unhandled = 0;
  const onUnhandled = () => void unhandled++;
  process.on('unhandledRejection', onUnhandled);

  // Warm up, then the starting heap.
  await Promise.allSettled(Array.from({ length: 200 }, () => ok.friends.get()));
  const heapStart = heapMB();
  const faultsBefore = mock.stats.faults;

  const failed: Record<string, number> = {};
  let idempotentFailed = 0;
  let succeeded = 0;
  let settled = 0;
  let wrongResults = 0;
  let next = 0;
  const postMarkers = new Map<string, 'ok' | 'failed'>();
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < calls; i = next++) {
      try {
        if (i % 5 === 0) {
          const marker = `soak-${i}`;
          postMarkers.set(marker, 'failed');
          const id = await ok.mediatopic.post({ attachment: { media: [{ type: 'text', text: marker }] } });
          if (typeof id !== 'string') wrongResults++;
          postMarkers.set(marker, 'ok');
        } else if (i % 2 === 0) {
          const friends = await ok.friends.get();
          if (!Array.isArray(friends) || friends.length !== USER.friends!.length) wrongResults++;
        } else {
          const [user] = await ok.users.getInfo({ uids: [USER.uid], fields: ['first_name'] });
          if (user?.uid !== USER.uid) wrongResults++;
        }
        succeeded++;
      } catch (err) {
        const name = err instanceof OkError ? err.name : `not an OkError: ${String(err)}`;
        failed[name] = (failed[name] ?? 0) + 1;
        if (i % 5 !== 0) idempotentFailed++;
      } finally {
        settled++;
      }
    }
  };
  // Bounded: if a call never settles, the run ends anyway and reports it as lost.
  const everything = Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.race([everything, new Promise((resolve) => setTimeout(resolve, 10 * 60_000).unref())]);
  const seconds = (performance.now() - started) / 1000;

  const carriedOut = new Map<string, number>();
  for (const topic of mock.state.topics.values()) {
    const text = (topic.attachment as { media?: { text?: string }[] }).media?.[0]?.text ?? '';
    carriedOut.set(text, (carriedOut.get(text) ?? 0) + 1);
  }
  const duplicated = [...carriedOut.values()].filter((n) => n > 1).length;
  const postsWithLostAnswer = [...postMarkers].filter(
    ([marker, outcome]) => outcome === 'failed' && carriedOut.has(marker),
  ).length;
  const faultsInjected = mock.stats.faults - faultsBefore;
  await mock.close();
  process.off('unhandledRejection', onUnhandled);
  postMarkers.clear();
  carriedOut.clear();
  // What the mock kept (topics) is gone with it: the heap left is the client's.
  const heapEnd = heapMB();
  return {
    calls,
    concurrency,
    seconds,
    succeeded,
    failed,
    idempotentFailed,
    lost: calls - settled,
    duplicated,
    postsWithLostAnswer,
    wrongResults,
    unhandledRejections: unhandled,
    faultsInjected,
    heapStartMB: heapStart,
    heapEndMB: heapEnd,
  };
}

export function printSoak(r: SoakResult): void {
  const failedTotal = Object.values(r.failed).reduce((a, b) => a + b, 0);
  console.log(
    `\nSoak: ${r.calls} calls at concurrency ${r.concurrency} through the mock, ~10 % of calls faulted (${r.faultsInjected} faults injected), retry() on`,
  );
  console.table({
    'calls lost (never settled)': { value: r.lost, target: 0 },
    'non-idempotent calls carried out twice': { value: r.duplicated, target: 0 },
    'unhandled rejections': { value: r.unhandledRejections, target: 0 },
    'wrong results': { value: r.wrongResults, target: 0 },
    succeeded: { value: r.succeeded, target: '' },
    'failed after retries': {
      value: `${failedTotal} ${JSON.stringify(r.failed)}`,
      target: 'posts only: not repeated after a failure of unknown effect',
    },
    'of which idempotent calls': { value: r.idempotentFailed, target: 0 },
    'posts carried out, answer lost (not repeated)': { value: r.postsWithLostAnswer, target: '' },
    'heap after GC, start → end (MB)': {
      value: `${r.heapStartMB.toFixed(1)} → ${r.heapEndMB.toFixed(1)}`,
      target: 'flat',
    },
    'time (s)': { value: r.seconds.toFixed(1), target: '' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) printSoak(await soak());
