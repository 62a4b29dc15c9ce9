// The base of sessions that obtain their token themselves (code, refresh, implicit and password flows): authorize
// once (concurrent callers share one attempt), keep the token's lifetime, refresh when it can (concurrent failures
// share one refresh), tell the app about new tokens, and forget everything on close.
import { OkConfigError } from '../errors.js';
import { createKy } from '../transport/http.js';
import { TokenSessionClass, type TokenSessionOptions } from '../sessions/token-session.js';
import type { Circuit } from '../sessions/session.js';
import type { KyInstance } from 'ky';
import { DEFAULT_CONNECT_BASE_URL, DEFAULT_OAUTH_BASE_URL, withSlash } from './authorize-url.js';
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

export interface OAuthEndpointOptions {
  /** Where `oauth/token.do` (and, for the password flow, `fb.do`) are; `https://api.ok.ru/` by default. */
  oauthBaseUrl?: string;
  /** Where the authorization dialog is; `https://connect.ok.ru/` by default. */
  connectBaseUrl?: string;
  /** Replaces the global fetch for the session's own requests. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds to wait for each of the session's own requests, or false; 10000 by default. */
  timeout?: number | false;
  /** Called with the new tokens after authorization and after every refresh, e.g. to store them. */
  onTokens?: (tokens: OAuthTokens) => void | Promise<void>;
}

export type AuthorizingSessionOptions = Omit<TokenSessionOptions, 'accessToken' | 'sessionSecretKey' | 'circuit'> &
  OAuthEndpointOptions & { circuit: Circuit; refreshToken?: string };

/** A token is treated as expired this long before OK's stated expiry, so that a call does not race the clock. */
export const EXPIRY_MARGIN_MS = 5_000;

/** These sessions always end up with a user's token: the types treat them as user sessions. */
export abstract class AuthorizingSession extends TokenSessionClass<'user'> {
  protected readonly oauthBaseUrl: string;
  protected readonly connectBaseUrl: string;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #timeout: number | false;
  readonly #onTokens: OAuthEndpointOptions['onTokens'];
  #ky: Promise<KyInstance> | undefined;
  #refreshToken: string | undefined;
  #tokenType: string | undefined;
  #expiresIn: number | undefined;
  #expiresAt: number | undefined;
  #authorized = false;
  #authorizing: Promise<void> | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(options: AuthorizingSessionOptions) {
    // The token comes later (authorize); checkCredentials below accepts that.
    super(options as TokenSessionOptions);
    this.oauthBaseUrl = withSlash(options.oauthBaseUrl ?? DEFAULT_OAUTH_BASE_URL);
    this.connectBaseUrl = withSlash(options.connectBaseUrl ?? DEFAULT_CONNECT_BASE_URL);
    this.#fetch = options.fetch;
    this.#timeout = options.timeout ?? 10_000;
    this.#onTokens = options.onTokens;
    this.#refreshToken = options.refreshToken || undefined;
  }

  /** The token is obtained later, by authorize(): only the application's own credentials are checked now. */
  protected override checkCredentials(owner: string): void {
    if (this.circuit === 'server' && !this.canCallAsApp) throw new OkConfigError(`${owner}: appSecretKey is required: the application's secret key, a non-empty string`);
    if (this.circuit !== 'server' && this.circuit !== 'client') throw new OkConfigError(`${owner}: circuit must be 'client' or 'server'`);
  }

  /** Runs the flow and returns what it obtained. */
  protected abstract obtainTokens(): Promise<OAuthTokens>;

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

  override get needsAuthorization(): boolean {
    return !this.#authorized || this.closed || (this.expired && this.canRefresh);
  }

  override get mayRefresh(): boolean {
    return true;
  }

  /** True once the known expiry (less a small margin) has passed. */
  get expired(): boolean {
    return this.#expiresAt !== undefined && Date.now() >= this.#expiresAt - EXPIRY_MARGIN_MS;
  }

  override get canRefresh(): boolean {
    return this.#refreshToken !== undefined && this.canCallAsApp && !this.closed;
  }

  /** Obtains the token on first use; refreshes it when it is known to have expired and can be refreshed. */
  override async authorize(): Promise<this> {
    if (this.closed) throw new OkConfigError('this session is closed');
    if (!this.#authorized) {
      this.#authorizing ??= this.obtainTokens()
        .then((tokens) => this.applyTokens(tokens))
        .then(() => {
          this.#authorized = true;
        })
        .finally(() => {
          this.#authorizing = undefined;
        });
      await this.#authorizing;
    } else if (this.expired && this.canRefresh) {
      await this.refresh(this.accessToken);
    }
    return this;
  }

  override refresh(staleToken?: string): Promise<void> {
    if (this.#refreshing) return this.#refreshing;
    // Another call already replaced the token this one failed with.
    if (staleToken !== undefined && staleToken !== this.accessToken) return Promise.resolve();
    if (!this.canRefresh) return Promise.reject(new OkConfigError('this session cannot refresh its access token: it needs a refresh token and appSecretKey'));
    this.#refreshing = this.refreshGrant()
      .then((tokens) => this.applyTokens(tokens))
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  /** The refresh-token grant (`grant_type=refresh_token`, the application secret key as `client_secret`). */
  protected async refreshGrant(): Promise<OAuthTokens> {
    const refreshToken = this.#refreshToken!;
    const tokens = await requestTokens(
      await this.http(),
      this.oauthBaseUrl,
      { refresh_token: refreshToken, client_id: String(this.appId), client_secret: this.appSecretKey!, grant_type: 'refresh_token' },
      this.oauthSecrets(),
    );
    // OK may or may not send a new refresh token; keep the old one when it does not.
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  /** Takes the tokens; `notify` false when they are not new to the app (a resumed token). */
  protected async applyTokens(tokens: OAuthTokens, notify = true): Promise<void> {
    this.setCredentials({ accessToken: tokens.accessToken, sessionSecretKey: tokens.sessionSecretKey });
    if (tokens.refreshToken) this.#refreshToken = tokens.refreshToken;
    if (tokens.tokenType) this.#tokenType = tokens.tokenType;
    this.#expiresIn = tokens.expiresIn;
    this.#expiresAt = tokens.expiresIn !== undefined && Number.isFinite(tokens.expiresIn) ? Date.now() + tokens.expiresIn * 1000 : undefined;
    if (notify) await this.#onTokens?.({ ...tokens, refreshToken: this.#refreshToken, tokenType: this.#tokenType, expiresAt: this.#expiresAt });
  }

  /** The ky instance for the session's own requests. */
  protected http(): Promise<KyInstance> {
    return (this.#ky ??= createKy({ fetch: this.#fetch, timeout: this.#timeout }));
  }

  /** Every secret the flow handles, to keep out of reports. */
  protected oauthSecrets(): string[] {
    return [...this.secrets(), this.#refreshToken].filter((s): s is string => !!s);
  }

  override secrets(): string[] {
    return [...super.secrets(), ...(this.#refreshToken ? [this.#refreshToken] : [])];
  }

  override async close(): Promise<void> {
    this.#refreshToken = undefined;
    this.#authorized = false;
    await super.close();
  }

  protected override describe(): Record<string, unknown> {
    return { ...super.describe(), authorized: this.#authorized, expiresAt: this.#expiresAt };
  }
}
