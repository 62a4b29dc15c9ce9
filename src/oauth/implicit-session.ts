// The implicit flow with a login and password, as aiookru's ImplicitSession does it, but for any redirect URI and
// with a distinct error for each way the login can fail (see login-dialog.ts).
import type { Permission } from '../../generated/permissions.js';
import type { OAuthTokens } from './authorizing-session.js';
import { LoginPasswordSession, type LoginPasswordOptions } from './login-password-session.js';
import { loginThroughDialog } from './login-dialog.js';
import { randomState } from './state.js';

/** OK's blank page for apps without a web page of their own, as aiookru uses. */
export const DEFAULT_REDIRECT_URI = 'https://oauth.mycdn.me/blank.html';

export interface ImplicitSessionOptions extends LoginPasswordOptions {
  /** Permissions to ask for; VALUABLE_ACCESS when omitted. */
  scope?: readonly (Permission | (string & {}))[];
  /** Must be registered in the app's settings; OK's blank page by default. */
  redirectUri?: string;
  /** Sent and checked on return; random when omitted. */
  state?: string;
  layout?: 'w' | 'm' | 'a';
}

export class ImplicitSession extends LoginPasswordSession {
  static override readonly label: string = 'ImplicitSession';
  readonly scope: readonly string[];
  readonly redirectUri: string;
  readonly layout: 'w' | 'm' | 'a' | undefined;
  /** The state sent to OK (and checked when the token came back). */
  readonly state: string;
  #permissionsGranted: string[] | undefined;

  constructor(options: ImplicitSessionOptions) {
    super((new.target as typeof ImplicitSession).label, options);
    this.scope = options.scope?.length ? [...options.scope] : ['VALUABLE_ACCESS'];
    this.redirectUri = options.redirectUri ?? DEFAULT_REDIRECT_URI;
    this.layout = options.layout;
    this.state = options.state ?? randomState();
  }

  /** The permissions the user granted, as OK listed them in the redirect; undefined before authorization. */
  override get permissionsGranted(): readonly string[] | undefined {
    return this.#permissionsGranted;
  }

  protected async obtainTokens(): Promise<OAuthTokens> {
    const { login, password } = this.loginAndPassword();
    const result = await loginThroughDialog({
      http: this.http(),
      connectBaseUrl: this.connectBaseUrl,
      appId: this.appId,
      scope: this.scope,
      redirectUri: this.redirectUri,
      state: this.state,
      layout: this.layout,
      login,
      password,
    });
    this.#permissionsGranted = result.permissionsGranted;
    return { accessToken: result.accessToken, sessionSecretKey: result.sessionSecretKey, expiresIn: result.expiresIn };
  }
}

export type ImplicitClientSessionOptions = Omit<ImplicitSessionOptions, 'appSecretKey'>;

/** The implicit flow for client code: no application secret key, calls on the client-server circuit. */
export class ImplicitClientSession extends ImplicitSession {
  static override readonly label: string = 'ImplicitClientSession';
  constructor(options: ImplicitClientSessionOptions) {
    super({ ...options, appSecretKey: undefined });
  }
}
