// Every circuit's request as it goes over the wire, intercepted with nock: the exact query or form body and `sig`.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API, ClientSession, ServerSession, TokenSession, MAX_GET_URL_LENGTH } from '../src/index.js';
import { CLIENT_VECTOR, SERVER_VECTOR } from './helpers/credentials.js';
import { parseForm } from './helpers/wire.js';
import { referenceServerSecret, referenceSig } from './reference/sign.js';

interface Captured {
  method: string;
  path: string;
  query: string;
  body: string;
  headers: Record<string, string | string[]>;
}

/** Intercepts one call to https://api.ok.ru/fb.do and answers `reply`. */
function intercept(reply: unknown = { ok: true }, host = 'https://api.ok.ru') {
  const captured: Captured[] = [];
  const record = function (this: { req: { headers: Record<string, string | string[]> } }, uri: string, body: unknown) {
    const [path, query = ''] = uri.split('?');
    captured.push({
      method: '',
      path: path!,
      query,
      body: typeof body === 'string' ? body : '',
      headers: this.req.headers,
    });
    return reply;
  };
  const scope = nock(host)
    .get(/fb\.do/)
    .reply(200, function (uri, body) {
      record.call(this, uri, body);
      captured.at(-1)!.method = 'GET';
      return reply as nock.Body;
    })
    .post(/fb\.do/)
    .reply(200, function (uri, body) {
      record.call(this, uri, body);
      captured.at(-1)!.method = 'POST';
      return reply as nock.Body;
    });
  return { scope, captured };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('client-server circuit', () => {
  it('sends exactly the documented GET request for events.get', async () => {
    const { captured } = intercept({ events: [] });
    const ok = new API(new ClientSession(CLIENT_VECTOR));
    await expect(ok.events.get()).resolves.toEqual({ events: [] });
    expect(captured).toHaveLength(1);
    expect(captured[0]!.method).toBe('GET');
    expect(captured[0]!.path).toBe('/fb.do');
    expect(captured[0]!.query).toBe(
      `application_key=ABCDEFGHIGKLMNOPK&format=json&method=events.get&sig=${CLIENT_VECTOR.sig}&access_token=${CLIENT_VECTOR.accessToken}`,
    );
  });

  it('TokenSession infers client-server from a session secret without an app secret (aiookru passes "")', async () => {
    const { captured } = intercept();
    const session = new TokenSession({ ...CLIENT_VECTOR, appSecretKey: '' });
    expect(session.circuit).toBe('client');
    await new API(session).events.get();
    expect(parseForm(captured[0]!.query).sig).toBe(CLIENT_VECTOR.sig);
  });
});

describe('server-server circuit', () => {
  it('sends exactly the documented GET request for events.get', async () => {
    const { captured } = intercept();
    const ok = new API(new ServerSession(SERVER_VECTOR));
    await ok.events.get();
    expect(captured[0]!.query).toBe(
      `application_key=ABCDEFGHIGKLMNOPK&format=json&method=events.get&sig=${SERVER_VECTOR.sig}&access_token=${SERVER_VECTOR.accessToken}`,
    );
  });

  it('TokenSession prefers server-server when both secrets are given, as aiookru does', async () => {
    const { captured } = intercept();
    const session = new TokenSession({ ...SERVER_VECTOR, sessionSecretKey: CLIENT_VECTOR.sessionSecretKey });
    expect(session.circuit).toBe('server');
    await new API(session).events.get();
    expect(parseForm(captured[0]!.query).sig).toBe(SERVER_VECTOR.sig);
  });

  it('signs method parameters too, as serialized, and matches the reference signer', async () => {
    const { captured } = intercept([{ uid: '575662066926', first_name: 'Ян' }]);
    const ok = new API(new ServerSession(SERVER_VECTOR));
    const users = await ok.users.getInfo({
      uids: ['575662066926', 1n],
      fields: ['first_name', 'PIC_1'],
      emptyPictures: false,
    });
    expect(users).toEqual([{ uid: '575662066926', first_name: 'Ян' }]);
    const q = parseForm(captured[0]!.query);
    expect(q).toEqual({
      application_key: 'ABCDEFGHIGKLMNOPK',
      format: 'json',
      method: 'users.getInfo',
      uids: '575662066926,1',
      fields: 'first_name,PIC_1',
      emptyPictures: 'false',
      sig: referenceSig(q, referenceServerSecret(SERVER_VECTOR.accessToken, SERVER_VECTOR.appSecretKey)),
      access_token: SERVER_VECTOR.accessToken,
    });
    expect(captured[0]!.query).toContain('uids=575662066926%2C1&fields=first_name%2CPIC_1');
  });
});

describe('calls without a user session (app-only circuit)', () => {
  it('signs with the application secret key and sends no token', async () => {
    const { captured } = intercept(true);
    const ok = new API(new ServerSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET' }));
    await expect(ok.notifications.sendSimple({ uid: '575662066926', text: 'Привет' })).resolves.toBe(true);
    const q = parseForm(captured[0]!.query);
    expect(q).toEqual({
      application_key: 'PUB',
      format: 'json',
      method: 'notifications.sendSimple',
      uid: '575662066926',
      text: 'Привет',
      sig: referenceSig(q, 'APPSECRET'),
    });
    expect(captured[0]!.query).not.toContain('access_token');
  });

  it('calls optional methods as the application, passing uid', async () => {
    const { captured } = intercept(['1']);
    const ok = new API(new TokenSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET' }));
    await ok.friends.get({ uid: 575662066926 });
    const q = parseForm(captured[0]!.query);
    expect(q.uid).toBe('575662066926');
    expect(q.sig).toBe(referenceSig(q, 'APPSECRET'));
    expect('access_token' in q).toBe(false);
  });
});

describe('HTTP method', () => {
  it('POST sends a form body and keeps the token out of the URL', async () => {
    const { captured } = intercept();
    const ok = new API(new ServerSession(SERVER_VECTOR), { httpMethod: 'POST' });
    await ok.events.get();
    expect(captured[0]!.method).toBe('POST');
    expect(captured[0]!.query).toBe('');
    expect(captured[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(captured[0]!.body).toBe(
      `application_key=ABCDEFGHIGKLMNOPK&format=json&method=events.get&sig=${SERVER_VECTOR.sig}&access_token=${SERVER_VECTOR.accessToken}`,
    );
  });

  it('GET switches to POST when the URL would be too long', async () => {
    const { captured } = intercept('123');
    const ok = new API(new ServerSession(SERVER_VECTOR));
    const text = 'ы'.repeat(MAX_GET_URL_LENGTH);
    await ok.mediatopic.post({ attachment: { media: [{ type: 'text', text }] } });
    expect(captured[0]!.method).toBe('POST');
    const form = parseForm(captured[0]!.body);
    expect(JSON.parse(form.attachment!)).toEqual({ media: [{ type: 'text', text }] });
    expect(form.sig).toBe(
      referenceSig(form, referenceServerSecret(SERVER_VECTOR.accessToken, SERVER_VECTOR.appSecretKey)),
    );
  });

  it('GET stays GET up to the limit', async () => {
    const { captured } = intercept();
    const ok = new API(new ServerSession(SERVER_VECTOR));
    await ok.users.setStatus({ status: 'x'.repeat(1500) });
    expect(captured[0]!.method).toBe('GET');
  });
});

describe('endpoint', () => {
  it('calls <baseUrl>fb.do, with or without the trailing slash', async () => {
    for (const baseUrl of ['https://api-alt.ok.ru/', 'https://api-alt.ok.ru']) {
      const { captured } = intercept({}, 'https://api-alt.ok.ru');
      await new API(new ServerSession(SERVER_VECTOR), { baseUrl }).events.get();
      expect(captured[0]!.path).toBe('/fb.do');
      nock.cleanAll();
    }
  });
});
