// Trying a call again after a transient failure, with exponential backoff and jitter (as Stripe's SDK and Octokit's
// retry plugin do). By default only calls that are safe to repeat are retried after a failure whose effect is
// unknown (a dropped connection, a timeout, HTTP 5xx, OK's 1/2/31); 8 FLOOD_BLOCKED means OK refused the call, so
// it is retried whatever the method.
import { OkApiError, OkHttpError, OkNetworkError } from '../errors.js';
import type { Middleware, OkRequest } from '../transport/pipeline.js';

export interface RetryOptions {
  /** Tries after the first; 2 by default. */
  retries?: number;
  /** Retry non-idempotent methods after failures of unknown effect too; false by default. */
  retryUnsafe?: boolean;
  /** OK error codes retried for idempotent methods: 1 UNKNOWN, 2 SERVICE, 31 NETWORK_TIMEOUT by default. */
  okCodes?: readonly number[];
  /** HTTP statuses retried: 500, 502, 503, 504 by default. */
  httpStatuses?: readonly number[];
  /** Milliseconds before try `attempt` (1, 2, ...): 500·2^(attempt-1) with ±25% jitter, at most 5000, by default. */
  delay?: (attempt: number) => number;
  /** Called before each new try, e.g. to log it. */
  onRetry?: (info: { request: OkRequest; attempt: number; error: unknown; delayMs: number }) => void;
}

const FLOOD_BLOCKED = 8;

export function defaultRetryDelay(attempt: number): number {
  const base = Math.min(500 * 2 ** (attempt - 1), 5_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Whether an error is worth another try for this request. */
function retryable(err: unknown, request: OkRequest, o: Required<Pick<RetryOptions, 'retryUnsafe' | 'okCodes' | 'httpStatuses'>>): boolean {
  if (err instanceof OkApiError && err.code === FLOOD_BLOCKED) return true;
  const safe = o.retryUnsafe || (request.info?.idempotent ?? false);
  if (!safe) return false;
  if (err instanceof OkApiError) return o.okCodes.includes(err.code);
  if (err instanceof OkHttpError) return o.httpStatuses.includes(err.status);
  return err instanceof OkNetworkError; // timeouts included
}

export function retry(options: RetryOptions = {}): Middleware {
  const o = {
    retries: options.retries ?? 2,
    retryUnsafe: options.retryUnsafe ?? false,
    okCodes: options.okCodes ?? [1, 2, 31],
    httpStatuses: options.httpStatuses ?? [500, 502, 503, 504],
    delay: options.delay ?? defaultRetryDelay,
  };
  return async (request, next) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(attempt === 0 ? request : { ...request, attempt });
      } catch (err) {
        if (attempt >= o.retries || !retryable(err, request, o)) throw err;
        const delayMs = Math.max(0, o.delay(attempt + 1));
        options.onRetry?.({ request, attempt: attempt + 1, error: err, delayMs });
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  };
}
