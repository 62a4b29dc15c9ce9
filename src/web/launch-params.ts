// The parameters OK adds to a WEB (iframe) app's URL at launch. A server must check both signatures before it
// trusts any of them: `auth_sig` ties the user to the session, `sig` covers every parameter.
import { constantTimeEqual } from '../constant-time.js';
import { md5Hex } from '../md5.js';
import { readQuery, type QueryInput } from './query.js';
import { checkAppSecretKey, sigProblem } from './signed-query.js';

/** Without these, the launch cannot be checked (or was not made by OK). */
const REQUIRED = ['logged_user_id', 'session_key', 'auth_sig', 'sig'] as const;

/**
 * What is wrong with a WEB app's launch parameters, or undefined when they are genuine: 'missing sig',
 * 'missing auth_sig', 'bad auth_sig', 'bad sig', 'repeated parameter "x"', ... The text never contains a secret or
 * a signature, so it can be logged.
 *
 * Checks `auth_sig = md5(logged_user_id + session_key + application_secret_key)` and
 * `sig = md5(sorted "key=value" of every parameter but sig + application_secret_key)`.
 *
 * @param query the request's query: `url.searchParams`, Express's `req.query`, or a record of strings. A parameter
 *   given more than once (an array value) makes the launch invalid.
 * @param appSecretKey the application's secret key (server side only).
 * @throws OkConfigError when `appSecretKey` is not a non-empty string.
 */
export function launchParamsProblem(query: QueryInput, appSecretKey: string): string | undefined {
  const secret = checkAppSecretKey('verifyLaunchParams', appSecretKey);
  const { params, problem } = readQuery(query);
  if (problem !== undefined) return problem;
  for (const name of REQUIRED) if (!params[name]) return `missing ${name}`;
  const authSig = md5Hex(params.logged_user_id! + params.session_key! + secret);
  if (!constantTimeEqual(params.auth_sig!, authSig)) return 'bad auth_sig';
  return sigProblem(params, secret);
}

/**
 * True when a WEB app's launch parameters came from OK: both `auth_sig` and `sig` are right (see
 * `launchParamsProblem` for which check failed). Compares in constant time.
 *
 * @throws OkConfigError when `appSecretKey` is not a non-empty string.
 */
export function verifyLaunchParams(query: QueryInput, appSecretKey: string): boolean {
  return launchParamsProblem(query, appSecretKey) === undefined;
}

/**
 * The `api_server` launch parameter as a base URL for `new API(session, { baseUrl })`, ending with '/'; undefined
 * when it is absent or not a plain http(s) URL. On a server, verify the launch parameters first: `sig` covers it.
 */
export function apiServerFromLaunchParams(query: QueryInput): string | undefined {
  const value = readQuery(query).params?.api_server;
  if (!value || !/^https?:\/\//i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  // A query, fragment or credentials would end up around `fb.do`: not a base URL.
  if (url.search || url.hash || url.username || url.password) return undefined;
  const base = `${url.origin}${url.pathname}`;
  return base.endsWith('/') ? base : `${base}/`;
}
