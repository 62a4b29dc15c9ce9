// Trying a call again after a transient failure, with exponential backoff and jitter (as Stripe's SDK and Octokit's
// retry plugin do). By default only calls that are safe to repeat are retried after a failure whose effect is
// unknown (a dropped connection, a timeout, HTTP 500/502/504, OK's 1/2/31). Answers that say the server refused the
// call without doing it are retried whatever the method: OK's 8 FLOOD_BLOCKED, HTTP 429 and 503. A server's
// `Retry-After` is honoured: the wait is at least that long, and when it is longer than `maxDelay` the error is
// passed on at once instead (waiting less would only be refused again). The caller's signal ends any wait.
import { OkApiError, OkConfigError, OkHttpError, OkNetworkError } from '../errors.js';
import { sleep } from '../transport/deadline.js';
import type { Middleware, OkRequest } from '../transport/pipeline.js';

export interface RetryOptions {
  /** Tries after the first; 2 by default. */
  retries?: number;
  /** Retry non-idempotent methods after failures of unknown effect too; false by default. */
  retryUnsafe?: boolean;
  /** OK error codes retried for idempotent methods: 1 UNKNOWN, 2 SERVICE, 31 NETWORK_TIMEOUT by default. */
  okCodes?: readonly number[];
  /** HTTP statuses retried for idempotent methods: 500, 502, 504 by default (429 and 503 are retried always). */
  httpStatuses?: readonly number[];
  /** Milliseconds before try `attempt` (1, 2, ...): 500·2^(attempt-1) with ±25% jitter, at most 5000, by default. */
  delay?: (attempt: number) => number;
  /** The longest wait okru accepts, a server's Retry-After included; 30000 ms by default. */
  maxDelay?: number;
  /** Called before each new try, e.g. to log it. */
  onRetry?: (info: { request: OkRequest; attempt: number; error: unknown; delayMs: number }) => void;
}

const FLOOD_BLOCKED = 8;
/** Statuses that say the server did not handle the request: 429 Too Many Requests, 503 Service Unavailable. */
const REFUSED_STATUSES = new Set([429, 503]);

export function defaultRetryDelay(attempt: number): number {
  const base = Math.min(500 * 2 ** (attempt - 1), 5_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

type Settings = Required<Pick<RetryOptions, 'retryUnsafe' | 'okCodes' | 'httpStatuses'>>;

/** Whether an error is worth another try for this request. */
function retryable(err: unknown, request: OkRequest, o: Settings): boolean {
  if (err instanceof OkApiError && err.code === FLOOD_BLOCKED) return true;
  if (err instanceof OkHttpError && REFUSED_STATUSES.has(err.status)) return true;
  const safe = o.retryUnsafe || (request.info?.idempotent ?? false);
  if (!safe) return false;
  if (err instanceof OkApiError) return o.okCodes.includes(err.code);
  // A redirect is not transient: trying again would get the same answer.
  if (err instanceof OkHttpError)
    return o.httpStatuses.includes(err.status) && !(err.status >= 300 && err.status < 400);
  return err instanceof OkNetworkError; // timeouts included; an abort (OkAbortError) is not one
}

export function retry(options: RetryOptions = {}): Middleware {
  const o = {
    retries: options.retries ?? 2,
    retryUnsafe: options.retryUnsafe ?? false,
    okCodes: options.okCodes ?? [1, 2, 31],
    httpStatuses: options.httpStatuses ?? [500, 502, 504],
    delay: options.delay ?? defaultRetryDelay,
    maxDelay: options.maxDelay ?? 30_000,
  };
  if (!Number.isSafeInteger(o.retries) || o.retries < 0)
    throw new OkConfigError('retry: retries must be a whole number, 0 or more');
  if (typeof o.maxDelay !== 'number' || !(o.maxDelay >= 0))
    throw new OkConfigError('retry: maxDelay must be a number of milliseconds, 0 or more');
  return async (request, next) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(attempt === 0 ? request : { ...request, attempt });
      } catch (err) {
        if (attempt >= o.retries || !retryable(err, request, o)) throw err;
        const asked = err instanceof OkHttpError ? err.retryAfterMs : undefined;
        if (asked !== undefined && asked > o.maxDelay) throw err;
        // At least what the server asked for (which is within maxDelay here), at most maxDelay.
        const delayMs = Math.min(Math.max(0, o.delay(attempt + 1), asked ?? 0), o.maxDelay);
        options.onRetry?.({ request, attempt: attempt + 1, error: err, delayMs });
        if (delayMs || request.signal?.aborted) await sleep(request.method, delayMs, request.signal);
      }
    }
  };
}
