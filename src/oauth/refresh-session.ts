// A session from a stored refresh token: authorize() runs the refresh grant at oauth/token.do, or resumes with a
// stored access token that is still good. Calls use the server-server circuit; later expiries refresh again. With a
// shared store, every process of the app that holds a session for the same user refreshes its tokens once between
// them (store/shared-tokens.ts).
import { OkConfigError } from '../errors.js';
import { checkRequiredText } from '../sessions/options.js';
import { type SharedRefresh, SharedTokens } from '../store/shared-tokens.js';
import { checkSharedStore, type SharedStore } from '../store/store.js';
import { DEFAULT_TIMEOUT } from '../transport/exchange.js';
import {
  AuthorizingSession,
  isExpired,
  type OAuthEndpointOptions,
  type ObtainedTokens,
} from './authorizing-session.js';

export interface RefreshSessionOptions extends OAuthEndpointOptions {
  appId: number | string;
  appKey: string;
  /** Sent as `client_secret`, as OK wants it: the key itself, not a hash. */
  appSecretKey: string;
  refreshToken: string;
  /**
   * The access token stored with the refresh token: while it is good (see `expiresAt`), the session starts with it
   * and sends no refresh request; a 102 on a call, or the expiry, refreshes as usual.
   */
  accessToken?: string;
  /** When the stored `accessToken` expires, in ms since the epoch (as `onTokens` gave it); unknown when omitted. */
  expiresAt?: number;
  /**
   * Shares the user's tokens with every process of the app that has a session with the same `storeKey`: one of them
   * refreshes, under a lock in the store, and the others take the new tokens from it (a rotated refresh token too).
   * `RedisStore` from `okru/redis` across processes; `MemoryStore` across sessions of one process. Once the store
   * holds the user's tokens they win over `refreshToken` and `accessToken`, which seed an empty store.
   */
  store?: SharedStore;
  /** With `store`: the user's key, e.g. `'user:575662066926'`; the app's id is put before it. Never a token. */
  storeKey?: string;
  /**
   * With `store`: how long the refresh lock lives, in ms; 30000 by default. A process that died holding it blocks the
   * others this long; it must be longer than `timeout` (the token request's), so that a live holder never loses it.
   * Others wait at most twice this for new tokens.
   */
  lockTimeout?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
const STORE_OPERATIONS = ['get', 'compareAndSet', 'lock', 'unlock'] as const;

/** The shared tokens of a session's options, checked; undefined without `store`. */
function sharedTokens(owner: string, options: RefreshSessionOptions): SharedTokens | undefined {
  const { store, storeKey, lockTimeout = DEFAULT_LOCK_TIMEOUT_MS } = options;
  if (store === undefined) {
    if (storeKey !== undefined) throw new OkConfigError(`${owner}: storeKey needs store: the shared store`);
    return undefined;
  }
  checkSharedStore(owner, store, STORE_OPERATIONS);
  checkRequiredText(owner, 'storeKey', storeKey, "the user's key in the store");
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  if (typeof lockTimeout !== 'number' || !Number.isFinite(lockTimeout) || lockTimeout <= 0)
    throw new OkConfigError(`${owner}: lockTimeout must be a positive number of milliseconds`);
  if (timeout === false || !(lockTimeout > timeout))
    throw new OkConfigError(
      `${owner}: lockTimeout must be longer than timeout, so that a refresh ends before its lock lapses`,
    );
  return new SharedTokens({ store, appId: options.appId, key: storeKey!, lockTimeout });
}

export class RefreshSession extends AuthorizingSession {
  static override readonly label: string = 'RefreshSession';
  #stored: { accessToken: string; expiresAt: number | undefined } | undefined;
  readonly #shared: SharedTokens | undefined;

  constructor(options: RefreshSessionOptions) {
    const owner = (new.target as typeof RefreshSession).label;
    checkRequiredText(owner, 'appSecretKey', options?.appSecretKey, "the application's secret key");
    checkRequiredText(owner, 'refreshToken', options.refreshToken, 'the refresh token');
    const { accessToken, expiresAt, store, storeKey, lockTimeout, ...rest } = options;
    if (accessToken !== undefined) checkRequiredText(owner, 'accessToken', accessToken, 'the stored access token');
    if (expiresAt !== undefined && !Number.isFinite(expiresAt))
      throw new OkConfigError(`${owner}: expiresAt must be a time in ms since the epoch`);
    super({ ...rest, circuit: 'server' });
    // After super(), which checks timeout: the lock's lifetime is checked against it.
    this.#shared = sharedTokens(owner, options);
    if (accessToken !== undefined) this.#stored = { accessToken, expiresAt };
  }

  protected async obtainTokens(): Promise<ObtainedTokens> {
    const stored = this.#stored;
    this.#stored = undefined;
    // The app's stored tokens seed an empty store, with the refresh token that goes with them.
    if (this.#shared)
      return this.#shared.obtain(this.#sharedRefresh(), stored && { ...stored, refreshToken: this.refreshToken });
    if (stored && !isExpired(stored.expiresAt)) {
      // The stored expiry is kept exactly as given; a resumed token is what the app stored already, so `onTokens`
      // hears only of new ones.
      return { accessToken: stored.accessToken, expiresAt: stored.expiresAt, resumed: true };
    }
    return this.refreshGrant();
  }

  /** With a shared store: another process's new tokens, or one refresh for all of them. */
  protected override refreshGrant(): Promise<ObtainedTokens> {
    return this.#shared ? this.#shared.refresh(this.#sharedRefresh()) : super.refreshGrant();
  }

  #sharedRefresh(): SharedRefresh {
    return {
      stale: this.accessToken,
      own: this.refreshToken,
      grant: (refreshToken: string) => this.grantRefresh(refreshToken),
      secrets: () => this.oauthSecrets(),
      closed: () => this.closed,
    };
  }

  override secrets(): string[] {
    return [...super.secrets(), ...(this.#stored ? [this.#stored.accessToken] : [])];
  }

  override async close(): Promise<void> {
    this.#stored = undefined;
    await super.close();
  }
}

/** aiookru's name for the refresh flow on a server: the same session. */
export class RefreshServerSession extends RefreshSession {
  static override readonly label: string = 'RefreshServerSession';
}
