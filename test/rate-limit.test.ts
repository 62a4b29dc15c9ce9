// The rate-limit middleware: no window of `interval` ms ever holds more than `limit` calls let through to the wire,
// calls over the limit wait rather than fail, and each result still reaches its own caller. Times are taken by a
// middleware right after the limiter: the wire adds its own jitter.
import { describe, expect, it } from 'vitest';
import { API, OkConfigError, ServerSession, rateLimit, retry, type Middleware, type OkRequest } from '../src/index.js';
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
    expect(sentAt.slice(0, 2).every((t) => t - sentAt[0]! < 100)).toBe(true);
    expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeGreaterThanOrEqual(2 * 115);
    expect(delayed).toEqual(['3', '4', '5']);
  });

  it('with a key, each key has its own limit', async () => {
    const { ok, seen, sentAt } = client([rateLimit({ limit: 1, interval: 150, key: (r: OkRequest) => r.method })]);
    await Promise.all([ok.friends.get({ uid: '1' }), ok.users.getLoggedInUser(), ok.friends.get({ uid: '2' })]);
    const at = (method: string, n = 0) =>
      sentAt[seen.map((s, i) => [s.params.method, i] as const).filter(([m]) => m === method)[n]![1]]!;
    // The two methods went at once; the second friends.get waited for its method's window.
    expect(Math.abs(at('friends.get') - at('users.getLoggedInUser'))).toBeLessThan(100);
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
