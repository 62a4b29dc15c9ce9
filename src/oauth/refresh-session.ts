// A session from a stored refresh token: authorize() runs the refresh grant at oauth/token.do, or resumes with a
// stored access token that is still good. Calls use the server-server circuit; later expiries refresh again.
import { OkConfigError } from '../errors.js';
import { checkRequiredText } from '../sessions/options.js';
import {
  AuthorizingSession,
  EXPIRY_MARGIN_MS,
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
}

export class RefreshSession extends AuthorizingSession {
  static override readonly label: string = 'RefreshSession';
  #stored: { accessToken: string; expiresAt: number | undefined } | undefined;

  constructor(options: RefreshSessionOptions) {
    const owner = (new.target as typeof RefreshSession).label;
    checkRequiredText(owner, 'appSecretKey', options?.appSecretKey, "the application's secret key");
    checkRequiredText(owner, 'refreshToken', options.refreshToken, 'the refresh token');
    const { accessToken, expiresAt, ...rest } = options;
    if (accessToken !== undefined) checkRequiredText(owner, 'accessToken', accessToken, 'the stored access token');
    if (expiresAt !== undefined && !Number.isFinite(expiresAt))
      throw new OkConfigError(`${owner}: expiresAt must be a time in ms since the epoch`);
    super({ ...rest, circuit: 'server' });
    if (accessToken !== undefined) this.#stored = { accessToken, expiresAt };
  }

  protected async obtainTokens(): Promise<ObtainedTokens> {
    const stored = this.#stored;
    this.#stored = undefined;
    if (stored && (stored.expiresAt === undefined || stored.expiresAt - EXPIRY_MARGIN_MS > Date.now())) {
      // The stored expiry is kept exactly as given; a resumed token is what the app stored already, so `onTokens`
      // hears only of new ones.
      return { accessToken: stored.accessToken, expiresAt: stored.expiresAt, resumed: true };
    }
    return this.refreshGrant();
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
