// aiookru's "password grant": OK's legacy auth.login method, which takes the user's login and password and returns a
// session key and session secret key. Sent as a POST form (a password never goes in a URL); unsigned, as OK wants it.
import { OkApiError, OkHttpError, OkNetworkError, OkResponseError } from '../errors.js';
import { redactParams, redactText } from '../redact.js';
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
    const ky = await this.http();
    let response: Response;
    let text: string;
    try {
      response = await ky(`${this.oauthBaseUrl}fb.do`, {
        method: 'post',
        body: formEncode(params),
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      });
      text = await response.text();
    } catch (err) {
      const e = err as { message?: string; cause?: { code?: string } };
      throw new OkNetworkError('auth.login', `request failed: ${redactText(String(e?.message ?? err), secrets).replace(/https?:\/\/\S+/g, '<url>')}`, e?.cause?.code);
    }
    if (!response.ok) throw new OkHttpError('auth.login', response.status, response.statusText, redactText(text.slice(0, 300), secrets));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new OkResponseError('auth.login', response.status, redactText(text.slice(0, 300), secrets));
    }
    if (body && typeof body === 'object' && 'error_code' in body) {
      const code = Number(body.error_code);
      if (code === 401) throw new WrongCredentialsError();
      if (code === 402) throw new CaptchaRequiredError();
      if (code === 403) throw new VerificationRequiredError();
      throw new OkApiError('auth.login', body, redactParams(params, secrets), secrets);
    }
    if (typeof body?.session_key !== 'string' || typeof body.session_secret_key !== 'string') {
      throw new OkResponseError('auth.login', response.status, 'auth.login answered without session_key and session_secret_key');
    }
    this.#uid = typeof body.uid === 'string' || typeof body.uid === 'number' ? String(body.uid) : undefined;
    return { accessToken: body.session_key, sessionSecretKey: body.session_secret_key };
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
