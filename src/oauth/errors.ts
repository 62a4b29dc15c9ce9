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
    super(
      'captcha_required',
      'OK asks for a captcha before logging in; log in once in a browser, then try again',
      page,
    );
  }
}

export class VerificationRequiredError extends LoginError {
  override name = 'VerificationRequiredError';
  constructor(page?: string) {
    super(
      'verification_required',
      'OK asks to verify the account (a code by SMS or a second factor); finish it in a browser',
      page,
    );
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
    super(
      'invalid_client',
      `OK does not know the application${description ? `: ${description}` : ''}; check appId and redirectUri`,
      page,
    );
  }
}

/**
 * A form of the login dialog would send the login and password to another origin than connectBaseUrl's (another host,
 * or plain http from an https dialog); nothing was sent.
 */
export class UnsafeFormError extends LoginError {
  override name = 'UnsafeFormError';
  constructor(
    page: string | undefined,
    /** Where the form would have sent the credentials (an origin, never a path or query). */
    readonly targetOrigin: string | undefined,
  ) {
    super(
      'unsafe_form',
      `the login dialog's form would send the credentials to ${targetOrigin ?? 'an unreadable address'}, outside the dialog's origin; nothing was sent`,
      page,
    );
  }
}

export class UnexpectedPageError extends LoginError {
  override name = 'UnexpectedPageError';
  constructor(page?: string, detail?: string) {
    super(
      'unexpected_page',
      `OK's login dialog showed a page this SDK does not know${detail ? `: ${detail}` : ''}`,
      page,
    );
  }
}

/**
 * OK refused the session's grant for good (invalid_grant, invalid_token: the refresh token or code is dead). The
 * session is terminal: every later call fails at once with this error and sends nothing. Log the user in again.
 * `cause` is OK's OAuthError.
 */
export class LoginRequiredError extends OAuthError {
  override name = 'LoginRequiredError';
  constructor(cause: OAuthError) {
    super(
      cause.error,
      cause.errorDescription,
      `OAuth error ${cause.error}${cause.errorDescription ? `: ${cause.errorDescription}` : ''}; the grant can never succeed again: log the user in again (this session sends no more requests)`,
    );
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  }
}

/**
 * New tokens were obtained and are in use, but `onTokens` failed to store them (`cause` is its error), or the shared
 * store (`store` of a RefreshSession) failed to keep them (`cause` is a StoreError). Only the call that obtained them
 * rejects with this; later calls use the new tokens without another grant. Store them again (from the session's
 * getters) or expect the next process to log in again.
 */
export class TokenStorageError extends OkError {
  override name = 'TokenStorageError';
  constructor(cause: unknown, message = 'new tokens were obtained and are in use, but onTokens failed to store them') {
    super(message, { cause });
  }
}
