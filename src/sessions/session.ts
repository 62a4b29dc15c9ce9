/// <reference lib="esnext.disposable" preserve="true" />
// What every session gives the transport: the application's key, whether a user session is present, and what to
// sign each call with. Secrets live in private fields, so they never show in logs, JSON or util.inspect.
import { OkConfigError } from '../errors.js';
import type { SESSION_KIND, SessionKind } from '../markers.js';

/**
 * Signature circuits:
 * - `client`: client-server, signed with the session secret key (implicit OAuth, WEB/iframe sessions);
 * - `server`: server-server, signed with md5(access_token + application_secret_key);
 * - `app`: no user session, signed with the application secret key.
 */
export type Circuit = 'client' | 'server' | 'app';

/** How one call is signed. */
export interface CallAuth {
  /** Added to the call and signed (e.g. a WEB session's `session_key`). */
  readonly signed?: Readonly<Record<string, string>>;
  /** Added to the call after signing (the `access_token`). */
  readonly unsigned?: Readonly<Record<string, string>>;
  readonly secret: string;
}

/**
 * What the client types require of a session type. Kept to a few members (every Session has them) so that checking
 * `new API(new ServerSession({...}))` compares three members, not the whole class (bench/typecheck.ts).
 */
export interface SessionLike {
  readonly appKey: string;
  readonly hasUser: boolean;
  readonly [SESSION_KIND]?: SessionKind;
}

export abstract class Session {
  /** Type-only: what kind of session this is (a user's, the application's alone, or unknown), for compile-time checks. */
  declare readonly [SESSION_KIND]?: SessionKind;
  /** The application id. */
  readonly appId: number | string;
  /** The application's public key (`application_key`). */
  readonly appKey: string;

  constructor(appId: number | string, appKey: string) {
    this.appId = appId;
    this.appKey = appKey;
  }

  /** True when calls carry a user session (an access token or session key). */
  abstract get hasUser(): boolean;

  /** True when calls can also be made without a user session (the application secret key is known). */
  abstract get canCallAsApp(): boolean;

  /** What to sign a call with, as the user (`asUser`) or as the application alone. */
  abstract auth(asUser: boolean): CallAuth;

  /** Every secret value this session holds, so that reports can replace them. */
  abstract secrets(): string[];

  /** What the session shows of itself: never a secret, even with util.inspect's showHidden and getters options. */
  protected describe(): Record<string, unknown> {
    return { appId: this.appId, appKey: this.appKey, hasUser: this.hasUser };
  }

  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    return `${this.constructor.name} ${inspect(this.describe(), options)}`;
  }

  /** Sessions that must first obtain a token (OAuth flows) do it here; `API` calls it before the first call. */
  authorize(): Promise<this> {
    return Promise.resolve(this);
  }

  /**
   * True when authorize() has work to do before the next call (an OAuth flow not run yet, a token known to have
   * expired). Lets the transport skip the await on every call of sessions that never need it.
   */
  get needsAuthorization(): boolean {
    return false;
  }

  /** True for sessions that may ever refresh their token (so the transport installs its refresh step). */
  get mayRefresh(): boolean {
    return false;
  }

  /** The access token calls are signed with now, when there is one. */
  get accessToken(): string | undefined {
    return undefined;
  }

  /** The permissions the user granted, when the session knows them (the implicit flow does). */
  get permissionsGranted(): readonly string[] | undefined {
    return undefined;
  }

  /** True when the session can get a new access token by itself (a refresh token and the application secret key). */
  get canRefresh(): boolean {
    return false;
  }

  /**
   * Gets a new access token. `staleToken` is the token a call failed with: when the session has already moved past
   * it (another call refreshed first), nothing more is done, so concurrent failures cause one refresh.
   */
  refresh(_staleToken?: string): Promise<void> {
    return Promise.reject(new OkConfigError('this session cannot refresh its access token'));
  }

  /** Forgets the credentials and releases what the session holds; later calls fail. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * `await using session = ...` closes it at the end of the scope. (The reference to the esnext.disposable library at
   * the top of this file brings Symbol.asyncDispose's type to projects whose lib lacks it, browser-only ones included.)
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
