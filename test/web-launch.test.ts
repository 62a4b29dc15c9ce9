// WEB (iframe) apps: launch parameters are checked against an independent reference signer (node:crypto), and a
// WebSession's calls go over the wire as OK's JS SDK sends them: session_key signed, no access_token.
import { inspect } from 'node:util';
import { expectNoSecrets } from './helpers/leaks.js';
import { describe, expect, it } from 'vitest';
import { API, OkApiError, OkConfigError, OkError, OkSessionError } from '../src/index.js';
import { apiServerFromLaunchParams, launchParamsProblem, verifyLaunchParams } from '../src/web/launch-params.js';
import { WebSession } from '../src/web/web-session.js';
import { json, recordingFetch } from './helpers/wire.js';
import { md5, referenceSig } from './reference/sign.js';

const APP_ID = 512000123456;
const APP_SECRET_KEY = 'APPSECRET-web-7f3a91';
const SESSION_KEY = '-s-WEBSESSIONKEY.x9Y8z7';
const SESSION_SECRET_KEY = 'websessionsecret0a1b2c3d4e5f6789';

/** A launch query as OK would build it, signed with the reference signer. */
function launchQuery(overrides: Record<string, string> = {}, secret = APP_SECRET_KEY): Record<string, string> {
  const params: Record<string, string> = {
    api_server: 'https://api.ok.ru/',
    apiconnection: '512000123456_1700000000000',
    application_key: 'CBAPUBLICKEY',
    authorized: '1',
    custom_args: 'from=лента&x=1',
    logged_user_id: '575662066926',
    refplace: 'catalog',
    session_key: SESSION_KEY,
    session_secret_key: SESSION_SECRET_KEY,
    web_server: 'https://ok.ru',
    ...overrides,
  };
  params.auth_sig = md5(params.logged_user_id! + params.session_key! + secret);
  params.sig = referenceSig(params, secret);
  return params;
}

const SECRET_FORMS = [APP_SECRET_KEY, SESSION_KEY, SESSION_SECRET_KEY].flatMap((s) => [s, encodeURIComponent(s)]);

function expectClean(thing: unknown) {
  expectNoSecrets(thing, SECRET_FORMS);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('verifyLaunchParams', () => {
  it('accepts a launch signed by OK (record, URLSearchParams, Express-style with undefined)', () => {
    const query = launchQuery();
    expect(verifyLaunchParams(query, APP_SECRET_KEY)).toBe(true);
    expect(launchParamsProblem(query, APP_SECRET_KEY)).toBeUndefined();
    expect(verifyLaunchParams(new URLSearchParams(query), APP_SECRET_KEY)).toBe(true);
    expect(verifyLaunchParams(new URLSearchParams(new URLSearchParams(query).toString()), APP_SECRET_KEY)).toBe(true);
    expect(verifyLaunchParams({ ...query, first_start: undefined }, APP_SECRET_KEY)).toBe(true);
  });

  it('accepts the values OK encodes: Cyrillic, JSON, an empty value, a parameter named __proto__', () => {
    const query = launchQuery({ custom_args: '{"gift":"сердце","n":2}', referer: '', ['__proto__']: 'x' });
    expect(Object.keys(query)).toContain('__proto__');
    expect(launchParamsProblem(query, APP_SECRET_KEY)).toBeUndefined();
    expect(launchParamsProblem(new URLSearchParams(query), APP_SECRET_KEY)).toBeUndefined();
  });

  const tampered: [string, (q: Record<string, string>) => unknown, string][] = [
    ['a changed value', (q) => ({ ...q, refplace: 'banner' }), 'bad sig'],
    ['a changed value in Cyrillic', (q) => ({ ...q, custom_args: 'from=лентa&x=1' }), 'bad sig'],
    ['an added parameter', (q) => ({ ...q, first_start: '1' }), 'bad sig'],
    ['an added empty parameter', (q) => ({ ...q, extra: '' }), 'bad sig'],
    ['a removed parameter', (q) => ({ ...q, api_server: undefined }), 'bad sig'],
    ['another user', (q) => ({ ...q, logged_user_id: '575662066927' }), 'bad auth_sig'],
    ['another session key', (q) => ({ ...q, session_key: 'other' }), 'bad auth_sig'],
    ['a bad auth_sig', (q) => ({ ...q, auth_sig: md5(`${q.logged_user_id}${q.session_key}wrong`) }), 'bad auth_sig'],
    ['an upper-case sig', (q) => ({ ...q, sig: q.sig!.toUpperCase() }), 'bad sig'],
    ['a truncated sig', (q) => ({ ...q, sig: q.sig!.slice(0, 31) }), 'bad sig'],
    ['an array value', (q) => ({ ...q, refplace: ['catalog', 'banner'] }), 'repeated parameter "refplace"'],
    ['a one-element array', (q) => ({ ...q, refplace: ['catalog'] }), 'repeated parameter "refplace"'],
    ['a nested object (qs)', (q) => ({ ...q, custom_args: { a: '1' } }), 'parameter "custom_args" is not a string'],
    [
      'a repeated key in URLSearchParams',
      (q) => new URLSearchParams([...Object.entries(q), ['refplace', 'banner']]),
      'repeated parameter "refplace"',
    ],
    ['an access_token, which sig would not cover', (q) => ({ ...q, access_token: 'x' }), 'unexpected access_token'],
    ['no sig', (q) => ({ ...q, sig: undefined }), 'missing sig'],
    ['an empty sig', (q) => ({ ...q, sig: '' }), 'missing sig'],
    ['no auth_sig', (q) => ({ ...q, auth_sig: undefined }), 'missing auth_sig'],
    ['no logged_user_id', (q) => ({ ...q, logged_user_id: undefined }), 'missing logged_user_id'],
    ['no session_key', (q) => ({ ...q, session_key: undefined }), 'missing session_key'],
    ['not a query at all', () => null, 'no query parameters'],
  ];
  for (const [what, tamper, problem] of tampered) {
    it(`refuses ${what}: ${problem}`, () => {
      const query = tamper(launchQuery()) as Record<string, string>;
      expect(verifyLaunchParams(query, APP_SECRET_KEY)).toBe(false);
      expect(launchParamsProblem(query, APP_SECRET_KEY)).toBe(problem);
    });
  }

  it('refuses a launch signed with another secret, and reports no secret or signature', () => {
    const query = launchQuery({}, 'another-app-secret');
    expect(verifyLaunchParams(query, APP_SECRET_KEY)).toBe(false);
    expect(launchParamsProblem(query, APP_SECRET_KEY)).toBe('bad auth_sig');
    // With auth_sig right but sig from another secret, sig is what fails.
    const mixed = { ...query, auth_sig: md5(query.logged_user_id! + query.session_key! + APP_SECRET_KEY) };
    expect(launchParamsProblem(mixed, APP_SECRET_KEY)).toBe('bad sig');
    for (const text of [launchParamsProblem(query, APP_SECRET_KEY)!, launchParamsProblem(mixed, APP_SECRET_KEY)!]) {
      for (const value of [APP_SECRET_KEY, query.sig!, query.auth_sig!, referenceSig(query, APP_SECRET_KEY)])
        expect(text).not.toContain(value);
    }
  });

  it('throws OkConfigError without an application secret key: an empty one would let anyone sign', () => {
    const query = launchQuery({}, '');
    for (const secret of ['', undefined, 5]) {
      const err = thrown(() => verifyLaunchParams(query, secret as never));
      expect(err).toBeInstanceOf(OkConfigError);
      expect((err as Error).message).toBe(
        "verifyLaunchParams: appSecretKey is required: the application's secret key, a non-empty string",
      );
    }
  });
});

describe('apiServerFromLaunchParams', () => {
  it('returns an http(s) api_server ending with "/"', () => {
    expect(apiServerFromLaunchParams({ api_server: 'https://api.ok.ru/' })).toBe('https://api.ok.ru/');
    expect(apiServerFromLaunchParams(new URLSearchParams({ api_server: 'https://api.ok.ru' }))).toBe(
      'https://api.ok.ru/',
    );
    expect(apiServerFromLaunchParams({ api_server: 'http://api-test.ok.ru/api' })).toBe('http://api-test.ok.ru/api/');
    expect(apiServerFromLaunchParams({ api_server: 'HTTPS://API.OK.RU' })).toBe('https://api.ok.ru/');
  });

  it('returns undefined for anything else', () => {
    for (const api_server of [
      undefined,
      '',
      'api.ok.ru',
      'javascript:alert(1)',
      'ftp://api.ok.ru/',
      'https://',
      'https://api.ok.ru/?x=1',
      'https://u:p@api.ok.ru/',
      'https://api.ok.ru/#f',
      ['https://api.ok.ru/'],
    ]) {
      expect(apiServerFromLaunchParams({ api_server } as never)).toBeUndefined();
    }
  });
});

describe('WebSession', () => {
  const options = {
    appId: APP_ID,
    appKey: 'CBAPUBLICKEY',
    sessionKey: SESSION_KEY,
    sessionSecretKey: SESSION_SECRET_KEY,
  };

  it('is a user session on the client-server circuit, without the app secret', () => {
    const session = new WebSession(options);
    expect(session).toMatchObject({
      appId: APP_ID,
      appKey: 'CBAPUBLICKEY',
      hasUser: true,
      canCallAsApp: false,
      circuit: 'client',
    });
    expect(session.sessionKey).toBe(SESSION_KEY);
    expect(session.sessionSecretKey).toBe(SESSION_SECRET_KEY);
    expect(session.auth(true)).toEqual({ signed: { session_key: SESSION_KEY }, secret: SESSION_SECRET_KEY });
    expect(session.secrets()).toEqual([SESSION_KEY, SESSION_SECRET_KEY]);
    const err = thrown(() => session.auth(false));
    expect(err).toBeInstanceOf(OkConfigError);
    expect((err as Error).message).toMatch(/^WebSession: calls without a user session need the application secret key/);
  });

  it('sends session_key signed and no access_token, as OK signs WEB calls (events.get)', async () => {
    const { fetch, seen } = recordingFetch(() => json({ events: [] }));
    const ok = new API(new WebSession(options), { fetch });
    await expect(ok.events.get()).resolves.toEqual({ events: [] });
    expect(seen).toHaveLength(1);
    const { method, url, params } = seen[0]!;
    expect(method).toBe('GET');
    expect(url.origin + url.pathname).toBe('https://api.ok.ru/fb.do');
    expect(params).toEqual({
      application_key: 'CBAPUBLICKEY',
      format: 'json',
      method: 'events.get',
      session_key: SESSION_KEY,
      sig: referenceSig(params, SESSION_SECRET_KEY),
    });
    expect(params).not.toHaveProperty('access_token');
    // session_key is part of what is signed: the same call signed without it would differ.
    const { session_key: _, ...withoutKey } = params;
    expect(params.sig).not.toBe(referenceSig(withoutKey, SESSION_SECRET_KEY));
  });

  it('signs method parameters and POST bodies too; uses api_server as the base URL', async () => {
    const { fetch, seen } = recordingFetch(() => json([]));
    const query = launchQuery({ api_server: 'https://api-web.ok.ru' });
    const session = WebSession.fromLaunchParams(query, { appId: APP_ID });
    const ok = new API(session, { fetch, httpMethod: 'POST', baseUrl: apiServerFromLaunchParams(query) });
    await ok.users.getInfo({ uids: ['575662066926'], fields: ['first_name'] });
    const { method, url, params } = seen[0]!;
    expect(method).toBe('POST');
    expect(url.href).toBe('https://api-web.ok.ru/fb.do');
    expect(params).toEqual({
      application_key: 'CBAPUBLICKEY',
      format: 'json',
      method: 'users.getInfo',
      uids: '575662066926',
      fields: 'first_name',
      session_key: SESSION_KEY,
      sig: referenceSig(params, SESSION_SECRET_KEY),
    });
  });

  it('refuses methods that must be called without a user session, before sending', async () => {
    const { fetch, seen } = recordingFetch();
    const ok = new API(new WebSession(options), { fetch });
    // @ts-expect-error a WEB session is a user's session: the types refuse a prohibited method too
    await expect(ok.call('apps.getAppPromoInfo')).rejects.toBeInstanceOf(OkSessionError);
    expect(seen).toHaveLength(0);
  });

  it('fromLaunchParams takes application_key, session_key and session_secret_key', () => {
    const session = WebSession.fromLaunchParams(new URLSearchParams(launchQuery()), { appId: String(APP_ID) });
    expect(session).toBeInstanceOf(WebSession);
    expect(session).toMatchObject({
      appId: String(APP_ID),
      appKey: 'CBAPUBLICKEY',
      sessionKey: SESSION_KEY,
      sessionSecretKey: SESSION_SECRET_KEY,
    });
  });

  it('fromLaunchParams names the launch parameter or option that is wrong', () => {
    const cases: [unknown, unknown, string][] = [
      [
        { ...launchQuery(), session_secret_key: undefined },
        { appId: APP_ID },
        'WebSession.fromLaunchParams: launch parameter "session_secret_key" is missing',
      ],
      [
        { ...launchQuery(), session_key: '' },
        { appId: APP_ID },
        'WebSession.fromLaunchParams: launch parameter "session_key" is missing',
      ],
      [
        { ...launchQuery(), application_key: undefined },
        { appId: APP_ID },
        'WebSession.fromLaunchParams: launch parameter "application_key" is missing',
      ],
      [
        { ...launchQuery(), session_key: [SESSION_KEY, SESSION_KEY] },
        { appId: APP_ID },
        'WebSession.fromLaunchParams: launch parameters unusable: repeated parameter "session_key"',
      ],
      [launchQuery(), {}, 'WebSession: appId is required: the application id, a positive integer'],
      [launchQuery(), undefined, 'WebSession: appId is required: the application id, a positive integer'],
      [
        launchQuery(),
        { appId: SESSION_SECRET_KEY },
        'WebSession: appId is required: the application id, a positive integer',
      ],
    ];
    for (const [query, opts, message] of cases) {
      const err = thrown(() => WebSession.fromLaunchParams(query as never, opts as never));
      expect(err).toBeInstanceOf(OkConfigError);
      expect((err as Error).message).toBe(message);
      expectClean(err);
    }
  });

  it('the constructor names the bad option, never its value', () => {
    const cases: [unknown, string][] = [
      [undefined, 'WebSession: options are required: { appId, appKey, sessionKey, sessionSecretKey }'],
      [{ ...options, appKey: '' }, "WebSession: appKey is required: the application's public key, a non-empty string"],
      [
        { ...options, sessionKey: undefined },
        'WebSession: sessionKey is required: the session key (launch parameter session_key), a non-empty string',
      ],
      [
        { ...options, sessionSecretKey: 42 },
        'WebSession: sessionSecretKey is required: the session secret key (launch parameter session_secret_key), a non-empty string',
      ],
      [{ ...options, appId: SESSION_KEY }, 'WebSession: appId is required: the application id, a positive integer'],
    ];
    for (const [opts, message] of cases) {
      const err = thrown(() => new WebSession(opts as never));
      expect(err).toBeInstanceOf(OkConfigError);
      expect((err as Error).message).toBe(message);
      expectClean(err);
    }
  });

  it('shows no secret in inspect, JSON, String or its own fields, nor in the client', async () => {
    const { fetch } = recordingFetch();
    const session = new WebSession(options);
    const ok = new API(session, { fetch });
    await ok.events.get();
    expectClean(session);
    expectClean(ok);
    expect(inspect(session, { breakLength: Infinity })).toBe(
      "WebSession { appId: 512000123456, appKey: 'CBAPUBLICKEY', hasUser: true, circuit: 'client' }",
    );
  });

  it('keeps secrets out of OkApiError even when OK echoes the request', async () => {
    const { fetch } = recordingFetch((s) =>
      json({
        error_code: 103,
        error_msg: `PARAM_SESSION_KEY : bad ${s.url.href} ${decodeURIComponent(s.url.search)}`,
        error_data: SESSION_KEY,
      }),
    );
    const err = await new API(new WebSession(options), { fetch })
      .call('friends.get', { fid: '1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkApiError);
    expect(err).toMatchObject({ code: 103, params: { fid: '1' } });
    expectClean(err);
  });

  it('the leak checks would catch a leak (sanity)', () => {
    expect(() => expectClean(new OkError(`key ${SESSION_KEY}`))).toThrow();
    expect(() => expectClean({ nested: [encodeURIComponent(SESSION_KEY)] })).toThrow();
  });
});
