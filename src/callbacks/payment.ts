// OK's payment callback (`callbacks.payment`): OK calls the app's server with GET when a user pays, and waits for an
// XML answer. OK retries up to 3 times, 5 seconds apart, when the answer is not right; after that the payment is
// cancelled. So the handler must be quick and idempotent (the same transaction_id can come more than once).
import { readQuery, type QueryInput } from '../web/query.js';
import { checkAppSecretKey, sigProblem } from '../web/signed-query.js';

/** The error codes OK documents for the answer to a payment callback. */
export const PAYMENT_CALLBACK_ERRORS = {
  /** Unknown error. */
  UNKNOWN: 1,
  /** The service is temporarily unavailable. */
  SERVICE: 2,
  /** The request signature is wrong. */
  PARAM_SIGNATURE: 104,
  /** The payment is invalid and cannot be processed (e.g. unknown product or wrong price). */
  CALLBACK_INVALID_PAYMENT: 1001,
  /** Critical system error. */
  SYSTEM: 9999,
} as const;

/** An answer to OK's payment callback, ready to send with any HTTP server. */
export interface PaymentCallbackAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = 'http://api.forticom.com/1.0/';

/**
 * What is wrong with a payment callback's signature ('missing sig', 'bad sig', 'repeated parameter "x"', ...), or
 * undefined when it is right. The text never contains a secret or a signature, so it can be logged.
 *
 * @throws OkConfigError when `appSecretKey` is not a non-empty string.
 */
export function paymentCallbackProblem(query: QueryInput, appSecretKey: string): string | undefined {
  const secret = checkAppSecretKey('verifyPaymentCallback', appSecretKey);
  const { params, problem } = readQuery(query);
  return problem ?? sigProblem(params, secret);
}

/**
 * True when a payment callback came from OK: `sig` is md5 of every other parameter as sorted `key=value` pairs plus
 * the application secret key (compared in constant time). A parameter given more than once makes it invalid.
 * Answer an invalid one with `paymentCallbackError(PAYMENT_CALLBACK_ERRORS.PARAM_SIGNATURE, ...)`. A valid signature
 * is not the whole check: the product code and price must be what the app sells.
 *
 * @param query the request's query: `url.searchParams`, Express's `req.query`, or a record of strings.
 * @param appSecretKey the application's secret key.
 * @throws OkConfigError when `appSecretKey` is not a non-empty string.
 */
export function verifyPaymentCallback(query: QueryInput, appSecretKey: string): boolean {
  return paymentCallbackProblem(query, appSecretKey) === undefined;
}

/**
 * The answer that accepts the payment: `<callbacks_payment_response>true</...>`, as application/xml. Send it only
 * once the purchase is credited: OK retries (3 times, 5 s apart) until it gets this, then cancels the payment.
 */
export function paymentCallbackSuccess(): PaymentCallbackAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `${XML_DECLARATION}<callbacks_payment_response xmlns="${NAMESPACE}">true</callbacks_payment_response>`,
  };
}

/**
 * The answer that refuses the payment: an `ns2:error_response` document with HTTP status 200 and the code in the
 * `invocation-error` header, which is what OK reads. OK retries (3 times, 5 s apart) on some errors, so a temporary
 * failure (`SERVICE`) may succeed later.
 *
 * @param code a positive integer, usually one of `PAYMENT_CALLBACK_ERRORS`.
 * @param message a text for OK's logs; XML-escaped here.
 * @throws TypeError when `code` is not a positive integer or `message` not a string.
 */
export function paymentCallbackError(code: number, message: string): PaymentCallbackAnswer {
  if (!Number.isSafeInteger(code) || code <= 0)
    throw new TypeError('paymentCallbackError: code must be a positive integer');
  if (typeof message !== 'string') throw new TypeError('paymentCallbackError: message must be a string');
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', 'invocation-error': String(code) },
    body: `${XML_DECLARATION}<ns2:error_response xmlns:ns2="${NAMESPACE}"><error_code>${code}</error_code><error_msg>${escapeXmlText(message)}</error_msg></ns2:error_response>`,
  };
}

/**
 * Text content as XML 1.0 allows it: `&`, `<` and `>` escaped; characters XML 1.0 forbids even as references (C0
 * controls other than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) replaced with U+FFFD; CR as `&#13;`.
 */
function escapeXmlText(text: string): string {
  return (
    text
      .toWellFormed()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what XML 1.0 forbids, matched to be replaced
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // A parser turns a literal CR into LF; a reference keeps it.
      .replace(/\r/g, '&#13;')
  );
}
