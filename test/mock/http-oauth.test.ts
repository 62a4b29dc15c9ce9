// OAuth on the mock as an outside client walks it (aiookru, curl, a browser): plain fetch, redirects not followed,
// cookies kept by the test's own jar, forms read from the pages' HTML. A logged-in user who approved the scope is sent
// straight back; redirect URIs are the registered ones only; codes are single-use and short-lived; LONG_ACCESS_TOKEN
// gives 30-day tokens; dialogs expire and are capped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { CookieJar, firstForm, form, fragmentOf, getJson, queryOf, signedAsClient } from './http-client.js';
import { DEMO_APP, IVAN, MARIA, THIRTY_DAYS_S, THIRTY_MINUTES_S, WEB_APP, WORLD } from './world.js';

type Config = NonNullable<Parameters<typeof createMockServer>[0]>['config'];

const CALLBACK = WEB_APP.redirectUris[0]!;

// A fresh mock per test: what users approved and who is logged in must not carry over.
let mock: MockServer;
beforeEach(async () => {
  mock = await createMockServer({ config: WORLD as Config });
});
afterEach(() => mock.close());

function authorizeUrl(
  server: MockServer,
  q: { app?: { appId: number }; scope?: string; responseType?: string; redirectUri?: string; state?: string } = {},
): string {
  const params = new URLSearchParams({
    client_id: String((q.app ?? WEB_APP).appId),
    scope: q.scope ?? 'VALUABLE_ACCESS',
    response_type: q.responseType ?? 'token',
    redirect_uri: q.redirectUri ?? CALLBACK,
    layout: 'w',
  });
  if (q.state !== undefined) params.set('state', q.state);
  return `${server.url}oauth/authorize?${params}`;
}

/** GET authorize → login page → login form posted: the jar now holds the login cookie; returns the next answer. */
async function logIn(
  jar: CookieJar,
  server: MockServer,
  start: string,
  user: { login: string; password: string } = IVAN,
): Promise<Response> {
  const toLogin = await jar.fetch(start);
  expect(toLogin.status).toBe(302);
  expect(toLogin.headers.get('location')).toBe('/dk?st.cmd=OAuth2Login&st.layout=w');
  const loginPage = await jar.fetch(new URL(toLogin.headers.get('location')!, server.url).href);
  expect(loginPage.status).toBe(200);
  const login = firstForm(await loginPage.text());
  expect(login.action).toBe('/dk?cmd=OAuth2Login&st.cmd=OAuth2Login');
  return jar.fetch(
    new URL(login.action, server.url).href,
    form({ ...login.fields, 'fr.email': user.login, 'fr.password': user.password }),
  );
}

/** On the permissions page (after a redirect to it): the page's form posted with the accept button. */
async function approve(jar: CookieJar, server: MockServer, toPermissions: Response): Promise<Response> {
  expect(toPermissions.status).toBe(302);
  expect(toPermissions.headers.get('location')).toMatch(/^\/dk\?st\.cmd=OAuth2Permissions/);
  const page = await jar.fetch(new URL(toPermissions.headers.get('location')!, server.url).href);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('id="hook_Block_OAuth2Permissions"');
  const permissions = firstForm(html);
  return jar.fetch(
    new URL(permissions.action, server.url).href,
    form({ ...permissions.fields, button_accept_request: '' }),
  );
}

async function callAsUser(server: MockServer, token: string, sessionSecretKey: string): Promise<unknown> {
  const params = signedAsClient(WEB_APP, { method: 'users.getLoggedInUser' }, token, sessionSecretKey);
  return (await getJson(`${server.url}fb.do?${new URLSearchParams(params)}`)).body;
}

describe('the implicit flow, walked as aiookru walks it', () => {
  it('GET authorize → login form → permissions form → GET authorize again → redirect with the token', async () => {
    const server = await createMockServer({ config: WORLD as Config });
    try {
      const jar = new CookieJar();
      const start = authorizeUrl(server, { scope: 'VALUABLE_ACCESS;PHOTO_CONTENT', state: 'st-1' });
      const done = await approve(jar, server, await logIn(jar, server, start));
      expect(done.status).toBe(302);
      const first = fragmentOf(done.headers.get('location')!);
      expect(done.headers.get('location')!.startsWith(`${CALLBACK}#`)).toBe(true);
      expect(first).toEqual({
        access_token: expect.stringMatching(/^mock-[0-9a-f]{24}$/),
        session_secret_key: expect.stringMatching(/^[0-9a-f]{32}$/),
        permissions_granted: 'VALUABLE_ACCESS;PHOTO_CONTENT',
        expires_in: String(THIRTY_MINUTES_S),
        state: 'st-1',
      });
      expect([...jar.cookies.keys()].sort()).toEqual(['OKMOCKAUTH', 'OKMOCKFLOW']);

      // aiookru opens the authorize URL again: logged in, scope granted → straight back with a token, no page.
      const again = await jar.fetch(start);
      expect(again.status).toBe(302);
      const second = fragmentOf(again.headers.get('location')!);
      expect(second).toEqual({
        ...first,
        access_token: expect.stringMatching(/^mock-/),
        session_secret_key: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(second.access_token).not.toBe(first.access_token);
      for (const t of [first, second])
        await expect(callAsUser(server, t.access_token!, t.session_secret_key!)).resolves.toBe(IVAN.uid);
    } finally {
      await server.close();
    }
  });

  it('logged in, a new scope: the permissions page first, then both scopes granted', async () => {
    const jar = new CookieJar();
    await approve(jar, mock, await logIn(jar, mock, authorizeUrl(mock, { scope: 'VALUABLE_ACCESS' })));
    const wider = await jar.fetch(authorizeUrl(mock, { scope: 'VALUABLE_ACCESS;GET_EMAIL' }));
    const done = await approve(jar, mock, wider);
    expect(fragmentOf(done.headers.get('location')!).permissions_granted).toBe('VALUABLE_ACCESS;GET_EMAIL');
  });

  it('logging in again with a scope approved before skips the permissions page, as OK does', async () => {
    const jar = new CookieJar();
    await approve(jar, mock, await logIn(jar, mock, authorizeUrl(mock, { scope: 'PHOTO_CONTENT' })));
    const fresh = new CookieJar();
    const done = await logIn(fresh, mock, authorizeUrl(mock, { scope: 'PHOTO_CONTENT', state: 'again' }));
    expect(done.status).toBe(302);
    expect(fragmentOf(done.headers.get('location')!)).toMatchObject({
      permissions_granted: 'PHOTO_CONTENT',
      state: 'again',
    });
  });

  it('the login cookie is opaque: a cookie naming a uid logs nobody in', async () => {
    const jar = new CookieJar();
    jar.cookies.set('OKMOCKAUTH', IVAN.uid);
    const res = await jar.fetch(authorizeUrl(mock));
    expect(res.headers.get('location')).toBe('/dk?st.cmd=OAuth2Login&st.layout=w');
  });

  it('a wrong password shows the login page again, with OK’s message', async () => {
    const jar = new CookieJar();
    const res = await logIn(jar, mock, authorizeUrl(mock), { login: IVAN.login, password: 'wrong' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="hook_Block_OAuth2Login"');
    expect(html).toContain('Неправильно указан логин и/или пароль');
    expect(jar.cookies.has('OKMOCKAUTH')).toBe(false);
  });

  it("the permissions page's cancel link is the redirect URI with error=access_denied", async () => {
    const jar = new CookieJar();
    const toPermissions = await logIn(
      jar,
      mock,
      authorizeUrl(mock, { scope: 'VALUABLE_ACCESS;APP_INVITE', state: 'c' }),
      MARIA,
    );
    const html = await (await jar.fetch(new URL(toPermissions.headers.get('location')!, mock.url).href)).text();
    expect(html).toContain(`href="${CALLBACK}#error=access_denied&#38;state=c"`);
  });
});

describe('the authorization-code flow', () => {
  async function codeFor(
    server: MockServer,
    scope: string,
    user: { login: string; password: string } = IVAN,
  ): Promise<string> {
    const jar = new CookieJar();
    const start = authorizeUrl(server, { responseType: 'code', scope, state: 'code-state' });
    let res = await logIn(jar, server, start, user);
    if (res.headers.get('location')?.startsWith('/dk')) res = await approve(jar, server, res);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
    const query = queryOf(location);
    expect(query).toEqual({ code: expect.stringMatching(/^[0-9a-f]{20}$/), state: 'code-state' });
    // Logged in and approved: the next authorize answers with a code at once.
    const again = await jar.fetch(start);
    expect(queryOf(again.headers.get('location')!)).toEqual({
      code: expect.stringMatching(/^[0-9a-f]{20}$/),
      state: 'code-state',
    });
    return query.code!;
  }

  const exchange = (server: MockServer, code: string, redirectUri = CALLBACK) =>
    getJson(
      `${server.url}oauth/token.do`,
      form({
        code,
        client_id: String(WEB_APP.appId),
        client_secret: WEB_APP.appSecretKey,
        redirect_uri: redirectUri,
        grant_type: 'authorization_code',
      }),
    );

  it('a code is exchanged once; the second exchange is invalid_grant', async () => {
    const code = await codeFor(mock, 'VALUABLE_ACCESS');
    await expect(exchange(mock, code)).resolves.toMatchObject({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^mock-/),
        token_type: 'session',
        refresh_token: expect.stringMatching(/^mock-rt-/),
        expires_in: THIRTY_MINUTES_S,
      },
    });
    await expect(exchange(mock, code)).resolves.toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The code is unknown, spent or expired' },
    });
  });

  it('a code for another redirect_uri is refused, and spent', async () => {
    const code = await codeFor(mock, 'VALUABLE_ACCESS');
    await expect(exchange(mock, code, WEB_APP.redirectUris[1])).resolves.toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    await expect(exchange(mock, code)).resolves.toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a code past its lifetime is invalid_grant (lifetime 0 here; OK: 2 minutes)', async () => {
    const shortLived = await createMockServer({ config: WORLD as Config, lifetimes: { codeS: 0 } });
    try {
      const code = await codeFor(shortLived, 'VALUABLE_ACCESS');
      await expect(exchange(shortLived, code)).resolves.toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
    } finally {
      await shortLived.close();
    }
  });

  it('LONG_ACCESS_TOKEN gives 30-day tokens, on exchange and on refresh; without it, 30 minutes', async () => {
    const code = await codeFor(mock, 'VALUABLE_ACCESS;LONG_ACCESS_TOKEN');
    const { body } = await exchange(mock, code);
    expect(body).toMatchObject({ expires_in: THIRTY_DAYS_S });
    const refreshed = await getJson(
      `${mock.url}oauth/token.do`,
      form({
        refresh_token: (body as { refresh_token: string }).refresh_token,
        client_id: String(WEB_APP.appId),
        client_secret: WEB_APP.appSecretKey,
        grant_type: 'refresh_token',
      }),
    );
    expect(refreshed).toMatchObject({
      status: 200,
      body: { access_token: expect.stringMatching(/^mock-/), token_type: 'session', expires_in: THIRTY_DAYS_S },
    });
    // Maria never grants LONG_ACCESS_TOKEN: asking for it gets a short token.
    const short = await exchange(mock, await codeFor(mock, 'VALUABLE_ACCESS;LONG_ACCESS_TOKEN', MARIA));
    expect(short.body).toMatchObject({ expires_in: THIRTY_MINUTES_S });
  });

  it('token.do refuses a wrong secret and the app key as client_id', async () => {
    const base = { code: 'x', redirect_uri: CALLBACK, grant_type: 'authorization_code' };
    for (const client of [
      { client_id: String(WEB_APP.appId), client_secret: 'wrong' },
      { client_id: WEB_APP.appKey, client_secret: WEB_APP.appSecretKey },
    ]) {
      await expect(getJson(`${mock.url}oauth/token.do`, form({ ...base, ...client }))).resolves.toMatchObject({
        status: 400,
        body: { error: 'invalid_client', error_description: 'Bad client_id or client_secret' },
      });
    }
  });
});

describe('implicit tokens', () => {
  it('LONG_ACCESS_TOKEN in the scope: expires_in is 30 days', async () => {
    const jar = new CookieJar();
    const done = await approve(
      jar,
      mock,
      await logIn(jar, mock, authorizeUrl(mock, { scope: 'VALUABLE_ACCESS;LONG_ACCESS_TOKEN' }), MARIA),
    );
    // Maria does not grant it: 30 minutes.
    expect(fragmentOf(done.headers.get('location')!)).toMatchObject({
      permissions_granted: 'VALUABLE_ACCESS',
      expires_in: String(THIRTY_MINUTES_S),
    });
    const ivan = new CookieJar();
    const long = await approve(
      ivan,
      mock,
      await logIn(ivan, mock, authorizeUrl(mock, { scope: 'VALUABLE_ACCESS;LONG_ACCESS_TOKEN;GROUP_CONTENT' })),
    );
    expect(fragmentOf(long.headers.get('location')!)).toMatchObject({
      permissions_granted: 'VALUABLE_ACCESS;LONG_ACCESS_TOKEN',
      expires_in: String(THIRTY_DAYS_S),
    });
  });
});

describe('redirect URIs', () => {
  const refused = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/html;charset=utf-8');
    const html = await res.text();
    expect(html).toContain('id="hook_Block_OAuth2Error"');
    expect(html).toContain('invalid redirect_uri');
    return html;
  };

  it('an app with registered URIs accepts exactly those', async () => {
    for (const uri of WEB_APP.redirectUris) {
      const res = await fetch(authorizeUrl(mock, { redirectUri: uri }), { redirect: 'manual' });
      expect(res.status).toBe(302);
    }
    for (const uri of ['https://evil.example/callback', `${CALLBACK}/more`, `${CALLBACK}?x=1`, 'javascript:alert(1)'])
      await refused(authorizeUrl(mock, { redirectUri: uri }));
  });

  it('an app without a list accepts any http(s) URI, and nothing else', async () => {
    const ok = await fetch(authorizeUrl(mock, { app: DEMO_APP, redirectUri: 'http://127.0.0.1:9/cb' }), {
      redirect: 'manual',
    });
    expect(ok.status).toBe(302);
    for (const uri of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/', 'not a uri', ''])
      await refused(authorizeUrl(mock, { app: DEMO_APP, redirectUri: uri }));
  });

  it('a logged-in user who approved the scope still gets no token at an unregistered URI', async () => {
    const jar = new CookieJar();
    await approve(jar, mock, await logIn(jar, mock, authorizeUrl(mock, { scope: 'VALUABLE_ACCESS' })));
    const res = await jar.fetch(
      authorizeUrl(mock, { scope: 'VALUABLE_ACCESS', redirectUri: 'https://evil.example/callback' }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('with a good redirect URI, a bad response_type goes back there as error=', async () => {
    const res = await fetch(authorizeUrl(mock, { responseType: 'id_token', state: 's' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${CALLBACK}?error=unsupported_response_type&state=s`);
  });

  it('an unknown client_id (or the app key in its place) is a JSON error, as OK answers it', async () => {
    for (const clientId of ['1', WEB_APP.appKey]) {
      const url = authorizeUrl(mock).replace(`client_id=${WEB_APP.appId}`, `client_id=${clientId}`);
      await expect(getJson(url, { redirect: 'manual' })).resolves.toMatchObject({
        status: 401,
        body: { error: 'invalid_client', error_description: 'Unknown client_id' },
      });
    }
  });
});

describe('dialogs expire and are capped', () => {
  const loginPageAfter = async (jar: CookieJar, server: MockServer) =>
    (await jar.fetch(`${server.url}dk?st.cmd=OAuth2Login&st.layout=w`)).text();

  it('a dialog past its lifetime is gone (lifetime 0 here)', async () => {
    const server = await createMockServer({ config: WORLD as Config, lifetimes: { dialogS: 0 } });
    try {
      const jar = new CookieJar();
      await jar.fetch(authorizeUrl(server));
      expect(jar.cookies.has('OKMOCKFLOW')).toBe(true);
      const html = await loginPageAfter(jar, server);
      expect(html).toContain('id="hook_Block_OAuth2Error"');
      expect(html).toContain('or it expired (no flow cookie)');
    } finally {
      await server.close();
    }
  });

  it('a login cookie past its lifetime (0 here; a day by default) logs nobody in', async () => {
    const server = await createMockServer({ config: WORLD as Config, lifetimes: { loginS: 0 } });
    try {
      const jar = new CookieJar();
      const toPermissions = await logIn(jar, server, authorizeUrl(server));
      expect(jar.cookies.has('OKMOCKAUTH')).toBe(true);
      // Already expired: the permissions page asks to log in again, and so does the authorize URL.
      const page = await (await jar.fetch(new URL(toPermissions.headers.get('location')!, server.url).href)).text();
      expect(page).toContain('id="hook_Block_OAuth2Login"');
      const again = await jar.fetch(authorizeUrl(server));
      expect(again.headers.get('location')).toBe('/dk?st.cmd=OAuth2Login&st.layout=w');
    } finally {
      await server.close();
    }
  });

  it('token.do and the dialog refuse more parameters than the cap (3 here)', async () => {
    const server = await createMockServer({ config: WORLD as Config, limits: { maxParams: 3 } });
    try {
      const many = { a: '1', b: '2', c: '3', d: '4' };
      await expect(getJson(`${server.url}oauth/token.do`, form(many))).resolves.toMatchObject({
        status: 400,
        body: { error: 'invalid_request', error_description: 'Too many parameters: at most 3' },
      });
      const jar = new CookieJar();
      await jar.fetch(authorizeUrl(server));
      const page = await jar.fetch(`${server.url}dk?st.cmd=OAuth2Login`, form(many));
      expect(page.status).toBe(400);
      await expect(page.text()).resolves.toContain('Too many form fields: at most 3.');
    } finally {
      await server.close();
    }
  });

  it('past the cap (2 here), the oldest dialog is dropped, the newest kept', async () => {
    const server = await createMockServer({ config: WORLD as Config, limits: { maxPending: 2 } });
    try {
      const jars = [new CookieJar(), new CookieJar(), new CookieJar()];
      for (const jar of jars) await jar.fetch(authorizeUrl(server));
      await expect(loginPageAfter(jars[0]!, server)).resolves.toContain('id="hook_Block_OAuth2Error"');
      for (const jar of jars.slice(1))
        await expect(loginPageAfter(jar, server)).resolves.toContain('id="hook_Block_OAuth2Login"');
    } finally {
      await server.close();
    }
  });
});
