// A user's tokens shared by every process of an app, so that a fleet refreshes each token once. The tokens live in
// the store under `okru:<appId>:tokens:<key>`; whoever refreshes them holds the lock `okru:<appId>:lock:<key>`.
//
// A process whose token expired or was refused first reads the store: new tokens that another process wrote are
// taken as they are. Otherwise it takes the lock (its owner id, so that only it releases it; a lifetime, so that a
// holder that died releases it by lapsing), reads the store again (someone may have refreshed between the read and
// the lock), refreshes with the store's refresh token (OK may have rotated it: the process's own may be spent), and
// writes the new tokens only if the store still holds what the refresh started from (compare-and-set: a holder whose
// lock lapsed never overwrites a newer refresh). The others poll, bounded, until the new tokens are there or the lock
// is free to take. A lock whose taking failed is released all the same: the store may have taken it. In a process,
// AuthorizingSession already makes concurrent refreshes one: this is what runs once.
// A refresh token OK refused for good is replaced in the store by a mark (its MD5), so that every other process
// holding it fails at once (LoginRequiredError) instead of asking OK again.
//
// Tokens are secrets: they live in the store (that is its point), but no error or log line shows them (errors.ts).
import { OkConfigError } from '../errors.js';
import {
  expiresAtOf,
  isExpired,
  isFinalGrantError,
  type OAuthTokens,
  type ObtainedTokens,
} from '../oauth/authorizing-session.js';
import { md5Hex } from '../md5.js';
import { OAuthError, TokenStorageError } from '../oauth/errors.js';
import { randomState } from '../oauth/state.js';
import { StoreError, callStore, storeFailure } from './errors.js';
import { storeKey } from './keys.js';
import type { SharedStore } from './store.js';

export interface SharedTokensOptions {
  store: SharedStore;
  appId: number | string;
  /** The user's key, e.g. `user:575662066926`: one key per user (per refresh token). */
  key: string;
  /** How long a lock lives (ms): longer than a refresh takes, as short as a dead holder may block the others. */
  lockTimeout: number;
}

export interface SharedRefresh {
  /** The access token this process holds and found expired or refused; undefined when it holds none yet. */
  stale: string | undefined;
  /** This process's refresh token, used while the store holds none. */
  own: string | undefined;
  /** The refresh grant with a given refresh token. */
  grant: (refreshToken: string) => Promise<OAuthTokens>;
  /** The session's secrets, to keep out of errors. */
  secrets: () => string[];
  /** Whether the session was closed: a process waiting for others stops then. */
  closed: () => boolean;
}

/**
 * What the store holds: its exact text (for compare-and-set), and the tokens read from it when they make sense, or
 * the mark of a refresh token OK refused for good (its MD5: the store keeps no dead secret either).
 */
interface Stored {
  raw: string | undefined;
  tokens: OAuthTokens | undefined;
  refused?: string;
}

/** What the store holds after OK refused a refresh token for good. */
const refusedMark = (refreshToken: string) => JSON.stringify({ refused: md5Hex(refreshToken) });

/**
 * A waiting process polls soon and often: a refresh takes one round trip, and the calls that met 102 meanwhile wait
 * for the new tokens before they are sent again (through the rate limit again, each taking a new turn).
 */
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

const tokenTexts = (tokens: OAuthTokens | undefined): string[] =>
  tokens ? [tokens.accessToken, tokens.refreshToken, tokens.sessionSecretKey].filter((t): t is string => !!t) : [];

/** Tokens that can be used now: not known to expire within the margin. */
function usable(tokens: OAuthTokens | undefined): boolean {
  return tokens !== undefined && !isExpired(tokens.expiresAt);
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The stored text as tokens or a refusal mark; anything else (another program's value, a cut write) counts as none. */
function parse(raw: string | undefined): Stored {
  let value: Record<string, unknown> | null = null;
  try {
    value = raw === undefined ? null : (JSON.parse(raw) as Record<string, unknown> | null);
  } catch {}
  if (!value || typeof value !== 'object') return { raw, tokens: undefined };
  const accessToken = text(value.accessToken);
  if (!accessToken) return { raw, tokens: undefined, refused: text(value.refused) };
  const tokens: OAuthTokens = {
    accessToken,
    refreshToken: text(value.refreshToken),
    sessionSecretKey: text(value.sessionSecretKey),
    tokenType: text(value.tokenType),
    expiresIn: number(value.expiresIn),
    expiresAt: number(value.expiresAt),
  };
  return { raw, tokens };
}

/** Tokens as stored: with an absolute expiry, so that a process that reads them later knows how long they live. */
function serialize(tokens: OAuthTokens): string {
  return JSON.stringify({ ...tokens, expiresAt: expiresAtOf(tokens) });
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SharedTokens {
  readonly #store: SharedStore;
  readonly #tokensKey: string;
  readonly #lockKey: string;
  readonly #lockTimeout: number;
  /** The tokens last read from the store or written to it, kept out of errors (the session may not hold them). */
  #seen: string[] = [];

  constructor(options: SharedTokensOptions) {
    this.#store = options.store;
    this.#tokensKey = storeKey(options.appId, 'tokens', options.key);
    this.#lockKey = storeKey(options.appId, 'lock', options.key);
    this.#lockTimeout = options.lockTimeout;
  }

  /**
   * A session's first tokens: the store's when they are good; else the app's own stored ones (`given`), which then
   * seed an empty store; else a refresh, once for every process.
   */
  async obtain(refresh: SharedRefresh, given: OAuthTokens | undefined): Promise<ObtainedTokens> {
    const current = await this.#read(refresh);
    if (usable(current.tokens)) return { ...current.tokens!, resumed: true };
    if (given && usable(given) && current.raw === undefined) {
      const value = serialize(given);
      this.#seen = [...this.#seen, ...tokenTexts(given)];
      if (
        await this.#step(
          'write the tokens',
          () => this.#store.compareAndSet(this.#tokensKey, undefined, value),
          refresh,
        )
      )
        return { ...given, resumed: true };
    }
    return this.refresh(refresh);
  }

  /** New tokens for a stale one: another process's, or this one's own refresh under the lock. */
  async refresh(refresh: SharedRefresh): Promise<ObtainedTokens> {
    const owner = randomState();
    const deadline = Date.now() + 2 * this.#lockTimeout;
    let wait = FIRST_POLL_MS;
    // The deadline ends the loop; the count of rounds bounds it too (polls, lapsed locks, a refused refresh token).
    const rounds = Math.ceil((2 * this.#lockTimeout) / FIRST_POLL_MS) + 2;
    for (let round = 0; round < rounds; round++) {
      const current = await this.#read(refresh);
      if (this.#newer(current.tokens, refresh.stale)) return { ...current.tokens!, resumed: true };
      this.#throwIfRefused(current, refresh);
      if (await this.#lock(owner, refresh)) {
        try {
          const obtained = await this.#refreshLocked(refresh);
          if (obtained) return obtained;
          continue; // the stored refresh token was refused: this process's own gets a try
        } finally {
          await callStore(() => this.#store.unlock(this.#lockKey, owner)).catch(() => {});
        }
      }
      if (Date.now() + wait > deadline) break;
      await pause(wait);
      if (refresh.closed()) throw new OkConfigError('this session was closed while it obtained tokens');
      wait = Math.min(wait * 1.25, MAX_POLL_MS);
    }
    throw new StoreError(
      'wait for another process to refresh the tokens',
      `no new tokens within ${2 * this.#lockTimeout} ms while another process held the lock`,
    );
  }

  /** Takes the refresh lock for `owner`; whether it did. */
  async #lock(owner: string, refresh: SharedRefresh): Promise<boolean> {
    try {
      return await this.#step(
        'take the refresh lock',
        () => this.#store.lock(this.#lockKey, owner, this.#lockTimeout),
        refresh,
      );
    } catch (err) {
      // The store may have taken the lock all the same (RedisStore's deadline ends the wait, not the command, which
      // runs later): held by an owner nobody releases, it would keep every process from refreshing until it lapses.
      // The unlock is sent after the lock, on the same connection for RedisStore, so it runs after it. Not awaited:
      // releasing is a courtesy to the others, and a store that stalls would hold this error back a second time.
      callStore(() => this.#store.unlock(this.#lockKey, owner)).catch(() => {});
      throw err;
    }
  }

  /**
   * Holding the lock: the tokens someone wrote meanwhile, or a refresh with the store's refresh token (the newest,
   * if OK rotated it) and then a write. Undefined when OK refused the stored refresh token and this process holds
   * another one, which the next round tries.
   */
  async #refreshLocked(refresh: SharedRefresh): Promise<ObtainedTokens | undefined> {
    const stored = await this.#read(refresh);
    if (this.#newer(stored.tokens, refresh.stale)) return { ...stored.tokens!, resumed: true };
    this.#throwIfRefused(stored, refresh);
    const refreshToken = stored.tokens?.refreshToken ?? refresh.own;
    if (refreshToken === undefined) throw new OkConfigError('the shared tokens hold no refresh token');
    let tokens: OAuthTokens;
    try {
      tokens = await refresh.grant(refreshToken);
    } catch (err) {
      if (!isFinalGrantError(err)) throw err;
      // The refresh token is dead: the store says so (unless someone replaced it meanwhile), so that the other
      // processes that hold it fail at once instead of asking OK again; a different one of this process gets a try.
      const marked = await this.#step(
        'mark the refresh token refused',
        () => this.#store.compareAndSet(this.#tokensKey, stored.raw, refusedMark(refreshToken)),
        refresh,
      );
      if (!marked || (refresh.own !== undefined && refresh.own !== refreshToken)) return undefined;
      throw err;
    }
    return this.#write(stored.raw, tokens, refresh);
  }

  /** The store says OK refused the refresh token this process holds: fail as that refresh did, sending nothing. */
  #throwIfRefused(stored: Stored, refresh: SharedRefresh): void {
    if (stored.refused !== undefined && refresh.own !== undefined && stored.refused === md5Hex(refresh.own))
      throw new OAuthError('invalid_grant', 'OK refused this refresh token when another process used it');
  }

  /** Tokens in the store that replace the stale ones: different, and good now. */
  #newer(tokens: OAuthTokens | undefined, stale: string | undefined): boolean {
    return usable(tokens) && tokens!.accessToken !== stale;
  }

  /** Writes what a refresh obtained; a store that fails leaves them in use here, and says so (TokenStorageError). */
  async #write(expected: string | undefined, tokens: OAuthTokens, refresh: SharedRefresh): Promise<ObtainedTokens> {
    this.#seen = [...this.#seen, ...tokenTexts(tokens)];
    try {
      // False when another process wrote after this one's lock lapsed: theirs stay for the fleet; these work here.
      await this.#step(
        'write the tokens',
        () => this.#store.compareAndSet(this.#tokensKey, expected, serialize(tokens)),
        refresh,
      );
      return tokens;
    } catch (err) {
      const message =
        'new tokens were obtained and are in use, but the shared store failed to keep them: other processes do not have them';
      return { ...tokens, storageError: new TokenStorageError(err, message) };
    }
  }

  async #read(refresh: SharedRefresh): Promise<Stored> {
    const value = await this.#step('read the tokens', () => this.#store.get(this.#tokensKey), refresh);
    const raw = typeof value === 'string' ? value : undefined;
    const stored = parse(raw);
    this.#seen = [...tokenTexts(stored.tokens), ...(raw ? [raw] : [])];
    return stored;
  }

  /**
   * Calls a store method and waits for it; a failure, even one thrown at once by a custom store's plain method, is a
   * StoreError without any token (the method's own error may quote the tokens it was given).
   */
  async #step<T>(operation: string, work: () => Promise<T>, refresh: SharedRefresh): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw storeFailure(operation, err, [...refresh.secrets(), ...this.#seen]);
    }
  }
}
