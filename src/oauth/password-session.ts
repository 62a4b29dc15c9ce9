// aiookru's "password grant": OK's legacy auth.login method, which takes the user's login and password and returns a
// session key and session secret key. Sent as a POST form (a password never goes in a URL); unsigned, as OK wants it.
import { OkApiError, OkResponseError } from '../errors.js';
import { readApiAnswer } from '../transport/api-answer.js';
import { formEncode } from '../transport/form.js';
import type { OAuthTokens } from './authorizing-session.js';
import { CaptchaRequiredError, VerificationRequiredError, WrongCredentialsError } from './errors.js';
import { LoginPasswordSession, type LoginPasswordOptions } from './login-password-session.js';

export type PasswordSessionOptions = LoginPasswordOptions;

export class PasswordSession extends LoginPasswordSession {
  static override readonly label: string = 'PasswordSession';
  #uid: string | undefined;

  constructor(options: PasswordSessionOptions) {
    super((new.target as typeof PasswordSession).label, options);
  }

  /** The user's id, from auth.login. */
  get uid(): string | undefined {
    return this.#uid;
  }

  /** auth.login's session key: the same as accessToken. */
  get sessionKey(): string | undefined {
    return this.accessToken;
  }

  protected async obtainTokens(): Promise<OAuthTokens> {
    const { login, password } = this.loginAndPassword();
    const params = { application_key: this.appKey, format: 'json', method: 'auth.login', user_name: login, password };
    const secrets = [password];
    const response = await this.http().exchange({
      what: 'auth.login',
      url: `${this.oauthBaseUrl}fb.do`,
      method: 'POST',
      body: formEncode(params),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      secrets,
    });
    let body: unknown;
    try {
      body = readApiAnswer('auth.login', response, params, secrets);
    } catch (err) {
      if (err instanceof OkApiError) {
        if (err.code === 401) throw new WrongCredentialsError();
        if (err.code === 402) throw new CaptchaRequiredError();
        if (err.code === 403) throw new VerificationRequiredError();
      }
      throw err;
    }
    const answer = (body ?? {}) as Record<string, unknown>;
    if (typeof answer.session_key !== 'string' || typeof answer.session_secret_key !== 'string') {
      throw new OkResponseError(
        'auth.login',
        response.status,
        '',
        'auth.login answered without session_key and session_secret_key',
      );
    }
    this.#uid = typeof answer.uid === 'string' || typeof answer.uid === 'number' ? String(answer.uid) : undefined;
    return { accessToken: answer.session_key, sessionSecretKey: answer.session_secret_key };
  }
}

export type PasswordClientSessionOptions = Omit<PasswordSessionOptions, 'appSecretKey'>;

/** auth.login for client code: no application secret key, calls on the client-server circuit. */
export class PasswordClientSession extends PasswordSession {
  static override readonly label: string = 'PasswordClientSession';
  constructor(options: PasswordClientSessionOptions) {
    super({ ...options, appSecretKey: undefined });
  }
}
