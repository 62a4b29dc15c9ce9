// Logs in with a login and password through OK's web login dialog, over plain HTTP as a browser would: a cookie jar
// (tough-cookie), every redirect followed by hand, the login form and the permissions form submitted with all their
// fields (parse5). The token arrives in the fragment of the last redirect's Location, which never reaches an HTTP
// client: the walk stops at the redirect URI, whatever it is, without requesting it.
//
// The walk stays on the dialog's own origin (`connectBaseUrl`): a redirect elsewhere (other than to the redirect URI,
// which is read, not fetched) is an OkRedirectError, and a form whose action leaves the origin is an UnsafeFormError,
// so the password is never sent to another host, nor over plain http unless connectBaseUrl itself is http.
import { OkHttpError, OkRedirectError } from '../errors.js';
import type { Http } from '../transport/exchange.js';
import { formEncode } from '../transport/form.js';
import { authorizeUrl, parseRedirect, type CodeRedirect, type TokenRedirect } from './authorize-url.js';
import { classifyPage, pageName, readPage } from './dialog-page.js';
import { loadLoginLibraries } from './login-libraries.js';
import {
  AccountBlockedError,
  CaptchaRequiredError,
  OAuthError,
  UnexpectedPageError,
  UnknownAppError,
  UnsafeFormError,
  VerificationRequiredError,
  WrongCredentialsError,
} from './errors.js';

export interface DialogLogin {
  http: Http;
  connectBaseUrl: string;
  appId: number | string;
  scope: readonly string[];
  redirectUri: string;
  state: string;
  layout?: 'w' | 'm' | 'a';
  login: string;
  password: string;
  /** `token` (the implicit flow, by default) or `code` (what a browser does for a server's authorization-code flow). */
  responseType?: 'token' | 'code';
}

const MAX_REDIRECTS = 10;
const WHAT = 'OAuth login dialog';
const MAX_PAGES = 6;

type Step = { kind: 'redirect'; location: string } | { kind: 'page'; url: string; html: string };

export async function loginThroughDialog(d: DialogLogin & { responseType?: 'token' }): Promise<TokenRedirect>;
export async function loginThroughDialog(d: DialogLogin & { responseType: 'code' }): Promise<CodeRedirect>;
export async function loginThroughDialog(d: DialogLogin): Promise<TokenRedirect | CodeRedirect> {
  const responseType = d.responseType ?? 'token';
  // Loaded here, not at import: only this flow needs them (optional peer dependencies).
  const { CookieJar, parse } = await loadLoginLibraries();
  const jar = new CookieJar();
  const secrets = [d.password];
  const target = d.redirectUri.split('#')[0]!;

  /** The redirect URI (read, never requested), or OK's own answer on the dialog's origin carrying a token or error. */
  const isRedirectTarget = (location: URL) => {
    if (location.href.split('#')[0]!.startsWith(target)) return true;
    if (location.origin !== new URL(d.connectBaseUrl).origin) return false;
    const fragment = new URLSearchParams(location.hash.slice(1));
    return (
      fragment.has('access_token') ||
      fragment.has('error') ||
      (responseType === 'code' && location.searchParams.has('code'))
    );
  };

  const origin = new URL(d.connectBaseUrl).origin;

  /** One request and its redirects, all within the dialog's origin. */
  const go = async (startUrl: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<Step> => {
    let url = startUrl;
    let { method, body } = init;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = {
        cookie: await jar.getCookieString(url),
        accept: 'text/html,application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await d.http.exchange({ what: WHAT, url, method, body, headers, secrets, redirects: 'return' });
      for (const cookie of response.headers.getSetCookie()) await jar.setCookie(cookie, url, { ignoreError: true });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400) {
        const next = location ? tryUrl(location, url) : undefined;
        if (next && isRedirectTarget(next)) return { kind: 'redirect', location: next.href };
        if (!next || next.origin !== origin) throw new OkRedirectError(WHAT, response.status, next?.origin);
        url = next.href;
        // A browser follows 301/302/303 after a POST with a GET.
        if (response.status !== 307 && response.status !== 308) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      if (response.status === 0) throw new OkRedirectError(WHAT, 0, undefined);
      if (response.status < 200 || response.status > 299) {
        // OK answers an unknown client_id on the authorize endpoint with a JSON error (HTTP 400/401).
        const error = jsonError(response.text);
        if (error) throw appOrOAuthError(error.error, error.description, pageNameOf(url));
        throw new OkHttpError(WHAT, response.status, response.statusText, '');
      }
      return { kind: 'page', url, html: response.text };
    }
    throw new UnexpectedPageError(undefined, `more than ${MAX_REDIRECTS} redirects`);
  };

  const submit = (
    pageUrl: string,
    form: { action: string; method: 'GET' | 'POST'; fields: [string, string][] },
    extra: [string, string][],
  ) => {
    const fields = [...form.fields.filter(([name]) => !extra.some(([n]) => n === name)), ...extra];
    const target = tryUrl(form.action.replace(/&amp;/g, '&') || pageUrl, pageUrl);
    // The password goes only where the dialog itself is: same scheme, host and port as connectBaseUrl.
    if (!target || target.origin !== origin) throw new UnsafeFormError(pageNameOf(pageUrl), target?.origin);
    const action = target.href;
    const encoded = formEncode(Object.fromEntries(fields));
    return form.method === 'POST'
      ? go(action, { method: 'POST', body: encoded })
      : go(`${action}${action.includes('?') ? '&' : '?'}${encoded}`, { method: 'GET' });
  };

  let step = await go(
    authorizeUrl({
      appId: d.appId,
      scope: d.scope,
      responseType,
      redirectUri: d.redirectUri,
      state: d.state,
      layout: d.layout,
      connectBaseUrl: d.connectBaseUrl,
    }),
    {
      method: 'GET',
    },
  );
  let sentCredentials = false;
  let approved = false;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    if (step.kind === 'redirect') {
      try {
        const result = parseRedirect(step.location, { expectedState: d.state });
        if (result.type !== responseType)
          throw new OAuthError(
            'invalid_response',
            `the dialog redirected without a ${responseType === 'code' ? 'code' : 'token'}`,
          );
        return result;
      } catch (err) {
        if (err instanceof OAuthError && (err.error === 'invalid_client' || err.error === 'unauthorized_client'))
          throw new UnknownAppError(undefined, err.errorDescription);
        throw err;
      }
    }
    const page = readPage(step.html, parse);
    const name = pageName(page, step.url);
    const form = page.forms.find((f) => f.method === 'POST') ?? page.forms[0];
    switch (classifyPage(page, step.url)) {
      case 'login':
        // Landing on the login page again after sending credentials means OK refused them.
        if (sentCredentials || !form) throw new WrongCredentialsError(name);
        sentCredentials = true;
        step = await submit(step.url, form, [
          ['fr.email', d.login],
          ['fr.password', d.password],
        ]);
        break;
      case 'permissions': {
        if (approved || !form) throw new UnexpectedPageError(name, 'the permissions page came twice');
        approved = true;
        const accept = form.buttons.find(([n]) => n === 'button_accept_request') ?? ['button_accept_request', ''];
        step = await submit(step.url, form, [accept]);
        break;
      }
      case 'captcha':
        throw new CaptchaRequiredError(name);
      case 'verification':
        throw new VerificationRequiredError(name);
      case 'blocked':
        throw new AccountBlockedError(name);
      case 'app-error':
        throw new UnknownAppError(name);
      default:
        throw new UnexpectedPageError(name);
    }
  }
  throw new UnexpectedPageError(undefined, `no token after ${MAX_PAGES} pages`);
}

function jsonError(text: string): { error: string; description?: string } | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.error === 'string')
      return {
        error: body.error,
        description: typeof body.error_description === 'string' ? body.error_description : undefined,
      };
    if ('error_code' in body)
      return {
        error: String(body.error_code),
        description: typeof body.error_msg === 'string' ? body.error_msg : undefined,
      };
  } catch {
    // not JSON
  }
  return undefined;
}

function appOrOAuthError(error: string, description: string | undefined, page: string): OAuthError {
  if (/invalid_client|unauthorized_client|client_id|application/i.test(`${error} ${description ?? ''}`))
    return new UnknownAppError(page, description);
  return new OAuthError(error, description);
}

function pageNameOf(url: string): string {
  return new URL(url).pathname;
}

function tryUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
