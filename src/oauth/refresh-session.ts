// A session from a stored refresh token: authorize() runs the refresh grant at oauth/token.do. Calls use the
// server-server circuit; later expiries refresh again.
import { checkRequiredText } from '../sessions/options.js';
import { AuthorizingSession, type OAuthEndpointOptions, type OAuthTokens } from './authorizing-session.js';

export interface RefreshSessionOptions extends OAuthEndpointOptions {
  appId: number | string;
  appKey: string;
  /** Sent as `client_secret`, as OK wants it: the key itself, not a hash. */
  appSecretKey: string;
  refreshToken: string;
}

export class RefreshSession extends AuthorizingSession {
  static override readonly label: string = 'RefreshSession';

  constructor(options: RefreshSessionOptions) {
    const owner = (new.target as typeof RefreshSession).label;
    checkRequiredText(owner, 'appSecretKey', options?.appSecretKey, "the application's secret key");
    checkRequiredText(owner, 'refreshToken', options.refreshToken, 'the refresh token');
    super({ ...options, circuit: 'server' });
  }

  protected obtainTokens(): Promise<OAuthTokens> {
    return this.refreshGrant();
  }
}

/** aiookru's name for the refresh flow on a server: the same session. */
export class RefreshServerSession extends RefreshSession {
  static override readonly label: string = 'RefreshServerSession';
}
