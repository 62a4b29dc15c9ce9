// The authorization-code flow: the app's redirect handler got `?code=...` (parseRedirect); the server exchanges it
// at oauth/token.do for an access token and a refresh token. Calls then use the server-server circuit.
import { checkRequiredText } from '../sessions/options.js';
import { AuthorizingSession, type OAuthEndpointOptions, type OAuthTokens } from './authorizing-session.js';
import { requestTokens } from './token-endpoint.js';

export interface CodeSessionOptions extends OAuthEndpointOptions {
  appId: number | string;
  appKey: string;
  /** Sent as `client_secret`, as OK wants it: the key itself, not a hash. */
  appSecretKey: string;
  /** The code from the redirect; it lives 2 minutes. */
  code: string;
  /** The same redirect URI as in the authorize URL. */
  redirectUri: string;
}

export class CodeSession extends AuthorizingSession {
  static override readonly label: string = 'CodeSession';
  #code: string | undefined;
  readonly redirectUri: string;

  constructor(options: CodeSessionOptions) {
    const owner = (new.target as typeof CodeSession).label;
    checkRequiredText(owner, 'appSecretKey', options?.appSecretKey, "the application's secret key");
    checkRequiredText(owner, 'code', options.code, 'the authorization code from the redirect');
    checkRequiredText(owner, 'redirectUri', options.redirectUri, 'the redirect URI of the authorize URL');
    super({ ...options, circuit: 'server' });
    this.#code = options.code;
    this.redirectUri = options.redirectUri;
  }

  protected async obtainTokens(): Promise<OAuthTokens> {
    const code = this.#code;
    if (!code) return this.refreshGrant(); // the code is spent: a later authorize() can only refresh
    const tokens = await requestTokens(
      this.http(),
      this.oauthBaseUrl,
      {
        code,
        client_id: String(this.appId),
        client_secret: this.appSecretKey!,
        redirect_uri: this.redirectUri,
        grant_type: 'authorization_code',
      },
      [...this.oauthSecrets(), code],
    );
    this.#code = undefined; // a code works once
    return tokens;
  }

  override secrets(): string[] {
    return [...super.secrets(), ...(this.#code ? [this.#code] : [])];
  }

  override close(): Promise<void> {
    this.#code = undefined;
    return super.close();
  }
}

/** aiookru's name for the code flow on a server: the same session, always on the server-server circuit. */
export class CodeServerSession extends CodeSession {
  static override readonly label: string = 'CodeServerSession';
}
