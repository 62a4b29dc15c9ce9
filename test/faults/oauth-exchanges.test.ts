// The session's own requests against hostile servers: the token endpoint (code and refresh grants), auth.login and
// the login dialog. The same deadline and redirect rules as API calls; the app secret key, refresh token, code and
// password never reach another host or an error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CodeSession,
  OAuthError,
  OkHttpError,
  OkNetworkError,
  OkRedirectError,
  OkResponseError,
  OkTimeoutError,
  PasswordSession,
  RefreshSession,
  UnsafeFormError,
} from '../../src/index.js';
import { ImplicitSession, authorizeWithPassword } from '../../src/login.js';
import { expectNoSecrets } from '../helpers/leaks.js';
import {
  drip,
  failureOf,
  garbage,
  redirectTo,
  reset,
  stall,
  stallAfterHeaders,
  startHostile,
  status,
  type Behaviour,
  type HostileServer,
} from './hostile.js';

const APP = { appId: 512000000077, appKey: 'HOSTILEAPPKEY', appSecretKey: 'APP-SECRET-never-elsewhere' };
const REFRESH_TOKEN = 'REFRESH-TOKEN-never-elsewhere';
const CODE = 'CODE-never-elsewhere';
const PASSWORD = 'PASSWORD-never-elsewhere';
const SECRETS = [APP.appSecretKey, REFRESH_TOKEN, CODE, PASSWORD];

let ok: HostileServer;
let elsewhere: HostileServer;
beforeEach(async () => {
  [ok, elsewhere] = await Promise.all([startHostile(), startHostile()]);
});
afterEach(async () => {
  await Promise.all([ok.close(), elsewhere.close()]);
});

const refreshSession = () =>
  new RefreshSession({ ...APP, refreshToken: REFRESH_TOKEN, oauthBaseUrl: ok.url, timeout: 300 });
const codeSession = () =>
  new CodeSession({ ...APP, code: CODE, redirectUri: 'https://app.example/cb', oauthBaseUrl: ok.url, timeout: 300 });
const passwordSession = () =>
  new PasswordSession({ ...APP, login: 'ivan', password: PASSWORD, oauthBaseUrl: ok.url, timeout: 300 });
const implicitSession = () =>
  new ImplicitSession({ ...APP, login: 'ivan', password: PASSWORD, connectBaseUrl: ok.url, timeout: 300 });

const flows: [string, () => Promise<unknown>][] = [
  ['the refresh grant', () => refreshSession().authorize()],
  ['the code grant', () => codeSession().authorize()],
  ['auth.login', () => passwordSession().authorize()],
  ['the login dialog', () => implicitSession().authorize()],
];

describe.each(flows)('%s', (_name, run) => {
  it.each([
    ['no answer', stall],
    ['a stalled body', stallAfterHeaders],
    ['a dripped body', drip(20, 5_000)],
  ] as [string, Behaviour][])('%s: OkTimeoutError within the deadline', async (_what, behaviour) => {
    ok.behave(behaviour);
    const { error, ms } = await failureOf(run);
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(ms).toBeLessThan(5_000);
    expectNoSecrets(error, SECRETS);
  });

  it('a redirect to another origin: OkRedirectError; nothing reaches the other host', async () => {
    ok.behave(redirectTo(elsewhere.url, 307));
    const { error } = await failureOf(run);
    expect(error).toBeInstanceOf(OkRedirectError);
    expect(error).toMatchObject({ status: 307, targetOrigin: elsewhere.origin });
    expect(elsewhere.hits).toHaveLength(0);
    expectNoSecrets(error, SECRETS);
  });

  it('a dropped connection: OkNetworkError', async () => {
    ok.behave(reset);
    const { error } = await failureOf(run);
    expect(error).toBeInstanceOf(OkNetworkError);
    expect(error).not.toBeInstanceOf(OkTimeoutError);
    expectNoSecrets(error, SECRETS);
  });

  it('HTTP 502 with a page echoing the request: a typed error without any secret', async () => {
    ok.behave((_req, res, hit) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<p>bad gateway for ${hit.url} ${hit.body}</p>`);
    });
    const { error } = await failureOf(run);
    expect(error).toBeInstanceOf(OkHttpError);
    expect(error).toMatchObject({ status: 502 });
    expectNoSecrets(error, [...SECRETS, encodeURIComponent(PASSWORD)]);
  });
});

describe('the token endpoint', () => {
  it('a body that is not JSON: OkResponseError with a redacted excerpt', async () => {
    ok.behave(garbage);
    const { error } = await failureOf(() => refreshSession().authorize());
    expect(error).toBeInstanceOf(OkResponseError);
    expect((error as OkResponseError).body).toContain('[redacted]');
    expectNoSecrets(error, SECRETS);
  });

  it("OK's 401 with an OAuth error body is that OAuthError, not a bare HTTP error", async () => {
    ok.behave((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client', error_description: 'Unknown client' }));
    });
    const { error } = await failureOf(() => refreshSession().authorize());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_client', errorDescription: 'Unknown client' });
  });

  it('the grant goes in a POST body, never in the URL', async () => {
    ok.behave(status(500));
    await failureOf(() => refreshSession().authorize());
    expect(ok.hits).toHaveLength(1);
    expect(ok.hits[0]!).toMatchObject({ method: 'POST', url: '/oauth/token.do' });
    expect(new URLSearchParams(ok.hits[0]!.body).get('client_secret')).toBe(APP.appSecretKey);
  });
});

/** A dialog whose login page is served by `ok` and whose form sends to `action`. */
function loginPage(action: string): Behaviour {
  return (req, res) => {
    if (req.url?.startsWith('/oauth/authorize')) {
      res.writeHead(302, { location: '/dk?st.cmd=OAuth2Login' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<html><body><div id="hook_Block_OAuth2Login"><form method="post" action="${action}"><input name="fr.email"><input type="password" name="fr.password"></form></div></body></html>`,
    );
  };
}

describe('the login dialog', () => {
  it('a form whose action is another origin: UnsafeFormError, and the password goes nowhere', async () => {
    ok.behave(loginPage(`${elsewhere.url}steal`));
    const { error } = await failureOf(() => implicitSession().authorize());
    expect(error).toBeInstanceOf(UnsafeFormError);
    expect(error).toMatchObject({ targetOrigin: elsewhere.origin, page: '/dk' });
    expect(elsewhere.hits).toHaveLength(0);
    expect(ok.received()).not.toContain(PASSWORD);
  });

  it('a form that would post over plain http from an https dialog is refused the same way', async () => {
    // The dialog is at https://<ok host>; its form points to http on the same host and port.
    const fetchPlain = ((input: string | URL | Request, init?: RequestInit) =>
      fetch(String(input instanceof Request ? input.url : input).replace('https:', 'http:'), init)) as typeof fetch;
    const viaPlain = new ImplicitSession({
      ...APP,
      login: 'ivan',
      password: PASSWORD,
      connectBaseUrl: ok.url.replace('http:', 'https:'),
      timeout: 300,
      fetch: fetchPlain,
    });
    ok.behave(loginPage(`${ok.url}dk?st.cmd=OAuth2Login`));
    const { error } = await failureOf(() => viaPlain.authorize());
    expect(error).toBeInstanceOf(UnsafeFormError);
    expect(error).toMatchObject({ targetOrigin: ok.origin });
    expect(ok.received()).not.toContain(PASSWORD);
  });

  it('a redirect within the dialog origin is followed; to another origin (not the redirect URI) it is refused', async () => {
    ok.behave((req, res) => {
      res.writeHead(302, { location: req.url?.startsWith('/oauth/authorize') ? '/hop' : `${elsewhere.url}phish` });
      res.end();
    });
    const { error } = await failureOf(() => implicitSession().authorize());
    expect(error).toBeInstanceOf(OkRedirectError);
    expect(error).toMatchObject({ status: 302, targetOrigin: elsewhere.origin });
    expect(ok.hits.map((h) => h.url.split('?')[0])).toEqual(['/oauth/authorize', '/hop']);
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('the redirect URI on another origin is read, never requested', async () => {
    const redirectUri = `${elsewhere.url}callback`;
    ok.behave((req, res) => {
      const state = new URL(req.url!, ok.url).searchParams.get('state')!;
      res.writeHead(302, {
        location: `${redirectUri}#access_token=tok&session_secret_key=ssk&expires_in=1800&state=${state}`,
      });
      res.end();
    });
    const redirect = await authorizeWithPassword({
      appId: APP.appId,
      login: 'ivan',
      password: PASSWORD,
      redirectUri,
      responseType: 'token',
      connectBaseUrl: ok.url,
      timeout: 300,
    });
    expect(redirect).toMatchObject({ type: 'token', accessToken: 'tok', sessionSecretKey: 'ssk' });
    expect(elsewhere.hits).toHaveLength(0);
  });
});
