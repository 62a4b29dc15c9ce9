// The seam where retries, rate limiting, token refresh and logging plug in: a chain of middleware around the step
// that signs, sends and parses one call. Middleware sees each attempt's request and its result or error.
import type { MethodInfo } from '../method-info.js';
import type { HttpMethod } from '../types.js';

export interface OkRequest {
  /** The OK method, e.g. `users.getInfo`. */
  readonly method: string;
  /** The call's own parameters, serialized (without application_key, format, method, sig and access_token). */
  readonly params: Readonly<Record<string, string>>;
  /** What the spec knows of the method; undefined for a method the spec does not know. */
  readonly info: MethodInfo | undefined;
  /** Sign as the user (with the session) or as the application alone. */
  readonly asUser: boolean;
  readonly httpMethod: HttpMethod;
  /** 0 for the first attempt; middleware that tries again passes a higher number. */
  readonly attempt: number;
  /** The caller's signal: aborting it ends the call wherever it is (sending, or waiting in a middleware). */
  readonly signal?: AbortSignal;
  /** This call's timeout for each exchange, instead of the client's. */
  readonly timeout?: number | false;
}

/** Sends one request and resolves with OK's result, or rejects with an OkError. */
export type Handler = (request: OkRequest) => Promise<unknown>;

/** Wraps the handler: may change the request, try again, wait, log, or map the result. */
export type Middleware = (request: OkRequest, next: Handler) => Promise<unknown>;

/** The first middleware is the outermost. */
export function compose(middleware: readonly Middleware[], last: Handler): Handler {
  return middleware.reduceRight<Handler>((next, mw) => (request) => mw(request, next), last);
}
