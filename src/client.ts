// The core client: checks a call against the spec, serializes it once, then runs it through the middleware chain to
// the step that signs, sends and parses (src/transport/). `API` adds the method groups and `call`; alone, this is what
// the tree-shakeable per-method functions need.
import { OkApiError, OkConfigError, OkSessionError, rawErrorBody } from './errors.js';
import type { Permission } from '../generated/permissions.js';
import type { MethodInfo } from './method-info.js';
import type { DECLARED_PERMISSIONS } from './markers.js';
import { serializeParams } from './serialize.js';
import { Session, type SessionLike } from './sessions/session.js';
import { readApiAnswer } from './transport/api-answer.js';
import { sendApiCall } from './transport/api-call.js';
import type { CallOptions } from './transport/call-options.js';
import { abortable, throwIfAborted } from './transport/deadline.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Http, type ExchangeResponse } from './transport/exchange.js';
import { compose, type Handler, type Middleware, type OkRequest } from './transport/pipeline.js';
import { refreshOnExpiry } from './transport/refresh.js';
import type { HttpMethod } from './types.js';
import { checkCallOptions, checkMaxResponseBytes, checkTimeout } from './options-check.js';
import { querySecrets } from './redact.js';
import { sessionRefusal } from './permissions.js';
import { validateParams } from './validate.js';
import { splitsBatches } from './middleware/batch-marker.js';

export interface ClientOptions {
  /** The API server, `https://api.ok.ru/` by default (a WEB app gets its own as the `api_server` launch parameter). */
  baseUrl?: string;
  /** Replaces the global fetch (tests, proxies, custom agents). */
  fetch?: typeof globalThis.fetch;
  /**
   * `GET` (the default, like OK's own SDKs; a call whose URL would be too long goes as POST) or `POST` (a form body:
   * nothing secret in any URL).
   */
  httpMethod?: HttpMethod;
  /**
   * Milliseconds for each exchange with the server, from connecting to the last byte of the answer, or false for no
   * limit; 10000 by default. A call's own `timeout` option overrides it.
   */
  timeout?: number | false;
  /** The largest answer okru reads, in bytes; 64 MB by default. A larger one is an OkResponseTooLargeError. */
  maxResponseBytes?: number;
  /** Return OK's error object as the result instead of throwing OkApiError (aiookru's `pass_error`). */
  passError?: boolean;
  /** Middleware around every attempt, the first outermost (retries, rate limits, logging, ...). */
  middleware?: readonly Middleware[];
}

export const DEFAULT_BASE_URL = 'https://api.ok.ru/';
export { DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES };

export interface UploadOptions extends CallOptions {
  /** Bytes sent so far, of all. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** @internal One request to an upload URL, for `uploadExchange`. */
export interface UploadExchange extends UploadOptions {
  method: 'GET' | 'POST';
  body?: FormData | Blob;
  headers?: Readonly<Record<string, string>>;
}

export class Client<S extends SessionLike = Session, P extends readonly Permission[] = readonly Permission[]> {
  /** Type-only: the permissions the client declared (API's `permissions` option), for compile-time checks. */
  declare readonly [DECLARED_PERMISSIONS]?: P;
  /** The session calls are made with. */
  readonly session: S;
  /** The same object, as the Session it is checked to be at run time. */
  readonly #session: Session;
  readonly #http: Http;
  readonly #endpoint: string;
  readonly #httpMethod: HttpMethod;
  readonly #passError: boolean;
  readonly #middleware: Middleware[];
  /** Some middleware splits long id lists (coalesce()): the batch parameter's max is then not a limit. */
  #splitsBatches: boolean;
  #handler: Handler;

  constructor(session: S, options: ClientOptions = {}) {
    if (!((session as unknown) instanceof Session))
      throw new OkConfigError('API: the first argument must be a session, e.g. new ServerSession({ ... })');
    this.session = session;
    this.#session = session as unknown as Session;
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl))
      throw new OkConfigError('API: baseUrl must be an http(s) URL');
    const httpMethod = options.httpMethod ?? 'GET';
    if (httpMethod !== 'GET' && httpMethod !== 'POST')
      throw new OkConfigError("API: httpMethod must be 'GET' or 'POST'");
    if (options.fetch !== undefined && typeof options.fetch !== 'function')
      throw new OkConfigError('API: fetch must be a function');
    this.#http = new Http({
      fetch: options.fetch,
      timeout: checkTimeout('API', options.timeout ?? DEFAULT_TIMEOUT),
      maxResponseBytes: checkMaxResponseBytes('API', options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
    });
    this.#endpoint = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}fb.do`;
    this.#httpMethod = httpMethod;
    this.#passError = options.passError ?? false;
    this.#middleware = [...(options.middleware ?? [])];
    this.#splitsBatches = this.#middleware.some(splitsBatches);
    this.#handler = this.#compose();
  }

  /** Adds middleware inside the existing ones. */
  use(...middleware: Middleware[]): this {
    this.#middleware.push(...middleware);
    this.#splitsBatches = this.#middleware.some(splitsBatches);
    this.#handler = this.#compose();
    return this;
  }

  /**
   * The token refresh step outermost, the user's middleware inside it: a call sent again after a refresh goes through
   * them all again (it waits its turn in rateLimit, is merged by coalesce, retried by retry). Only for sessions that
   * can ever refresh.
   */
  #compose(): Handler {
    return compose(
      this.#session.mayRefresh ? [refreshOnExpiry(this.#session), ...this.#middleware] : this.#middleware,
      this.#send,
    );
  }

  /**
   * Calls a method. `info` is what the spec knows of it (undefined for a method newer than the spec: then nothing is
   * checked). Rejects with OkParamError or OkSessionError before sending when the call cannot be right.
   */
  invoke(method: string, info: MethodInfo | undefined, params?: object, options?: CallOptions): Promise<unknown> {
    // Not an async function: one promise layer less per call (bench/overhead.ts); checks still reject, not throw.
    let result: Promise<unknown>;
    try {
      if (options !== undefined) checkCallOptions(method, options);
      throwIfAborted(method, options?.signal);
      validateParams(method, params, info, this.#splitsBatches);
      this.checkCall(method, info, params);
      const request: OkRequest = {
        method,
        params: serializeParams(params, info?.params),
        info,
        asUser: this.#signAsUser(method, info),
        httpMethod: this.#httpMethod,
        attempt: 0,
      };
      result = this.#handler(options ? { ...request, signal: options.signal, timeout: options.timeout } : request);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#passError
      ? result.catch((err: unknown) => (err instanceof OkApiError ? rawErrorBody(err) : Promise.reject(err)))
      : result;
  }

  /**
   * Posts a multipart form to an upload URL that a method gave (photosV2.getUploadUrl, video.getUploadUrl), through
   * the same exchange as calls (deadline, no redirects, size cap), and reads the JSON answer.
   */
  async upload(url: string, form: FormData, options: UploadOptions = {}): Promise<unknown> {
    const { response, secrets } = await this.uploadExchange(url, { ...options, method: 'POST', body: form });
    return readApiAnswer('upload', response, {}, secrets);
  }

  /**
   * @internal One request to an upload URL, its answer as it came: the chunked video upload (src/upload/) reads
   * statuses that `upload` would turn into errors. The same exchange as every request (deadline, size cap, no
   * redirect followed); nothing of the session goes with it. `secrets` are what errors about it must not show: the
   * session's, and the upload URL's own (querySecrets).
   */
  async uploadExchange(
    url: string,
    request: UploadExchange,
  ): Promise<{ response: ExchangeResponse; secrets: readonly string[] }> {
    checkCallOptions('upload', request);
    if (typeof url !== 'string' || !/^https?:\/\//.test(url))
      throw new OkConfigError('upload: the upload URL must be an http(s) URL');
    // The session's secrets, and the URL's own signature and ids: its server may echo the URL it was asked.
    const secrets = [...this.#session.secrets(), ...querySecrets(url)];
    const response = await this.#http.exchange({
      what: 'upload',
      url,
      method: request.method,
      body: request.body,
      headers: request.headers,
      secrets,
      signal: request.signal,
      timeout: request.timeout,
      onUploadProgress: request.onProgress,
    });
    return { response, secrets };
  }

  /** A last check before a call is sent (API checks permissions here); throws to stop it. */
  protected checkCall(_method: string, _info: MethodInfo | undefined, _params: object | undefined): void {}

  #signAsUser(method: string, info: MethodInfo | undefined): boolean {
    const { hasUser } = this.#session;
    if (!info) return hasUser;
    const refusal = sessionRefusal(info, hasUser);
    if (refusal === 'prohibited') {
      throw new OkSessionError(
        method,
        'prohibited',
        'must be called without a user session (session rule: prohibited), but this session holds a user token; use an app-only session such as new ServerSession({ appId, appKey, appSecretKey })',
      );
    }
    if (refusal === 'required') {
      throw new OkSessionError(
        method,
        'required',
        'needs a user session (session rule: required), but this session has no access token',
      );
    }
    return hasUser && !info.unsigned;
  }

  /** The last step of every attempt: authorize if due, then sign, send and parse. */
  readonly #send: Handler = (request) => {
    // The common case (no authorization pending) goes straight to the exchange.
    if (this.#session.needsAuthorization) {
      return abortable(request.method, this.#session.authorize(), request.signal).then(() =>
        sendApiCall(this.#http, this.#endpoint, this.#session, request),
      );
    }
    return sendApiCall(this.#http, this.#endpoint, this.#session, request);
  };
}
