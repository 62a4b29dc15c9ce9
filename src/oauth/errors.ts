// OAuth failures. OK's token endpoint answers `{"error": ..., "error_description": ...}`; the login dialog's
// failures each have their own class. None carries a password, secret or token.
import { OkError } from '../errors.js';

export class OAuthError extends OkError {
  override name = 'OAuthError';
  /** OK's `error` code, e.g. `invalid_grant`, `access_denied`; or this SDK's own (`state_mismatch`, ...). */
  readonly error: string;
  /** OK's `error_description`, when given. */
  readonly errorDescription: string | undefined;

  constructor(error: string, errorDescription?: string, message?: string) {
    super(message ?? `OAuth error ${error}${errorDescription ? `: ${errorDescription}` : ''}`);
    this.error = error;
    this.errorDescription = errorDescription;
  }

  /** The same as errorDescription, under OK's own name. */
  get error_description(): string | undefined {
    return this.errorDescription;
  }
}

/** The `state` that came back is not the one sent: the redirect may be forged. */
export class OAuthStateError extends OAuthError {
  override name = 'OAuthStateError';
  constructor() {
    super('state_mismatch', undefined, 'OAuth error state_mismatch: the state that came back is not the one sent');
  }
}

/** Logging in through OK's login dialog failed. `page` names the page OK showed (never any of its values). */
export class LoginError extends OAuthError {
  override name = 'LoginError';
  constructor(
    error: string,
    message: string,
    readonly page?: string,
  ) {
    super(error, undefined, message + (page ? ` (page: ${page})` : ''));
  }
}

export class WrongCredentialsError extends LoginError {
  override name = 'WrongCredentialsError';
  constructor(page?: string) {
    super('wrong_credentials', 'OK refused the login or password', page);
  }
}

export class CaptchaRequiredError extends LoginError {
  override name = 'CaptchaRequiredError';
  constructor(page?: string) {
    super('captcha_required', 'OK asks for a captcha before logging in; log in once in a browser, then try again', page);
  }
}

export class VerificationRequiredError extends LoginError {
  override name = 'VerificationRequiredError';
  constructor(page?: string) {
    super('verification_required', 'OK asks to verify the account (a code by SMS or a second factor); finish it in a browser', page);
  }
}

export class AccountBlockedError extends LoginError {
  override name = 'AccountBlockedError';
  constructor(page?: string) {
    super('account_blocked', 'OK says the account is blocked', page);
  }
}

export class UnknownAppError extends LoginError {
  override name = 'UnknownAppError';
  constructor(page?: string, description?: string) {
    super('invalid_client', `OK does not know the application${description ? `: ${description}` : ''}; check appId and redirectUri`, page);
  }
}

export class UnexpectedPageError extends LoginError {
  override name = 'UnexpectedPageError';
  constructor(page?: string, detail?: string) {
    super('unexpected_page', `OK's login dialog showed a page this SDK does not know${detail ? `: ${detail}` : ''}`, page);
  }
}
