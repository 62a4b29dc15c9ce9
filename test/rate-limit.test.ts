// The rate-limit middleware: no window of `interval` ms ever holds more than `limit` calls let through to the wire,
// calls over the limit wait rather than fail, and each result still reaches its own caller. Times are taken by a
// middleware right after the limiter: the wire adds its own jitter.
import { describe, expect, it, vi } from 'vitest';
import {
  API,
  OkAbortError,
  OkConfigError,
  ServerSession,
  rateLimit,
  retry,
  type Middleware,
  type OkRequest,
} from '../src/index.js';
import { RateQueue } from '../src/middleware/rate-queue.js';
import { json, recordingFetch } from './helpers/wire.js';

/** A client whose server answers each friends.get with the uid asked for; `sentAt` notes when each call went on. */
function client(middleware: Middleware[], answer?: (call: number) => Response | undefined) {
  const sentAt: number[] = [];
  const released: Middleware = (request, next) => {
    sentAt.push(performance.now());
    return next(request);
  };
  const wire = recordingFetch((s) => answer?.(wire.seen.length) ?? json([s.params.uid ?? s.params.method]));
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
    fetch: wire.fetch,
    middleware: [...middleware, released],
  });
  return { ok, seen: wire.seen, sentAt };
}

/** The most requests found in any window of `interval` ms. */
function busiestWindow(times: number[], interval: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++)
    most = Math.max(most, sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + interval).length);
  return most;
}

/** Keeps the event loop busy for `ms`, as a long garbage collection does. */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('rateLimit', () => {
  it('holds calls over the limit until the window allows them; every caller gets its own result', async () => {
    const delayed: string[] = [];
    const { ok, sentAt } = client([
      rateLimit({ limit: 2, interval: 120, onDelay: (r) => void delayed.push(r.params.uid!) }),
    ]);
    const uids = ['1', '2', '3', '4', '5'];
    const results = await Promise.all(uids.map((uid) => ok.friends.get({ uid })));
    expect(results).toEqual(uids.map((uid) => [uid]));
    expect(sentAt).toHaveLength(5);
    // Timers fire late, never early: a window of 115 ms (120 less clock slack) never holds more than 2.
    expect(busiestWindow(sentAt, 115)).toBe(2);
    expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeGreaterThanOrEqual(2 * 115);
    expect(delayed).toEqual(['3', '4', '5']);
  });

  it('after a stall of the event loop, the calls that were due do not meet the next ones: still 2 in any window', async () => {
    const { ok, sentAt } = client([rateLimit({ limit: 2, interval: 100 })]);
    const calls = ['1', '2', '3', '4', '5', '6'].map((uid) => ok.friends.get({ uid }));
    // Calls 3 and 4 are due at ~100 ms, 5 and 6 at ~200 ms; the loop is blocked until ~190 ms, so 3 and 4 go late.
    await new Promise((resolve) => setTimeout(resolve, 10));
    stall(180);
    await Promise.all(calls);
    // Timers fire late, never early: a window of 95 ms (100 less clock slack) never holds more than 2.
    expect(busiestWindow(sentAt, 95)).toBe(2);
  });

  it('with a key, each key has its own limit', async () => {
    const delayed: string[] = [];
    const key = (r: OkRequest) => r.method;
    const onDelay = (r: OkRequest) => void delayed.push(`${r.method} ${r.params.uid ?? ''}`);
    const { ok, seen, sentAt } = client([rateLimit({ limit: 1, interval: 150, key, onDelay })]);
    await Promise.all([ok.friends.get({ uid: '1' }), ok.users.getLoggedInUser(), ok.friends.get({ uid: '2' })]);
    const at = (method: string, n = 0) =>
      sentAt[seen.map((s, i) => [s.params.method, i] as const).filter(([m]) => m === method)[n]![1]]!;
    // The two methods went at once (neither waited); the second friends.get waited for its method's window.
    expect(delayed).toEqual(['friends.get 2']);
    expect(at('friends.get', 1) - at('friends.get')).toBeGreaterThanOrEqual(145);
  });

  it('after retry() in the list, every new try waits its turn too', async () => {
    const { ok, sentAt } = client([retry({ delay: () => 0 }), rateLimit({ limit: 1, interval: 100 })], (n) =>
      n === 1 ? json({ error_code: 8, error_msg: 'FLOOD_BLOCKED : slow down' }) : undefined,
    );
    await expect(ok.friends.get({ uid: '7' })).resolves.toEqual(['7']);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(95);
  });

  it('aborting the signal rejects the calls still waiting, with its reason; the ones sent complete', async () => {
    const controller = new AbortController();
    const { ok, seen } = client([rateLimit({ limit: 1, interval: 10_000, signal: controller.signal })]);
    const first = ok.friends.get({ uid: '1' });
    const second = ok.friends.get({ uid: '2' });
    await expect(first).resolves.toEqual(['1']);
    controller.abort(new Error('shutting down'));
    await expect(second).rejects.toThrow('shutting down');
    expect(seen.map((s) => s.params.uid)).toEqual(['1']);
  });

  it('bad options fail when the middleware is made, naming the option', () => {
    expect(() => rateLimit({ limit: 0, interval: 1000 })).toThrow(
      new OkConfigError('rateLimit: limit must be a positive integer (calls per interval)'),
    );
    expect(() => rateLimit({ limit: 1.5, interval: 1000 })).toThrow('rateLimit: limit must be a positive integer');
    expect(() => rateLimit({ limit: 3, interval: Number.NaN })).toThrow(
      'rateLimit: interval must be a positive number of milliseconds',
    );
    expect(() => rateLimit(undefined as never)).toThrow(OkConfigError);
  });
});

describe('rateLimit({ spread: true })', () => {
  it('sends calls one at a time, interval / limit apart, never more than limit in a window; each caller its result', async () => {
    const { ok, sentAt } = client([rateLimit({ limit: 5, interval: 200, spread: true })]);
    const uids = Array.from({ length: 12 }, (_, i) => String(i));
    const results = await Promise.all(uids.map((uid) => ok.friends.get({ uid })));
    expect(results).toEqual(uids.map((uid) => [uid]));
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    // 40 ms apart, on the schedule (timers fire late, never early; 1 ms of clock slack): a call after one whose timer
    // fired late may catch up, but never closer than half a gap; and so at most 5 in any 195 ms.
    const sorted = [...gaps].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeGreaterThanOrEqual(39);
    expect(sorted[0]!).toBeGreaterThanOrEqual(19);
    expect(busiestWindow(sentAt, 195)).toBeLessThanOrEqual(5);
  });

  it('after a stall of the event loop, the calls that were due go on spread out, not all at once', async () => {
    const { ok, sentAt } = client([rateLimit({ limit: 10, interval: 200, spread: true })]);
    const calls = Array.from({ length: 10 }, (_, i) => ok.friends.get({ uid: String(i) }));
    await new Promise((resolve) => setTimeout(resolve, 25)); // the first calls went, the others wait
    stall(120); // six slots pass with nobody to let their calls go
    await Promise.all(calls);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    // 20 ms apart, or half that right after a late release (the stall, or a timer that fired late on a busy
    // machine); a limiter of booked slots sends the overdue ones at once. And never more than 10 in 200 ms.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(9);
    expect(busiestWindow(sentAt, 195)).toBeLessThanOrEqual(10);
  });

  it("a waiting call's signal takes it out of the queue (OkAbortError, never sent); the middleware's signal ends all", async () => {
    const stop = new AbortController();
    const { ok, seen } = client([rateLimit({ limit: 1, interval: 10_000, spread: true, signal: stop.signal })]);
    const own = new AbortController();
    const first = ok.friends.get({ uid: '1' });
    const second = ok.friends.get({ uid: '2' }, { signal: own.signal });
    const third = ok.friends.get({ uid: '3' });
    await expect(first).resolves.toEqual(['1']);
    own.abort(new Error('not needed'));
    await expect(second).rejects.toThrow(OkAbortError);
    stop.abort(new Error('shutting down'));
    await expect(third).rejects.toThrow('shutting down');
    expect(seen.map((s) => s.params.uid)).toEqual(['1']);
  });

  it('onDelay hears of each call that has to wait; keys keep separate queues', async () => {
    const delayed: string[] = [];
    const { ok, seen, sentAt } = client([
      rateLimit({
        limit: 1,
        interval: 100,
        spread: true,
        key: (r) => r.method,
        onDelay: (r) => void delayed.push(r.params.uid ?? r.method),
      }),
    ]);
    await Promise.all([ok.friends.get({ uid: '1' }), ok.users.getLoggedInUser(), ok.friends.get({ uid: '2' })]);
    expect(delayed).toEqual(['2']);
    const at = (uid: string) => sentAt[seen.findIndex((s) => s.params.uid === uid)]!;
    // The limiter let the second go 100 ms after the first; the times here are taken a turn of the event loop later,
    // and on a busy machine the first one's turn can come late: some slack.
    expect(at('2') - at('1')).toBeGreaterThanOrEqual(75);
  });
});

describe('RateQueue', () => {
  it('counts a call of a burst from when it really went (went()), not from when it was let go', async () => {
    vi.useFakeTimers();
    try {
      const queue = new RateQueue(2, 100, false, () => Date.now());
      const start = Date.now();
      const goneAt: Record<string, number> = {};
      const call = (name: string, busyMs = 0) =>
        queue
          .take(undefined, () => new Error('aborted'))
          .then((went) => {
            // The call before it ran up to its request first: this one goes `busyMs` later than it was let go.
            vi.advanceTimersByTime(busyMs);
            went();
            goneAt[name] = Date.now() - start;
          });
      const calls = [call('a'), call('b', 30), call('c'), call('d')];
      await vi.runAllTimersAsync();
      await Promise.all(calls);
      // c waits a whole window after a; d a whole window after b, which went at 30, not at 0.
      expect(goneAt).toEqual({ a: 0, b: 30, c: 100, d: 130 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('under a backlog longer than its compaction point, lets every call go once, in order', async () => {
    const queue = new RateQueue(2000, 50, true);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 3000 }, (_, i) =>
        queue.take(undefined, () => new Error('aborted')).then(() => void order.push(i)),
      ),
    );
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
