// The base of sessions that obtain their token themselves (code, refresh, implicit and password flows): authorize
// once (concurrent callers share one attempt), keep the token's lifetime, refresh when it can (concurrent failures
// share one refresh), tell the app about new tokens, and forget everything on close.
//
// The lifecycle fails safe: tokens obtained are in use as soon as they arrive, even when `onTokens` fails to store
// them (the call that obtained them says so, once); a refresh token OK refused puts the session in a terminal state
// where every call fails at once without a request; and close() wins over a flow still under way.
import { OkConfigError } from '../errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Http } from '../transport/exchange.js';
import { checkMaxResponseBytes, checkTimeout } from '../options-check.js';
import { TokenSessionClass, type TokenSessionOptions } from '../sessions/token-session.js';
import type { CallAuth, Circuit } from '../sessions/session.js';
import { DEFAULT_CONNECT_BASE_URL, DEFAULT_OAUTH_BASE_URL, withSlash } from './authorize-url.js';
import { LoginRequiredError, OAuthError, TokenStorageError } from './errors.js';
import { requestTokens } from './token-endpoint.js';

/** What an app may want to store after authorization or a refresh. Holds secrets: keep it safe. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  sessionSecretKey?: string;
  tokenType?: string;
  /** Seconds the access token lives, as OK said. */
  expiresIn?: number;
  /** When the access token expires, in ms since the epoch. */
  expiresAt?: number;
}

/**
 * What a flow obtained; `resumed` when the tokens are the app's own stored ones (not news to `onTokens`), or another
 * process's from the shared store; `storageError` when the shared store failed to keep new ones.
 */
export type ObtainedTokens = OAuthTokens & { resumed?: boolean; storageError?: TokenStorageError };

export interface OAuthEndpointOptions {
  /** Where `oauth/token.do` (and, for the password flow, `fb.do`) are; `https://api.ok.ru/` by default. */
  oauthBaseUrl?: string;
  /** Where the authorization dialog is; `https://connect.ok.ru/` by default. */
  connectBaseUrl?: string;
  /** Replaces the global fetch for the session's own requests. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds for each of the session's own exchanges (body included), or false; 10000 by default. */
  timeout?: number | false;
  /** The largest answer the session's own requests read, in bytes; 64 MB by default. */
  maxResponseBytes?: number;
  /**
   * Called with the new tokens after authorization and after every refresh, e.g. to store them. The tokens are in use
   * before it is called; when it throws or rejects, the call that obtained them rejects with TokenStorageError (once)
   * and later calls go on with the new tokens.
   */
  onTokens?: (tokens: OAuthTokens) => void | Promise<void>;
}

export type AuthorizingSessionOptions = Omit<TokenSessionOptions, 'accessToken' | 'sessionSecretKey' | 'circuit'> &
  OAuthEndpointOptions & { circuit: Circuit; refreshToken?: string };

/** A token is treated as expired this long before OK's stated expiry, so that a call does not race the clock. */
const EXPIRY_MARGIN_MS = 5_000;

/** When tokens expire, in ms since the epoch: an expiry given is kept exactly; else from OK's lifetime in seconds. */
export function expiresAtOf(tokens: Pick<OAuthTokens, 'expiresAt' | 'expiresIn'>): number | undefined {
  return (
    tokens.expiresAt ??
    (tokens.expiresIn !== undefined && Number.isFinite(tokens.expiresIn)
      ? Date.now() + tokens.expiresIn * 1000
      : undefined)
  );
}

/** True once a known expiry (less a small margin) has passed; an unknown one never has. */
export function isExpired(expiresAt: number | undefined): boolean {
  return expiresAt !== undefined && Date.now() >= expiresAt - EXPIRY_MARGIN_MS;
}

/** OAuth errors after which the grant can never succeed again: the user must log in anew. */
const FINAL_GRANT_ERRORS = new Set(['invalid_grant', 'invalid_token']);

/** Whether OK refused a grant for good (the refresh token is dead), rather than failing this once. */
export function isFinalGrantError(err: unknown): err is OAuthError {
  return err instanceof OAuthError && FINAL_GRANT_ERRORS.has(err.error);
}

/** What one authorization or refresh came to: the storage failure, when `onTokens` failed. */
interface Outcome {
  storageError?: TokenStorageError;
}

/** These sessions always end up with a user's token: the types treat them as user sessions. */
export abstract class AuthorizingSession extends TokenSessionClass<'user'> {
  protected readonly oauthBaseUrl: string;
  protected readonly connectBaseUrl: string;
  readonly #http: Http;
  readonly #onTokens: OAuthEndpointOptions['onTokens'];
  #refreshToken: string | undefined;
  #tokenType: string | undefined;
  #expiresIn: number | undefined;
  #expiresAt: number | undefined;
  #authorized = false;
  #authorizing: Promise<Outcome> | undefined;
  #refreshing: Promise<Outcome> | undefined;
  /** Set when OK refused the grant for good: every later call fails with it, without a request. */
  #revoked: LoginRequiredError | undefined;
  /** Changes on close(): a flow that started before and ends after is discarded. */
  #generation = 0;

  constructor(options: AuthorizingSessionOptions) {
    // The token comes later (authorize); checkCredentials below accepts that.
    super(options as TokenSessionOptions);
    const owner = (new.target as unknown as { label: string }).label;
    this.oauthBaseUrl = withSlash(options.oauthBaseUrl ?? DEFAULT_OAUTH_BASE_URL);
    this.connectBaseUrl = withSlash(options.connectBaseUrl ?? DEFAULT_CONNECT_BASE_URL);
    this.#http = new Http({
      fetch: options.fetch,
      timeout: checkTimeout(owner, options.timeout ?? DEFAULT_TIMEOUT),
      maxResponseBytes: checkMaxResponseBytes(owner, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
    });
    if (options.onTokens !== undefined && typeof options.onTokens !== 'function')
      throw new OkConfigError(`${owner}: onTokens must be a function`);
    this.#onTokens = options.onTokens;
    this.#refreshToken = options.refreshToken || undefined;
  }

  /** The token is obtained later, by authorize(): only the application's own credentials are checked now. */
  protected override checkCredentials(owner: string): void {
    if (this.circuit === 'server' && !this.canCallAsApp)
      throw new OkConfigError(`${owner}: appSecretKey is required: the application's secret key, a non-empty string`);
    if (this.circuit !== 'server' && this.circuit !== 'client')
      throw new OkConfigError(`${owner}: circuit must be 'client' or 'server'`);
  }

  /** Runs the flow and returns what it obtained. */
  protected abstract obtainTokens(): Promise<ObtainedTokens>;

  /** The refresh token, when the flow gave one. */
  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  get tokenType(): string | undefined {
    return this.#tokenType;
  }

  /** Seconds the access token lives, as OK said. */
  get expiresIn(): number | undefined {
    return this.#expiresIn;
  }

  /** When the access token expires, in ms since the epoch. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  get authorized(): boolean {
    return this.#authorized;
  }

  /** True once OK refused the grant for good (invalid_grant): the user must log in again; no call is sent any more. */
  get revoked(): boolean {
    return this.#revoked !== undefined;
  }

  override get needsAuthorization(): boolean {
    return !this.#authorized || this.closed || this.#revoked !== undefined || (this.expired && this.canRefresh);
  }

  override get mayRefresh(): boolean {
    return true;
  }

  /** True once the known expiry (less a small margin) has passed. */
  get expired(): boolean {
    return isExpired(this.#expiresAt);
  }

  override get canRefresh(): boolean {
    return this.#refreshToken !== undefined && this.canCallAsApp && !this.closed && this.#revoked === undefined;
  }

  /** A revoked session signs nothing: the call fails before anything is sent. */
  override auth(asUser: boolean): CallAuth {
    if (this.#revoked) throw this.#revoked;
    return super.auth(asUser);
  }

  /** Obtains the token on first use; refreshes it when it is known to have expired and can be refreshed. */
  override async authorize(): Promise<this> {
    this.#checkUsable();
    if (!this.#authorized) {
      let initiator = false;
      if (!this.#authorizing) {
        initiator = true;
        const generation = this.#generation;
        this.#authorizing = this.obtainTokens()
          .then(
            (tokens) => this.#take(tokens, generation),
            (err: unknown) => this.#fail(err),
          )
          .finally(() => {
            this.#authorizing = undefined;
          });
      }
      const outcome = await this.#authorizing;
      if (initiator && outcome.storageError) throw outcome.storageError;
    } else if (this.expired && this.canRefresh) {
      await this.refresh(this.accessToken);
    }
    return this;
  }

  override refresh(staleToken?: string): Promise<void> {
    try {
      this.#checkUsable();
    } catch (err) {
      return Promise.reject(err);
    }
    // Others wait for the refresh under way; only the call that started it hears of a storage failure.
    if (this.#refreshing) return this.#refreshing.then(() => undefined);
    // Another call already replaced the token this one failed with.
    if (staleToken !== undefined && staleToken !== this.accessToken) return Promise.resolve();
    if (!this.canRefresh)
      return Promise.reject(
        new OkConfigError('this session cannot refresh its access token: it needs a refresh token and appSecretKey'),
      );
    const generation = this.#generation;
    const refreshing = this.refreshGrant()
      .then(
        (tokens) => this.#take(tokens, generation),
        (err: unknown) => this.#fail(err),
      )
      .finally(() => {
        this.#refreshing = undefined;
      });
    this.#refreshing = refreshing;
    return refreshing.then((outcome) => {
      if (outcome.storageError) throw outcome.storageError;
    });
  }

  /** The refresh-token grant (`grant_type=refresh_token`, the application secret key as `client_secret`). */
  protected refreshGrant(): Promise<ObtainedTokens> {
    return this.grantRefresh(this.#refreshToken!);
  }

  /** The refresh grant with a given refresh token (a shared store's may be newer than the session's own). */
  protected async grantRefresh(refreshToken: string): Promise<OAuthTokens> {
    const tokens = await requestTokens(
      this.http(),
      this.oauthBaseUrl,
      {
        refresh_token: refreshToken,
        client_id: String(this.appId),
        client_secret: this.appSecretKey!,
        grant_type: 'refresh_token',
      },
      [...this.oauthSecrets(), refreshToken],
    );
    // OK may or may not send a new refresh token; keep the old one when it does not.
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  /** Puts tokens in use at once (in memory); `onTokens` is told separately. Also for apps that load stored tokens. */
  protected applyTokens(tokens: OAuthTokens): void {
    this.setCredentials({ accessToken: tokens.accessToken, sessionSecretKey: tokens.sessionSecretKey });
    if (tokens.refreshToken) this.#refreshToken = tokens.refreshToken;
    if (tokens.tokenType) this.#tokenType = tokens.tokenType;
    this.#expiresIn = tokens.expiresIn;
    this.#expiresAt = expiresAtOf(tokens);
  }

  /** Takes what a flow obtained, unless the session was closed meanwhile; then tells `onTokens`. */
  async #take(tokens: ObtainedTokens, generation: number): Promise<Outcome> {
    if (generation !== this.#generation || this.closed)
      throw new OkConfigError('this session was closed while it obtained tokens; they were discarded');
    const { resumed, storageError, ...obtained } = tokens;
    this.applyTokens(obtained);
    this.#authorized = true;
    if (resumed || !this.#onTokens) return { storageError };
    try {
      await this.#onTokens({
        ...obtained,
        refreshToken: this.#refreshToken,
        tokenType: this.#tokenType,
        expiresAt: this.#expiresAt,
      });
    } catch (err) {
      return { storageError: storageError ?? new TokenStorageError(err) };
    }
    return { storageError };
  }

  /** A grant OK refused for good makes the session terminal; other failures may pass, and the next call tries again. */
  #fail(err: unknown): never {
    if (isFinalGrantError(err)) {
      this.#revoked = new LoginRequiredError(err);
      this.#refreshToken = undefined;
      throw this.#revoked;
    }
    throw err;
  }

  #checkUsable(): void {
    if (this.closed) throw new OkConfigError('this session is closed');
    if (this.#revoked) throw this.#revoked;
  }

  /** The session's own HTTP exchanges (token endpoint, auth.login, the login dialog). */
  protected http(): Http {
    return this.#http;
  }

  /** Every secret the flow handles, to keep out of reports. */
  protected oauthSecrets(): string[] {
    return [...this.secrets(), this.#refreshToken].filter((s): s is string => !!s);
  }

  override secrets(): string[] {
    return [...super.secrets(), ...(this.#refreshToken ? [this.#refreshToken] : [])];
  }

  override async close(): Promise<void> {
    this.#generation++;
    this.#refreshToken = undefined;
    this.#authorized = false;
    await super.close();
  }

  protected override describe(): Record<string, unknown> {
    return { ...super.describe(), authorized: this.#authorized, revoked: this.revoked, expiresAt: this.#expiresAt };
  }
}
