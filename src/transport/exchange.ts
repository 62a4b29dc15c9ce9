// The one path every HTTP request of okru takes: API calls, the token endpoint, auth.login, the login dialog's pages
// and uploads. One deadline over the whole exchange, the caller's signal, a cap on the answer's size, no redirect
// followed unless the caller asked to see it, and one mapping of failures to typed errors with secrets removed.
//
// It calls fetch itself. ky, which it used before, got each of these wrong for okru (its timeout stops at the
// headers, it follows redirects, its retries know nothing of OK) and cost more than the rest of a call: with a signal
// it merges signals with AbortSignal.any, ~25 µs a call on top of its own ~50 µs (bench/overhead.ts).
import { OkAbortError, OkNetworkError, OkRedirectError, OkResponseTooLargeError, OkTimeoutError } from '../errors.js';
import { redactText } from '../redact.js';
import { Deadline, throwIfAborted } from './deadline.js';
import { BodyTooLarge, readBody } from './read-body.js';
import { countingBody } from './upload-progress.js';

/** 64 MB: far above any answer OK sends, far below what would exhaust a process. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_TIMEOUT = 10_000;

export interface HttpOptions {
  /** Replaces the global fetch (tests, proxies, custom agents). */
  readonly fetch?: typeof globalThis.fetch;
  /** Milliseconds for a whole exchange (body included), or false for no limit. */
  readonly timeout: number | false;
  /** The largest answer read, in bytes. */
  readonly maxResponseBytes: number;
}

export interface ExchangeRequest {
  /** What the request is for, as errors name it: `users.getInfo`, `oauth/token.do (refresh_token)`, `upload`. */
  readonly what: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** A form (multipart), a Blob (raw bytes: a chunk of a video) or a string. */
  readonly body?: string | FormData | Blob;
  readonly headers?: Readonly<Record<string, string>>;
  /** Every secret the request carries: none may appear in an error. */
  readonly secrets: readonly string[];
  readonly signal?: AbortSignal;
  /** This exchange's own timeout, instead of the client's. */
  readonly timeout?: number | false;
  /**
   * `refuse` (the default): a redirect is an OkRedirectError and is not followed. `return`: the 3xx answer is handed
   * back for the caller to judge (the login dialog, which follows only redirects within its own origin).
   */
  readonly redirects?: 'refuse' | 'return';
  readonly onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface ExchangeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** The whole body, read within the deadline. */
  readonly text: string;
  /** The URL that answered. */
  readonly url: string;
}

export class Http {
  readonly options: HttpOptions;

  constructor(options: HttpOptions) {
    this.options = options;
  }

  async exchange(request: ExchangeRequest): Promise<ExchangeResponse> {
    throwIfAborted(request.what, request.signal);
    // Looked up on each request, not kept: tests and tools (nock) replace the global fetch.
    const fetch = this.options.fetch ?? globalThis.fetch;
    const timeout = request.timeout ?? this.options.timeout;
    const deadline = new Deadline(timeout, request.signal);
    let status = 0;
    try {
      const init: RequestInit = { method: request.method, signal: deadline.signal, redirect: 'manual' };
      if (request.headers) init.headers = request.headers;
      if (request.body !== undefined) {
        if (request.onUploadProgress && typeof request.body !== 'string') {
          Object.assign(
            init,
            await deadline.race(countingBody(request.body, request.onUploadProgress, request.headers)),
          );
        } else init.body = request.body;
      }
      const response = await deadline.race(fetch(request.url, init));
      status = response.status;
      if (isRedirect(response) && request.redirects !== 'return') {
        void response.body?.cancel().catch(() => {});
        throw new OkRedirectError(
          request.what,
          response.status,
          originOf(response.headers.get('location'), request.url),
        );
      }
      const text = await readBody(response, this.options.maxResponseBytes, (p) => deadline.race(p));
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
        url: response.url || request.url,
      };
    } catch (err) {
      throw failure(err, request, deadline, timeout, status, this.options.maxResponseBytes);
    } finally {
      deadline.dispose();
    }
  }
}

/** A 3xx answer, or a browser's opaque one for `redirect: 'manual'` (status 0, no headers to read). */
export function isRedirect(response: Response): boolean {
  return (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect';
}

/** The origin a Location points to, never its path or query (which may echo the request's secrets). */
export function originOf(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

/** One mapping of every failure to a typed error; nothing the runtime reports about the request (its URL) survives. */
function failure(
  err: unknown,
  request: ExchangeRequest,
  deadline: Deadline,
  timeout: number | false,
  status: number,
  maxBytes: number,
): Error {
  if (err instanceof OkRedirectError) return err;
  if (err instanceof BodyTooLarge) return new OkResponseTooLargeError(request.what, status, maxBytes);
  if (deadline.timedOut) return new OkTimeoutError(request.what, timeout === false ? 0 : timeout);
  if (request.signal?.aborted) return new OkAbortError(request.what, request.signal.reason);
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  // URLs are dropped outright: a GET URL holds the token and the signature.
  const detail = [e?.message, e?.cause?.message]
    .filter(Boolean)
    .join(': ')
    .replace(/https?:\/\/\S+/g, '<url>');
  return new OkNetworkError(
    request.what,
    `request failed${detail ? `: ${redactText(detail, request.secrets)}` : ''}`,
    e?.cause?.code,
  );
}
