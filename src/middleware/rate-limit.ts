// Keeping under a rate of calls, so that OK does not answer 8 FLOOD_BLOCKED: calls over the limit wait their turn
// instead of failing. OK publishes no global limit (users.getCallsLeft tells per method), so the numbers are the
// app's to choose. The throttling itself is p-throttle's strict (sliding window) algorithm, loaded on the first call.
import { OkAbortError, OkConfigError } from '../errors.js';
import { abortable } from '../transport/deadline.js';
import type { Handler, Middleware, OkRequest } from '../transport/pipeline.js';

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
}

type Pass = (request: OkRequest, next: Handler) => Promise<unknown>;

/**
 * Middleware that delays calls beyond `limit` per `interval`. Put it after `retry()` in the list, so that each new
 * try waits its turn too: `middleware: [retry(), rateLimit({ limit: 5, interval: 1000 })]`.
 *
 * @throws OkConfigError when `limit` is not a positive integer or `interval` not a positive number of milliseconds.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const { limit, interval, key, onDelay, signal } = options ?? ({} as RateLimitOptions);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new OkConfigError('rateLimit: limit must be a positive integer (calls per interval)');
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0)
    throw new OkConfigError('rateLimit: interval must be a positive number of milliseconds');
  const throttles = new Map<string, Promise<Pass>>();
  const throttleFor = (name: string): Promise<Pass> => {
    let pass = throttles.get(name);
    if (!pass) {
      pass = import('p-throttle').then(({ default: pThrottle }) =>
        pThrottle({ limit, interval, strict: true, signal, onDelay: (request: OkRequest) => onDelay?.(request) })(
          (request: OkRequest, next: Handler) => next(request),
        ),
      );
      throttles.set(name, pass);
    }
    return pass;
  };
  return async (request, next) => {
    const pass = await throttleFor(key ? key(request) : '');
    // A call aborted while it waits rejects at once; when its turn comes, it is skipped instead of sent.
    return abortable(
      request.method,
      pass(request, (r) => (r.signal?.aborted ? Promise.reject(new OkAbortError(r.method, r.signal.reason)) : next(r))),
      request.signal,
    );
  };
}
