// Keeping under a rate of calls, so that OK does not answer 8 FLOOD_BLOCKED: calls over the limit wait their turn
// instead of failing. OK publishes no global limit (users.getCallsLeft tells per method), so the numbers are the
// app's to choose. In one process a queue per key lets calls go when the window of the times calls actually went
// has room (rate-queue.ts); with a shared store (MemoryStore, RedisStore), the window lives in the store and holds for every
// process of the app (store/shared-turns.ts), and OK's 8 FLOOD_BLOCKED met by one of them holds back all of them.
import { OkAbortError, OkConfigError } from '../errors.js';
import { checkAppId } from '../sessions/options.js';
import { storeKey } from '../store/keys.js';
import { awaitSharedTurn, shareFloodBlock, type SharedLimit } from '../store/shared-turns.js';
import { checkSharedStore, type SharedStore } from '../store/store.js';
import { RateQueue } from './rate-queue.js';
import type { Middleware, OkRequest } from '../transport/pipeline.js';

export interface RateLimitOptions {
  /** Calls allowed within any `interval`. */
  limit: number;
  /** The window, in milliseconds. */
  interval: number;
  /**
   * Separate limits per key, e.g. `(request) => request.method` for a limit per method; one shared limit by default.
   * Each distinct key keeps its own limiter for the middleware's life: use keys from a small set.
   */
  key?: (request: OkRequest) => string;
  /** Called when a call has to wait for its turn, e.g. to log it. */
  onDelay?: (request: OkRequest) => void;
  /** Aborting rejects every call still waiting with the signal's reason (a call's own signal ends only that call). */
  signal?: AbortSignal;
  /**
   * Spaces calls evenly, at least `interval / limit` ms apart on the times they actually go, instead of letting a
   * window's calls go at once. Keeps the calls that reach OK spread out, so that those of one window cannot meet the
   * next window's first: the way to run close to OK's limit. (With `store`, calls are always spread.)
   */
  spread?: boolean;
  /**
   * Keeps the limit in a store shared by every process of the app (`RedisStore` from `okru/redis`), or by several
   * clients of one process (`MemoryStore`), instead of in this middleware. Needs `appId`. Turns are then also spread
   * out, `interval / limit` ms apart: a burst of `limit` calls reaches OK spread out by the network, and its last
   * calls could meet the next window's first. Keep `limit / interval` a little under OK's rate for the same reason.
   */
  store?: SharedStore;
  /** With `store`: the app's id, which names its limits in the store, so that two apps never share one. */
  appId?: number | string;
  /**
   * With `store`: after a call meets OK's 8 FLOOD_BLOCKED, no call of the same key starts for this many
   * milliseconds, in any process; 1000 by default, 0 for none.
   */
  floodBackoff?: number;
}

const DEFAULT_FLOOD_BACKOFF_MS = 1_000;
const STORE_OPERATIONS = ['takeTurn', 'confirmTurn', 'cancelTurn', 'block', 'blockedFor'] as const;

/**
 * Middleware that delays calls beyond `limit` per `interval`. Put it after `retry()` in the list, so that each new
 * try waits its turn too: `middleware: [retry(), rateLimit({ limit: 5, interval: 1000 })]`.
 *
 * @throws OkConfigError when `limit` is not a positive integer, `interval` not a positive number of milliseconds,
 *   or, with `store`, `appId` or `floodBackoff` is wrong.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const { limit, interval, key } = options ?? ({} as RateLimitOptions);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new OkConfigError('rateLimit: limit must be a positive integer (calls per interval)');
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0)
    throw new OkConfigError('rateLimit: interval must be a positive number of milliseconds');
  if (key !== undefined && typeof key !== 'function')
    throw new OkConfigError('rateLimit: key must be a function of the request');
  if (options.store !== undefined) return sharedRateLimit(options);
  return localRateLimit(options);
}

/** rateLimit with `store`: the window, and the flood block, live in the store. */
function sharedRateLimit(options: RateLimitOptions): Middleware {
  const { store, limit, interval, key, onDelay, signal } = options;
  checkSharedStore('rateLimit', store, STORE_OPERATIONS);
  const appId = checkAppId('rateLimit', options.appId);
  const floodBackoff = options.floodBackoff ?? DEFAULT_FLOOD_BACKOFF_MS;
  if (typeof floodBackoff !== 'number' || !Number.isFinite(floodBackoff) || floodBackoff < 0)
    throw new OkConfigError('rateLimit: floodBackoff must be a number of milliseconds, 0 or more');
  return async (request, next) => {
    const shared: SharedLimit = {
      store,
      key: storeKey(appId, 'rate', key ? key(request) : ''),
      limit,
      interval,
      floodBackoff,
    };
    await awaitSharedTurn(shared, request, onDelay, signal);
    try {
      return await next(request);
    } catch (err) {
      await shareFloodBlock(shared, err);
      throw err;
    }
  };
}

/** rateLimit in one process: a queue per key (rate-queue.ts). */
function localRateLimit(options: RateLimitOptions): Middleware {
  const { limit, interval, key, onDelay, signal } = options;
  const spread = options.spread === true;
  const queues = new Map<string, RateQueue>();
  signal?.addEventListener('abort', () => {
    for (const queue of queues.values()) queue.stopAll(signal.reason);
  });
  return async (request, next) => {
    if (signal?.aborted) throw signal.reason;
    const name = key ? key(request) : '';
    let queue = queues.get(name);
    if (!queue) {
      queue = new RateQueue(limit, interval, spread);
      queues.set(name, queue);
    }
    const went = await queue.take(
      request.signal,
      () => new OkAbortError(request.method, request.signal!.reason),
      () => onDelay?.(request),
    );
    went();
    return next(request);
  };
}
