// The mock's API endpoints as an outside client meets them: plain fetch, OK's signature computed here with
// node:crypto, and no okru code but the function that starts the mock. Each of OK's checks answers with its code and
// OK's body shape (HTTP 200); every configured token works with every configured app; application_key is the public
// key only; the parameter cap answers 100 before parsing; auth.login names the mock as api_server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { form, getJson, md5, sig, signed, signedAsClient } from './http-client.js';
import { DEMO_APP, EXPIRED, IVAN, MARIA, WEB_APP, WORLD } from './world.js';

type Config = NonNullable<Parameters<typeof createMockServer>[0]>['config'];

let mock: MockServer;
beforeAll(async () => {
  mock = await createMockServer({ config: WORLD as Config, limits: { maxParams: 50 } });
});
afterAll(() => mock.close());

const get = (params: Record<string, string>) => getJson(`${mock.url}fb.do?${new URLSearchParams(params)}`);
const post = (params: Record<string, string>) => getJson(`${mock.url}fb.do`, form(params));

/** OK's error body, exactly: code, "NAME : text", and error_data when OK names what is wrong. */
const okError = (code: number, name: string, data?: string) => ({
  error_code: code,
  error_msg: expect.stringMatching(new RegExp(`^${name} : .+`)),
  ...(data !== undefined ? { error_data: data } : {}),
});

describe("OK's checks, in OK's order and shape", () => {
  const asIvan = (params: Record<string, string>) => signed(WEB_APP, params, IVAN.accessToken);
  const cases: [string, () => Record<string, string>, number, string, string?][] = [
    ['an unknown method', () => asIvan({ method: 'users.noSuchMethod' }), 3, 'METHOD'],
    ['no application_key', () => ({ method: 'friends.get', format: 'json', sig: 'x' }), 101, 'PARAM_API_KEY'],
    [
      'an unknown application_key',
      () => ({ ...asIvan({ method: 'friends.get' }), application_key: 'NOPE' }),
      101,
      'PARAM_API_KEY',
    ],
    [
      'a missing signature',
      () => ({ application_key: WEB_APP.appKey, method: 'friends.get', access_token: IVAN.accessToken }),
      104,
      'PARAM_SIGNATURE',
    ],
    [
      'a wrong signature',
      () => ({ ...asIvan({ method: 'friends.get' }), sig: md5('something else') }),
      104,
      'PARAM_SIGNATURE',
    ],
    [
      'a signature over a parameter changed afterwards',
      () => ({ ...asIvan({ method: 'users.getInfo', uids: IVAN.uid, fields: 'name' }), uids: MARIA.uid }),
      104,
      'PARAM_SIGNATURE',
    ],
    ['an unknown token', () => signed(WEB_APP, { method: 'friends.get' }, 'no-such-token'), 103, 'PARAM_SESSION_KEY'],
    [
      'an expired token',
      () => signedAsClient(WEB_APP, { method: 'friends.get' }, EXPIRED.accessToken, EXPIRED.sessionSecretKey),
      102,
      'PARAM_SESSION_EXPIRED',
    ],
    [
      'a session on a method that prohibits one',
      () => asIvan({ method: 'notifications.sendSimple', uid: MARIA.uid, text: 'hi' }),
      451,
      'NOT_SESSION_METHOD',
    ],
    [
      'no session on a method that requires one',
      () => signed(WEB_APP, { method: 'events.get' }),
      453,
      'SESSION_REQUIRED',
    ],
    [
      'a permission the user did not grant',
      () => asIvan({ method: 'group.getMembers', uid: '1' }),
      10,
      'PERMISSION_DENIED',
      'GROUP_CONTENT',
    ],
    ['a missing required parameter', () => asIvan({ method: 'users.getInfo', fields: 'name' }), 100, 'PARAM', 'uids'],
    [
      'an id that is not a number',
      () => asIvan({ method: 'users.getInfo', uids: 'abc', fields: 'name' }),
      100,
      'PARAM',
      'uids',
    ],
    [
      'more ids than allowed',
      () =>
        asIvan({
          method: 'users.getInfo',
          uids: Array.from({ length: 101 }, (_, i) => String(i + 1)).join(','),
          fields: 'name',
        }),
      100,
      'PARAM',
      'uids',
    ],
    [
      'a JSON parameter that is not JSON',
      () => asIvan({ method: 'mediatopic.post', attachment: '{"media":' }),
      100,
      'PARAM',
      'attachment',
    ],
  ];
  for (const [what, params, code, name, data] of cases) {
    it(`${what}: ${code} ${name}, by GET and by POST`, async () => {
      for (const send of [get, post]) {
        const { status, headers, body } = await send(params());
        expect(status).toBe(200);
        expect(headers.get('content-type')).toBe('application/json;charset=utf-8');
        expect(body).toEqual(okError(code, name, data));
      }
    });
  }

  it('the numeric app id is not an application_key: 101, as OK answers', async () => {
    const params = { application_key: String(WEB_APP.appId), format: 'json', method: 'friends.get', uid: IVAN.uid };
    const { body } = await get({ ...params, sig: sig(params, WEB_APP.appSecretKey) });
    expect(body).toEqual(okError(101, 'PARAM_API_KEY'));
  });

  it('accepts what is right, on every circuit', async () => {
    const serverServer = signed(WEB_APP, { method: 'friends.get' }, IVAN.accessToken);
    const clientServer = signedAsClient(WEB_APP, { method: 'friends.get' }, IVAN.accessToken, IVAN.sessionSecretKey);
    const appOnly = signed(WEB_APP, { method: 'friends.get', uid: IVAN.uid });
    for (const params of [serverServer, clientServer, appOnly])
      await expect(get(params)).resolves.toMatchObject({ status: 200, body: IVAN.friends });
  });
});

describe('configured tokens and apps', () => {
  it('every configured token works with every configured app, signed with that app’s secret', async () => {
    for (const app of [WEB_APP, DEMO_APP]) {
      for (const user of [IVAN, MARIA]) {
        const { body } = await get(signed(app, { method: 'users.getLoggedInUser' }, user.accessToken));
        expect(body).toBe(user.uid);
      }
    }
  });

  it("a call signed with another app's secret is 104, not accepted", async () => {
    const params = { application_key: DEMO_APP.appKey, format: 'json', method: 'friends.get' };
    const { body } = await get({
      ...params,
      sig: sig(params, md5(IVAN.accessToken + WEB_APP.appSecretKey)),
      access_token: IVAN.accessToken,
    });
    expect(body).toEqual(okError(104, 'PARAM_SIGNATURE'));
  });
});

describe('the parameter cap (50 here)', () => {
  /** A signed app-only friends.get of exactly `count` parameters (sig included). */
  const padded = (count: number) => {
    const params: Record<string, string> = { method: 'friends.get', uid: IVAN.uid };
    // application_key, format and sig make three more.
    for (let i = 0; i < count - 5; i++) params[`pad${i}`] = '1';
    const call = signed(WEB_APP, params);
    expect(Object.keys(call)).toHaveLength(count);
    return call;
  };

  it('50 parameters are a call like any other', async () => {
    await expect(post(padded(50))).resolves.toEqual({ status: 200, headers: expect.anything(), body: IVAN.friends });
  });

  it('51 are error 100, by GET and by POST, and so are half a million in one body', async () => {
    const tooMany = okError(100, 'PARAM');
    await expect(get(padded(51))).resolves.toMatchObject({ status: 200, body: tooMany });
    await expect(post(padded(51))).resolves.toMatchObject({ status: 200, body: tooMany });
    // Half a million parameters within the body limit (1 MiB by default): refused as soon as the count passes 50.
    const halfMillion = await getJson(`${mock.url}fb.do`, {
      method: 'POST',
      body: 'a&'.repeat(500_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(halfMillion).toMatchObject({ status: 200, body: tooMany });
  });

  it('query and body count together', async () => {
    const params = padded(30);
    const more = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra${i}`, '1']));
    const { body } = await getJson(`${mock.url}fb.do?${new URLSearchParams(more)}`, form(params));
    expect(body).toEqual(okError(100, 'PARAM'));
    expect((body as { error_msg: string }).error_msg).toBe('PARAM : Too many parameters: at most 50 per request');
  });
});

describe('auth.login', () => {
  it('answers a session for the right login and password, with the mock itself as api_server', async () => {
    const { status, body } = await post({
      application_key: WEB_APP.appKey,
      method: 'auth.login',
      user_name: IVAN.login,
      password: IVAN.password,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      uid: IVAN.uid,
      session_key: expect.stringMatching(/^mock-/),
      session_secret_key: expect.stringMatching(/^[0-9a-f]{32}$/),
      api_server: mock.url,
    });
    const session = body as { session_key: string; session_secret_key: string };
    const call = signedAsClient(
      WEB_APP,
      { method: 'users.getLoggedInUser' },
      session.session_key,
      session.session_secret_key,
    );
    await expect(
      getJson(`${(body as { api_server: string }).api_server}fb.do?${new URLSearchParams(call)}`),
    ).resolves.toMatchObject({ body: IVAN.uid });
  });

  it('a session from auth.login is for its app only: 103 with another', async () => {
    const { body } = await post({
      application_key: WEB_APP.appKey,
      method: 'auth.login',
      user_name: IVAN.login,
      password: IVAN.password,
    });
    const session = body as { session_key: string; session_secret_key: string };
    const call = signedAsClient(
      DEMO_APP,
      { method: 'users.getLoggedInUser' },
      session.session_key,
      session.session_secret_key,
    );
    await expect(get(call)).resolves.toMatchObject({ body: okError(103, 'PARAM_SESSION_KEY') });
  });

  it('a wrong password is 401; the numeric app id is 101', async () => {
    await expect(
      post({ application_key: WEB_APP.appKey, method: 'auth.login', user_name: IVAN.login, password: 'wrong' }),
    ).resolves.toMatchObject({ body: okError(401, 'AUTH_LOGIN') });
    await expect(
      post({
        application_key: String(WEB_APP.appId),
        method: 'auth.login',
        user_name: IVAN.login,
        password: IVAN.password,
      }),
    ).resolves.toMatchObject({
      body: okError(101, 'PARAM_API_KEY'),
    });
  });
});

describe('odd parameter names', () => {
  it('__proto__ and constructor are parameters like any other: signed, checked, harmless', async () => {
    // fromEntries: in an object literal, `__proto__` would set the prototype instead of a property.
    const params = signed(
      WEB_APP,
      Object.fromEntries([
        ['method', 'friends.get'],
        ['uid', IVAN.uid],
        ['__proto__', 'x'],
        ['constructor', 'y'],
      ]) as Record<string, string>,
    );
    expect(Object.keys(params)).toContain('__proto__');
    await expect(post(params)).resolves.toMatchObject({ status: 200, body: IVAN.friends });
    const changed = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k === '__proto__' ? 'changed' : v]));
    await expect(post(changed)).resolves.toMatchObject({ body: okError(104, 'PARAM_SIGNATURE') });
  });
});

describe('upload URLs expire', () => {
  it('past its lifetime (0 here; 1 hour by default) an upload URL is OK error 100', async () => {
    const shortLived = await createMockServer({ config: WORLD as Config, lifetimes: { uploadS: 0 } });
    try {
      const { body } = await getJson(
        `${shortLived.url}fb.do?${new URLSearchParams(signed(WEB_APP, { method: 'photosV2.getUploadUrl' }, IVAN.accessToken))}`,
      );
      const files = new FormData();
      files.append('pic1', new Blob([new Uint8Array([1, 2, 3])]), 'a.jpg');
      await expect(
        getJson((body as { upload_url: string }).upload_url, { method: 'POST', body: files }),
      ).resolves.toMatchObject({
        status: 200,
        body: { error_code: 100, error_msg: 'PARAM : Unknown or expired upload URL' },
      });
    } finally {
      await shortLived.close();
    }
  });
});

describe('/api/<group>/<method>', () => {
  it('is the same call as fb.do', async () => {
    const params = signed(WEB_APP, { uid: IVAN.uid });
    const res = await fetch(`${mock.url}api/friends/get?${new URLSearchParams(params)}`);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual(IVAN.friends);
  });
});

describe('rules from the spec, as in effect (apiok.ru over the seed table)', () => {
  it('sdk.init is sent unsigned and without a session, and answered', async () => {
    const sessionData = JSON.stringify({
      device_id: 'dev1',
      client_type: 'SDK_ANDROID',
      client_version: '1.0',
      version: 2,
    });
    const res = await get({
      application_key: WEB_APP.appKey,
      format: 'json',
      method: 'sdk.init',
      session_data: sessionData,
    });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('error_code');
    expect(res.body).toEqual(expect.any(Object));
  });

  it('users.getCurrentUser needs VALUABLE_ACCESS only; the email field comes only to a user who granted GET_EMAIL', async () => {
    // Maria granted VALUABLE_ACCESS alone; Ivan granted GET_EMAIL too.
    const maria = await get(
      signed(WEB_APP, { method: 'users.getCurrentUser', fields: 'first_name,email' }, MARIA.accessToken),
    );
    expect(maria.body).toEqual({ uid: MARIA.uid, first_name: 'Maria' });
    const ivan = await get(
      signed(WEB_APP, { method: 'users.getCurrentUser', fields: 'first_name,email' }, IVAN.accessToken),
    );
    expect(ivan.body).toEqual({ uid: IVAN.uid, first_name: 'Ivan', email: expect.stringContaining('@') });
    // Without a session, nobody granted anything: no email.
    const appOnly = await get(signed(WEB_APP, { method: 'users.getInfo', uids: IVAN.uid, fields: 'first_name,EMAIL' }));
    expect(appOnly.body).toEqual([{ uid: IVAN.uid, first_name: 'Ivan' }]);
  });

  it('mediatopic.post with gid needs GROUP_CONTENT: 10 naming it', async () => {
    const attachment = JSON.stringify({ media: [{ type: 'text', text: 'hi' }] });
    const res = await get(
      signed(WEB_APP, { method: 'mediatopic.post', gid: '1', type: 'GROUP_THEME', attachment }, IVAN.accessToken),
    );
    expect(res.body).toEqual(okError(10, 'PERMISSION_DENIED', 'GROUP_CONTENT'));
  });
});
