// The implicit flow with a login and password, walked through the two real pages of OK's login dialog
// (test/fixtures/ok-login) served with their real form actions, cookies and redirects; every failure page; any
// redirect URI. Then auth.login (PasswordSession) over POST.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  AccountBlockedError,
  CaptchaRequiredError,
  LoginError,
  OkApiError,
  PasswordClientSession,
  PasswordSession,
  UnexpectedPageError,
  UnknownAppError,
  VerificationRequiredError,
  WrongCredentialsError,
  type OAuthTokens,
} from '../src/index.js';
import { ImplicitClientSession, ImplicitSession } from '../src/login.js';
import {
  FAKE_APP,
  FAKE_USER,
  PERMISSIONS_FORM_TOKEN,
  startFakeOk,
  type FakeOk,
  type FakeUser,
} from './helpers/fake-ok.js';
import { md5, referenceSig } from './reference/sign.js';

const USERS: FakeUser[] = [
  FAKE_USER,
  { login: 'remembered@example.com', password: 'pw-r', uid: '11', scenario: 'remembered' },
  { login: 'captcha@example.com', password: 'pw-c', uid: '12', scenario: 'captcha' },
  { login: 'verify@example.com', password: 'pw-v', uid: '13', scenario: 'verification' },
  { login: 'blocked@example.com', password: 'pw-b', uid: '14', scenario: 'blocked' },
  { login: 'odd@example.com', password: 'pw-o', uid: '15', scenario: 'unexpected' },
  { login: 'apperr@example.com', password: 'pw-a', uid: '16', scenario: 'app-error-page' },
];
let ok: FakeOk;
beforeAll(async () => {
  ok = await startFakeOk({ users: USERS });
});
afterAll(() => ok.close());

const implicit = (over: Partial<ConstructorParameters<typeof ImplicitClientSession>[0]> = {}) =>
  new ImplicitClientSession({
    appId: FAKE_APP.appId,
    appKey: FAKE_APP.appKey,
    login: FAKE_USER.login,
    password: FAKE_USER.password,
    scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'],
    connectBaseUrl: ok.base,
    ...over,
  });

function requestsSince(n: number) {
  return ok.requests.slice(n);
}

describe('ImplicitSession: the login dialog', () => {
  it('logs in through the login and permissions pages and reads the token from the last redirect', async () => {
    const start = ok.requests.length;
    const tokens: OAuthTokens[] = [];
    const session = implicit({
      redirectUri: `${ok.base}callback`,
      state: 'my-state',
      onTokens: (t) => void tokens.push(t),
    });
    await session.authorize();

    const walk = requestsSince(start).map(
      (r) => `${r.method} ${r.path}${r.query['st.cmd'] ? ` ${r.query['st.cmd']}` : ''}`,
    );
    expect(walk).toEqual([
      'GET /oauth/authorize',
      'GET /dk OAuth2Login',
      'POST /dk OAuth2Login',
      'GET /dk OAuth2Permissions',
      'POST /dk OAuth2Permissions',
    ]);
    const [authorize, , login, , permissions] = requestsSince(start);
    expect(authorize!.query).toEqual({
      client_id: String(FAKE_APP.appId),
      scope: 'VALUABLE_ACCESS;PHOTO_CONTENT',
      response_type: 'token',
      redirect_uri: `${ok.base}callback`,
      state: 'my-state',
    });
    // The login form as a browser submits it: its action's query, all its fields, the credentials, the cookies.
    expect(login!.query).toEqual({ cmd: 'OAuth2Login', 'st.cmd': 'OAuth2Login' });
    expect(login!.form).toEqual({
      'fr.posted': 'set',
      'fr.email': FAKE_USER.login,
      'fr.password': FAKE_USER.password,
      'fr.remember': 'on',
    });
    expect(login!.headers.cookie).toMatch(/FLOW=\w+/);
    expect(login!.headers.cookie).toContain('bci=-123');
    expect(permissions!.query).toEqual({ 'st.cmd': 'OAuth2Permissions', cmd: 'OAuth2Permissions' });
    expect(permissions!.form).toEqual({
      'fr.posted': 'set',
      'fr.token': PERMISSIONS_FORM_TOKEN,
      button_accept_request: '',
    });
    expect(permissions!.headers.cookie).toContain(`AUTHCODE=${FAKE_USER.uid}`);
    // The redirect URI itself is never requested: the token is in its fragment.
    expect(ok.requests.some((r) => r.path === '/callback')).toBe(false);
    // The password travels in a POST body only.
    for (const r of requestsSince(start)) expect(JSON.stringify(r.query)).not.toContain(FAKE_USER.password);

    expect(session.accessToken).toMatch(/^mock-[0-9a-f]{24}$/);
    expect(session.sessionSecretKey).toMatch(/^[0-9a-f]{32}$/);
    expect(session.permissionsGranted).toEqual(['VALUABLE_ACCESS', 'PHOTO_CONTENT']);
    expect(session.expiresIn).toBe(1800);
    expect(session.state).toBe('my-state');
    expect(session.circuit).toBe('client');
    expect(tokens).toEqual([
      {
        accessToken: session.accessToken,
        sessionSecretKey: session.sessionSecretKey,
        expiresIn: 1800,
        expiresAt: session.expiresAt,
      },
    ]);

    // Calls are then signed with the session secret key, which the mock checks, and made as the user who logged in.
    const api = new API(session, { baseUrl: ok.base });
    await expect(api.events.get()).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'MESSAGES' })]),
    );
    const call = ok.requests.findLast((r) => r.path === '/fb.do')!;
    expect(call.query.method).toBe('events.get');
    expect(call.query.sig).toBe(referenceSig(call.query, session.sessionSecretKey!));
    await expect(api.users.getCurrentUser()).resolves.toMatchObject({ uid: FAKE_USER.uid });
  });

  for (const redirectUri of [
    'https://oauth.mycdn.me/blank.html',
    'https://app.example/ok/done?from=ok',
    'myapp://ok-auth',
    'http://localhost:3000/cb',
  ]) {
    it(`works for the redirect URI ${redirectUri}`, async () => {
      const session = implicit({ login: 'remembered@example.com', password: 'pw-r', redirectUri });
      await session.authorize();
      expect(session.accessToken).toMatch(/^mock-[0-9a-f]{24}$/);
      expect(session.redirectUri).toBe(redirectUri);
    });
  }

  it('generates a state when none is given, and sends it', async () => {
    const start = ok.requests.length;
    const session = implicit({ login: 'remembered@example.com', password: 'pw-r' });
    expect(session.state).toMatch(/^[0-9a-f]{32}$/);
    await session.authorize();
    expect(requestsSince(start)[0]!.query.state).toBe(session.state);
  });

  it('ImplicitSession with the app secret calls on the server-server circuit', async () => {
    const session = new ImplicitSession({
      ...FAKE_APP,
      login: 'remembered@example.com',
      password: 'pw-r',
      connectBaseUrl: ok.base,
    });
    expect(session.circuit).toBe('server');
    await new API(session, { baseUrl: ok.base }).events.get();
    const call = ok.requests.findLast((r) => r.path === '/fb.do')!;
    expect(call.query.sig).toBe(referenceSig(call.query, md5(session.accessToken! + FAKE_APP.appSecretKey)));
  });

  const failures: [string, Partial<FakeUser> & { appId?: number }, new (...a: never[]) => LoginError, RegExp][] = [
    [
      'a wrong password',
      { login: FAKE_USER.login, password: 'Wr0ng-Pa55' },
      WrongCredentialsError,
      /OK refused the login or password \(page: OAuth2Login\)/,
    ],
    ['an unknown login', { login: 'nobody@example.com', password: 'x' }, WrongCredentialsError, /refused/],
    [
      'a captcha',
      { login: 'captcha@example.com', password: 'pw-c' },
      CaptchaRequiredError,
      /captcha.*\(page: OAuth2Captcha\)/,
    ],
    [
      'a verification by SMS code',
      { login: 'verify@example.com', password: 'pw-v' },
      VerificationRequiredError,
      /verify the account.*\(page: AnonymVerifyPhone\)/,
    ],
    [
      'a blocked account',
      { login: 'blocked@example.com', password: 'pw-b' },
      AccountBlockedError,
      /blocked \(page: AnonymBlocked\)/,
    ],
    [
      'an unknown app (JSON error from the authorize endpoint)',
      { appId: 999 },
      UnknownAppError,
      /does not know the application: Unknown client_id/,
    ],
    [
      'an unknown app (error page)',
      { login: 'apperr@example.com', password: 'pw-a' },
      UnknownAppError,
      /\(page: OAuth2Error\)/,
    ],
    [
      'a page nobody expects',
      { login: 'odd@example.com', password: 'pw-o' },
      UnexpectedPageError,
      /does not know \(page: PromoPhoneBind\)/,
    ],
  ];
  for (const [what, who, ErrorClass, message] of failures) {
    it(`${what} is ${ErrorClass.name}`, async () => {
      const session = implicit({
        ...(who.login ? { login: who.login, password: who.password } : {}),
        ...(who.appId ? { appId: who.appId } : {}),
      });
      const err = await session.authorize().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ErrorClass);
      expect(err).toBeInstanceOf(LoginError);
      expect((err as Error).message).toMatch(message);
      const shown = `${(err as Error).message} ${(err as Error).stack} ${JSON.stringify(err)}`;
      for (const secret of [who.password ?? FAKE_USER.password, FAKE_USER.password])
        expect(shown).not.toContain(secret);
      expect(session.authorized).toBe(false);
    });
  }

  it('a state that does not come back is OAuthStateError', async () => {
    const session = implicit({ login: 'remembered@example.com', password: 'pw-r', state: 'sent' });
    // The server echoes the state it was sent; a man in the middle changes it.
    const tampering = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input as string, init);
      const location = response.headers.get('location');
      if (!location?.includes('state=sent')) return response;
      return new Response(null, { status: 302, headers: { location: location.replace('state=sent', 'state=forged') } });
    }) as typeof fetch;
    const tampered = implicit({ login: 'remembered@example.com', password: 'pw-r', state: 'sent', fetch: tampering });
    await expect(tampered.authorize()).rejects.toMatchObject({ name: 'OAuthStateError', error: 'state_mismatch' });
    await expect(session.authorize()).resolves.toBe(session);
  });

  it('the real fixture pages are the shared ones, unchanged', () => {
    const shared = join(import.meta.dirname, '../../shared/fixtures/ok-login');
    if (!existsSync(shared)) return;
    for (const name of ['oauth2-login.html', 'oauth2-permissions.html']) {
      expect(readFileSync(join(import.meta.dirname, 'fixtures/ok-login', name), 'utf8')).toBe(
        readFileSync(join(shared, name), 'utf8'),
      );
    }
  });
});

describe('PasswordSession: auth.login', () => {
  it('sends auth.login as a POST form, unsigned, and keeps session key, secret and uid', async () => {
    const start = ok.requests.length;
    const session = new PasswordClientSession({
      appId: FAKE_APP.appId,
      appKey: FAKE_APP.appKey,
      login: FAKE_USER.login,
      password: FAKE_USER.password,
      oauthBaseUrl: ok.base,
    });
    await session.authorize();
    const [login] = requestsSince(start);
    expect(login!.method).toBe('POST');
    expect(login!.path).toBe('/fb.do');
    expect(login!.query).toEqual({});
    expect(login!.form).toEqual({
      application_key: FAKE_APP.appKey,
      format: 'json',
      method: 'auth.login',
      user_name: FAKE_USER.login,
      password: FAKE_USER.password,
    });
    expect(session.uid).toBe(FAKE_USER.uid);
    expect(session.sessionKey).toMatch(/^mock-[0-9a-f]{24}$/);
    expect(session.accessToken).toBe(session.sessionKey);
    expect(session.sessionSecretKey).toMatch(/^[0-9a-f]{32}$/);

    await expect(new API(session, { baseUrl: ok.base }).call('users.getCurrentUser')).resolves.toMatchObject({
      uid: FAKE_USER.uid,
    });
    const call = ok.requests.findLast((r) => r.path === '/fb.do')!;
    expect(call.query.sig).toBe(referenceSig(call.query, session.sessionSecretKey!));
  });

  it('PasswordSession with the app secret uses the server-server circuit', async () => {
    const session = new PasswordSession({
      ...FAKE_APP,
      login: FAKE_USER.login,
      password: FAKE_USER.password,
      oauthBaseUrl: ok.base,
    });
    await new API(session, { baseUrl: ok.base }).call('users.getCurrentUser');
    const call = ok.requests.findLast((r) => r.path === '/fb.do')!;
    expect(call.query.sig).toBe(referenceSig(call.query, md5(session.accessToken! + FAKE_APP.appSecretKey)));
  });

  it("maps OK's login errors to the same typed errors as the dialog", async () => {
    const make = (login: string, password: string) =>
      new PasswordClientSession({
        appId: FAKE_APP.appId,
        appKey: FAKE_APP.appKey,
        login,
        password,
        oauthBaseUrl: ok.base,
      });
    await expect(make(FAKE_USER.login, 'nope').authorize()).rejects.toBeInstanceOf(WrongCredentialsError);
    await expect(make('captcha@example.com', 'pw-c').authorize()).rejects.toBeInstanceOf(CaptchaRequiredError);
    await expect(make('verify@example.com', 'pw-v').authorize()).rejects.toBeInstanceOf(VerificationRequiredError);
    const other = await new PasswordClientSession({
      appId: 1,
      appKey: 'NOT-AN-APP',
      login: 'x',
      password: 'secret-pw',
      oauthBaseUrl: ok.base,
    })
      .authorize()
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(OkApiError);
    expect(other).toMatchObject({
      code: 101,
      params: { application_key: 'NOT-AN-APP', format: 'json', method: 'auth.login', user_name: 'x' },
    });
    expect(JSON.stringify(other)).not.toContain('secret-pw');
  });

  it('checks its options before anything is sent', () => {
    expect(() => new PasswordSession({ appId: 1, appKey: 'k', login: 'x' } as never)).toThrow(
      'PasswordSession: password is required',
    );
    expect(() => new ImplicitClientSession({ appId: 1, appKey: 'k', password: 'x' } as never)).toThrow(
      'ImplicitClientSession: login is required',
    );
  });
});
