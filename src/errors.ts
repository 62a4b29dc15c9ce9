// The errors okru throws. Every one is an OkError; none carries a secret (see redact.ts and test/no-secret-leak).
import { redactText } from './redact.js';
import type { SessionRule } from './types.js';

/** OK's error objects as they came, for `passError`; kept outside the error so no field can carry a secret. */
const rawBodies = new WeakMap<OkApiError, Record<string, unknown>>();

/** The error object OK sent, exactly (what `passError` returns). */
export function rawErrorBody(err: OkApiError): Record<string, unknown> {
  return rawBodies.get(err)!;
}

/** The base of every error okru throws. */
export class OkError extends Error {
  override name = 'OkError';

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** OK answered with an error object (`{"error_code": ..., "error_msg": ..., "error_data": ...}`). */
export class OkApiError extends OkError {
  override name = 'OkApiError';
  /** OK's error code, e.g. 102. Compare with `OkErrorCode`: `err.code === OkErrorCode.PARAM_SESSION_EXPIRED`. */
  readonly code: number;
  /**
   * The code's name, e.g. `PARAM_SESSION_EXPIRED`, as OK writes it at the start of `error_msg` ("NAME : text");
   * `UNKNOWN_CODE` when the message has none (`okErrorName(code)` names the codes the spec knows).
   */
  readonly codeName: string;
  /** OK's own message (`error_msg`). */
  readonly msg: string;
  /** OK's `error_data`, when given. */
  readonly data: unknown;
  /** The method that failed. */
  readonly method: string;
  /** The parameters that were sent, without any secret. */
  readonly params: Readonly<Record<string, string>>;

  /** `secrets` are replaced wherever OK's text might echo them. */
  constructor(
    method: string,
    body: Record<string, unknown>,
    params: Readonly<Record<string, string>>,
    secrets: readonly string[] = [],
  ) {
    const code = Number(body.error_code);
    const msg = typeof body.error_msg === 'string' ? redactText(body.error_msg, secrets) : '';
    // The name comes from OK's own message, so the core needs no table of codes (see bench/size).
    const codeName = /^([A-Z][A-Z0-9_]*) :/.exec(msg)?.[1] ?? 'UNKNOWN_CODE';
    super(`${method} failed with OK error ${code} ${codeName}${msg ? `: ${msg}` : ''}`);
    this.code = code;
    this.codeName = codeName;
    this.msg = msg;
    this.data = typeof body.error_data === 'string' ? redactText(body.error_data, secrets) : body.error_data;
    this.method = method;
    this.params = params;
    rawBodies.set(this, body);
  }
}

/** The HTTP answer was not a success (OK itself reports errors with HTTP 200, so this is a proxy or outage). */
export class OkHttpError extends OkError {
  override name = 'OkHttpError';
  /** How long the server asked to wait before trying again (its `Retry-After` header), in ms, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly method: string,
    readonly status: number,
    readonly statusText: string,
    /** The start of the body, without any secret. */
    readonly body: string,
    retryAfterMs?: number,
    message?: string,
  ) {
    super(message ?? `${method}: HTTP ${status}${statusText ? ` ${statusText}` : ''} from the server`);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The server answered with a redirect, which okru does not follow for API calls, the token endpoint and uploads (OK
 * does not redirect them, and a followed redirect would carry the call's token and signature to the other host).
 */
export class OkRedirectError extends OkHttpError {
  override name = 'OkRedirectError';
  constructor(
    method: string,
    status: number,
    /** The origin the redirect pointed to (never its path or query, which may echo secrets); undefined when unknown. */
    readonly targetOrigin: string | undefined,
  ) {
    super(
      method,
      status,
      '',
      '',
      undefined,
      `${method}: the server answered HTTP ${status || 'redirect'} to ${targetOrigin ?? 'an unknown place'}; okru does not follow redirects here, so nothing was sent there`,
    );
  }
}

/** The body was not what was expected (not JSON, or JSON of the wrong shape). */
export class OkResponseError extends OkError {
  override name = 'OkResponseError';
  constructor(
    readonly method: string,
    readonly status: number,
    /** The start of the body, without any secret. */
    readonly body: string,
    message?: string,
  ) {
    super(message ?? `${method}: the server answered with a body that is not JSON`);
  }
}

/** The answer was larger than `maxResponseBytes` allows; the rest was not read. */
export class OkResponseTooLargeError extends OkResponseError {
  override name = 'OkResponseTooLargeError';
  constructor(
    method: string,
    status: number,
    /** The limit, in bytes. */
    readonly limit: number,
  ) {
    super(
      method,
      status,
      '',
      `${method}: the answer is larger than ${limit} bytes (maxResponseBytes); it was not read`,
    );
  }
}

/** The request did not get an answer: the connection failed or was dropped. */
export class OkNetworkError extends OkError {
  override name = 'OkNetworkError';
  constructor(
    readonly method: string,
    message: string,
    /** A system error code such as ECONNREFUSED, when known. */
    readonly errorCode?: string,
  ) {
    super(`${method}: ${message}`);
  }
}

/** The whole exchange (connecting, the headers and every byte of the body) did not finish within the timeout. */
export class OkTimeoutError extends OkNetworkError {
  override name = 'OkTimeoutError';
  constructor(
    method: string,
    readonly timeout: number,
  ) {
    super(method, `no complete answer within ${timeout} ms`);
  }
}

/**
 * The caller's AbortSignal ended the call (while sending, waiting for a rate limit, a retry or a token refresh).
 * `cause` is the signal's reason, as given.
 */
export class OkAbortError extends OkError {
  override name = 'OkAbortError';
  constructor(
    readonly method: string,
    reason: unknown,
  ) {
    super(`${method}: aborted${reason instanceof Error && reason.message ? `: ${reason.message}` : ''}`, {
      cause: reason,
    });
  }
}

/** A parameter is missing or has the wrong type; nothing was sent. */
export class OkParamError extends OkError {
  override name = 'OkParamError';
  constructor(
    readonly method: string,
    readonly param: string,
    problem: string,
  ) {
    super(`${method}: parameter '${param}' ${problem}`);
  }
}

/** The call does not fit the method's session rule; nothing was sent. */
export class OkSessionError extends OkError {
  override name = 'OkSessionError';
  constructor(
    readonly method: string,
    readonly rule: SessionRule,
    message: string,
  ) {
    super(`${method}: ${message}`);
  }
}

/** The client was not granted a permission the call needs (with `checkPermissions`); nothing was sent. */
export class OkPermissionError extends OkError {
  override name = 'OkPermissionError';
  constructor(
    readonly method: string,
    /** The permissions the call needs that the client lacks. */
    readonly missing: readonly string[],
  ) {
    super(
      `${method}: needs the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this client was not granted`,
    );
  }
}

/**
 * paginate() could not follow a method's pages: OK said more follow but sent no new anchor (following it would ask for
 * the same page forever), or the pages ran past `maxPages`. The items read so far were delivered.
 */
export class OkPagingError extends OkError {
  override name = 'OkPagingError';
  constructor(
    readonly method: string,
    /** Pages read before stopping. */
    readonly pages: number,
    problem: string,
  ) {
    super(`${method}: paging stopped after ${pages} page${pages === 1 ? '' : 's'}: ${problem}`);
  }
}

/** Options or credentials are missing or wrong; nothing was sent. */
export class OkConfigError extends OkError {
  override name = 'OkConfigError';
}

/** The error is OK's error `code` (any code when omitted). */
export function isOkApiError(err: unknown, code?: number): err is OkApiError {
  return err instanceof OkApiError && (code === undefined || err.code === code);
}

/** 102 PARAM_SESSION_EXPIRED: refresh the access token, then try again. */
export function isSessionExpired(err: unknown): err is OkApiError {
  return isOkApiError(err, 102);
}

/** 10 PERMISSION_DENIED or 200 PARAM_PERMISSION: the user or app lacks a permission. */
export function isPermissionError(err: unknown): err is OkApiError {
  return isOkApiError(err) && (err.code === 10 || err.code === 200);
}

/** 8 FLOOD_BLOCKED, 11 LIMIT_REACHED or 26 TOTAL_LIMIT_REACHED: too many calls; back off. */
export function isRateLimitError(err: unknown): err is OkApiError {
  return isOkApiError(err) && (err.code === 8 || err.code === 11 || err.code === 26);
}

/** 104 PARAM_SIGNATURE: the signature was wrong (usually the wrong secret for the circuit). */
export function isSignatureError(err: unknown): err is OkApiError {
  return isOkApiError(err, 104);
}

/** 100 PARAM: a parameter is missing or invalid. */
export function isParamError(err: unknown): err is OkApiError {
  return isOkApiError(err, 100);
}
