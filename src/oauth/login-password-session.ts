// The base of the sessions that log in with a user's login and password (the implicit flow through the dialog, and
// auth.login): it checks them, keeps them out of every report, and forgets them on close.
import { OkConfigError } from '../errors.js';
import { checkOptionalText, checkRequiredText } from '../sessions/options.js';
import { AuthorizingSession, type OAuthEndpointOptions } from './authorizing-session.js';

/** The options of the sessions that log in with a user's login and password: PasswordSession and ImplicitSession. */
export interface LoginPasswordOptions extends OAuthEndpointOptions {
  /** The application id. */
  appId: number | string;
  /** The application's public key. */
  appKey: string;
  /** With it, calls use the server-server circuit; without it, the client-server circuit. */
  appSecretKey?: string;
  /** The user's login: email, phone or name. */
  login: string;
  /** The user's password: kept out of every report, and forgotten on close. */
  password: string;
}

export abstract class LoginPasswordSession extends AuthorizingSession {
  #login: string | undefined;
  #password: string | undefined;

  constructor(owner: string, options: LoginPasswordOptions) {
    if (!options || typeof options !== 'object')
      throw new OkConfigError(`${owner}: options are required: { appId, appKey, login, password, ... }`);
    checkRequiredText(owner, 'login', options.login, 'the user login (email, phone or name)');
    checkRequiredText(owner, 'password', options.password, 'the user password');
    const appSecretKey = checkOptionalText(owner, 'appSecretKey', options.appSecretKey);
    super({ ...options, appSecretKey, circuit: appSecretKey ? 'server' : 'client' });
    this.#login = options.login;
    this.#password = options.password;
  }

  /** The login and password, until the session is closed. */
  protected loginAndPassword(): { login: string; password: string } {
    if (!this.#login || !this.#password) throw new OkConfigError('this session is closed');
    return { login: this.#login, password: this.#password };
  }

  override secrets(): string[] {
    return [...super.secrets(), ...(this.#password ? [this.#password] : [])];
  }

  override close(): Promise<void> {
    this.#login = this.#password = undefined;
    return super.close();
  }
}
