// The core client: checks a call against the spec, serializes it once, then runs it through the middleware chain to
// the step that signs, sends and parses. `API` adds the method groups and `call`; alone, this is what the
// tree-shakeable per-method functions need.
import type { KyInstance } from 'ky';
import { OkApiError, OkConfigError, OkHttpError, OkNetworkError, OkResponseError, OkSessionError, OkTimeoutError, rawErrorBody } from './errors.js';
import { redactText } from './redact.js';
import type { Permission } from '../generated/permissions.js';
import type { MethodInfo } from './method-info.js';
import type { DECLARED_PERMISSIONS } from './markers.js';
import { serializeParams } from './serialize.js';
import { Session, type SessionLike } from './sessions/session.js';
import { sign } from './signature.js';
import { createKy, exchange, type HttpSettings } from './transport/http.js';
import { compose, type Handler, type Middleware, type OkRequest } from './transport/pipeline.js';
import { refreshOnExpiry } from './transport/refresh.js';
import type { HttpMethod } from './types.js';
import { validateParams } from './validate.js';

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
  /** Milliseconds to wait for an answer, or false for no limit; 10000 by default. */
  timeout?: number | false;
  /** Return OK's error object as the result instead of throwing OkApiError (aiookru's `pass_error`). */
  passError?: boolean;
  /** Middleware around every attempt, the first outermost (retries, rate limits, logging, ...). */
  middleware?: readonly Middleware[];
}

export const DEFAULT_BASE_URL = 'https://api.ok.ru/';
export const DEFAULT_TIMEOUT = 10_000;

export class Client<S extends SessionLike = Session, P extends readonly Permission[] = readonly Permission[]> {
  /** Type-only: the permissions the client declared (API's `permissions` option), for compile-time checks. */
  declare readonly [DECLARED_PERMISSIONS]?: P;
  /** The session calls are made with. */
  readonly session: S;
  /** The same object, as the Session it is checked to be at run time. */
  readonly #session: Session;
  readonly #settings: HttpSettings;
  readonly #httpMethod: HttpMethod;
  readonly #passError: boolean;
  readonly #middleware: Middleware[];
  #handler: Handler;
  #ky: KyInstance | Promise<KyInstance> | undefined;

  constructor(session: S, options: ClientOptions = {}) {
    if (!((session as unknown) instanceof Session)) throw new OkConfigError('API: the first argument must be a session, e.g. new ServerSession({ ... })');
    this.session = session;
    this.#session = session as unknown as Session;
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) throw new OkConfigError('API: baseUrl must be an http(s) URL');
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    if (timeout !== false && !(typeof timeout === 'number' && timeout > 0)) throw new OkConfigError('API: timeout must be a positive number of milliseconds or false');
    const httpMethod = options.httpMethod ?? 'GET';
    if (httpMethod !== 'GET' && httpMethod !== 'POST') throw new OkConfigError("API: httpMethod must be 'GET' or 'POST'");
    if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new OkConfigError('API: fetch must be a function');
    this.#settings = { endpoint: `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}fb.do`, timeout, fetch: options.fetch };
    this.#httpMethod = httpMethod;
    this.#passError = options.passError ?? false;
    this.#middleware = [...(options.middleware ?? [])];
    this.#handler = this.#compose();
  }

  /** Adds middleware inside the existing ones. */
  use(...middleware: Middleware[]): this {
    this.#middleware.push(...middleware);
    this.#handler = this.#compose();
    return this;
  }

  /** The user's middleware outside, token refresh innermost (so that a retry middleware sees refreshed calls); the
   * refresh step only for sessions that can ever refresh. */
  #compose(): Handler {
    return compose(this.#session.mayRefresh ? [...this.#middleware, refreshOnExpiry(this.#session)] : this.#middleware, this.#send);
  }

  /**
   * Calls a method. `info` is what the spec knows of it (undefined for a method newer than the spec: then nothing is
   * checked). Rejects with OkParamError or OkSessionError before sending when the call cannot be right.
   */
  invoke(method: string, info: MethodInfo | undefined, params?: object): Promise<unknown> {
    // Not an async function: one promise layer less per call (bench/overhead.ts); checks still reject, not throw.
    let result: Promise<unknown>;
    try {
      validateParams(method, params, info);
      this.checkCall(method, info, params);
      result = this.#handler({
        method,
        params: serializeParams(params, info?.params),
        info,
        asUser: this.#signAsUser(method, info),
        httpMethod: this.#httpMethod,
        attempt: 0,
      });
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#passError ? result.catch((err: unknown) => (err instanceof OkApiError ? rawErrorBody(err) : Promise.reject(err))) : result;
  }

  /**
   * Posts a multipart form to an upload URL that a method gave (photosV2.getUploadUrl, video.getUploadUrl), through
   * the same fetch and timeout as calls, and reads the JSON answer. `onProgress` reports bytes sent.
   */
  async upload(url: string, form: FormData, options: { onProgress?: (sent: number, total: number) => void; timeout?: number | false } = {}): Promise<unknown> {
    await this.#prepare();
    const ky = this.#ky as KyInstance;
    const secrets = this.#session.secrets();
    let response: Response;
    let text: string;
    try {
      response = await ky(url, {
        method: 'post',
        body: form,
        timeout: options.timeout ?? this.#settings.timeout,
        ...(options.onProgress ? { onUploadProgress: (p: { transferredBytes: number; totalBytes: number }) => options.onProgress!(p.transferredBytes, p.totalBytes) } : {}),
      });
      text = await response.text();
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      if (e?.name === 'TimeoutError') throw new OkTimeoutError('upload', options.timeout === false || options.timeout === undefined ? (this.#settings.timeout || 0) : options.timeout);
      throw new OkNetworkError('upload', `upload failed: ${redactText(String(e?.message ?? err), secrets).replace(/https?:\/\/\S+/g, '<url>')}`, e?.cause?.code);
    }
    if (!response.ok) throw new OkHttpError('upload', response.status, response.statusText, redactText(text.slice(0, 300), secrets));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OkResponseError('upload', response.status, redactText(text.slice(0, 300), secrets));
    }
    if (typeof body === 'object' && body !== null && 'error_code' in body) throw new OkApiError('upload', body as Record<string, unknown>, {}, secrets);
    return body;
  }

  /** A last check before a call is sent (API checks permissions here); throws to stop it. */
  protected checkCall(_method: string, _info: MethodInfo | undefined, _params: object | undefined): void {}

  #signAsUser(method: string, info: MethodInfo | undefined): boolean {
    const { hasUser } = this.#session;
    if (info?.session === 'prohibited' && hasUser) {
      throw new OkSessionError(
        method,
        'prohibited',
        'must be called without a user session (session rule: prohibited), but this session holds a user token; use an app-only session such as new ServerSession({ appId, appKey, appSecretKey })',
      );
    }
    if (info?.session === 'required' && !hasUser) {
      throw new OkSessionError(method, 'required', 'needs a user session (session rule: required), but this session has no access token');
    }
    return hasUser;
  }

  /** The last step of every attempt: sign with the session's current credentials, send, parse. */
  readonly #send: Handler = (request) => {
    // The common case (no authorization pending, ky loaded) stays synchronous up to the exchange.
    if (this.#session.needsAuthorization || !this.#kyReady) return this.#prepare().then(() => this.#sendNow(request));
    try {
      return this.#sendNow(request);
    } catch (err) {
      return Promise.reject(err);
    }
  };

  #kyReady = false;

  async #prepare(): Promise<void> {
    if (this.#session.needsAuthorization) await this.#session.authorize();
    if (!this.#kyReady) {
      this.#ky = await (this.#ky ??= createKy(this.#settings));
      this.#kyReady = true;
    }
  }

  #sendNow(request: OkRequest): Promise<unknown> {
    const session = this.#session;
    const auth = session.auth(request.asUser);
    const wire: Record<string, string> = { application_key: session.appKey, format: 'json', method: request.method };
    for (const key in request.params) wire[key] = request.params[key]!;
    if (auth.signed) for (const key in auth.signed) wire[key] = auth.signed[key]!;
    wire.sig = sign(wire, auth.secret);
    if (auth.unsigned) Object.assign(wire, auth.unsigned);
    return exchange(this.#ky as KyInstance, this.#settings, {
      method: request.method,
      wire,
      params: request.params,
      httpMethod: request.httpMethod,
      secrets: session.secrets(),
    });
  }
}
