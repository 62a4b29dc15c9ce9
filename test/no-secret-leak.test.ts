// No secret (application secret key, session secret key, access token, the server-server secret) appears in any
// error okru throws: not in the message, the stack, any field (enumerable or not), toJSON or util.inspect; nor in
// what sessions and clients show of themselves.
import { inspect } from 'node:util';
import { expectNoSecrets } from './helpers/leaks.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  ClientSession,
  CodeSession,
  OkError,
  PasswordSession,
  MemoryStore,
  RefreshSession,
  ServerSession,
  StoreError,
  TokenSession,
  TokenStorageError,
  WebSession,
  rateLimit,
  uploadVideo,
  type SharedStore,
} from '../src/index.js';
import { ImplicitSession } from '../src/login.js';
import { redactText } from '../src/redact.js';
import { excerpt } from '../src/transport/api-answer.js';
import { LEAKY } from './helpers/credentials.js';
import { md5 } from './reference/sign.js';

const SECRETS = [
  LEAKY.appSecretKey,
  LEAKY.accessToken,
  LEAKY.sessionSecretKey,
  md5(LEAKY.accessToken + LEAKY.appSecretKey),
  LEAKY.password,
];

/**
 * The forms a server may echo a secret in: as it is, URL-encoded (`%20`) and form-encoded (`+`) in upper- and
 * lowercase hex, JSON-escaped (also with `\/`, as PHP writes it, and every character as `\u00XX`).
 */
function formsOf(secret: string): string[] {
  const url = [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const json = JSON.stringify(secret).slice(1, -1);
  const unicode = Array.from(
    { length: secret.length },
    (_, i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`,
  ).join('');
  return [
    ...new Set([
      secret,
      ...url,
      ...url.map((f) => f.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())),
      json,
      json.replaceAll('/', '\\/'),
      unicode,
    ]),
  ];
}
const FORMS = SECRETS.flatMap(formsOf);

function expectClean(thing: unknown) {
  expectNoSecrets(thing, FORMS);
}

const sessions = {
  server: () => new ServerSession(LEAKY),
  client: () => new ClientSession(LEAKY),
  token: () => new TokenSession(LEAKY),
};

async function failure(
  run: (ok: API) => Promise<unknown>,
  session = sessions.server(),
  options = {},
): Promise<OkError> {
  const err = await run(new API(session, options)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OkError);
  return err as OkError;
}

/** A body that echoes the request URL back, as a misbehaving proxy might. */
const echo = (uri: string) => `echo https://api.ok.ru${uri} ${decodeURIComponent(uri)}`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('no secret leaks', () => {
  for (const [name, make] of Object.entries(sessions)) {
    it(`${name} session: OkApiError, even when OK echoes the token in its message and data`, async () => {
      nock('https://api.ok.ru')
        .get(/fb\.do/)
        .reply(200, (uri) => ({
          error_code: 103,
          error_msg: `PARAM_SESSION_KEY : bad ${decodeURIComponent(uri)}`,
          error_data: LEAKY.accessToken,
        }));
      const err = await failure((ok) => ok.friends.get({ fid: '1' }), make());
      expect(err).toMatchObject({ code: 103, params: { fid: '1' } });
      expectClean(err);
    });
  }

  it('OkHttpError whose body echoes the URL', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .reply(500, echo);
    expectClean(await failure((ok) => ok.call('events.get')));
  });

  it('OkResponseError whose body echoes the URL', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .reply(200, echo);
    expectClean(await failure((ok) => ok.call('events.get')));
  });

  it('OkNetworkError whose cause names the URL', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .replyWithError({
        code: 'ECONNRESET',
        message: `reset while fetching https://api.ok.ru/fb.do?access_token=${LEAKY.accessToken}`,
      });
    expectClean(await failure((ok) => ok.call('events.get')));
  });

  it('OkTimeoutError', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .delay(300)
      .reply(200, 'true');
    expectClean(await failure((ok) => ok.call('events.get'), sessions.server(), { timeout: 20 }));
  });

  it('OkParamError never quotes the value', async () => {
    const err = await failure((ok) =>
      ok.call('users.getInfo', { uids: ['1'], fields: ['name'], emptyPictures: LEAKY.accessToken as never }),
    );
    expect(err.message).toContain("'emptyPictures' must be a boolean");
    expectClean(err);
  });

  it('OkSessionError', async () => {
    expectClean(await failure((ok) => ok.notifications.sendSimple({ uid: '1', text: 'x' })));
  });

  it('video uploads: errors from the upload URL (HTTP, status, OK error, network) and bad options', async () => {
    // The session's own secrets: the token, the app secret key and the server-server secret.
    const secretEcho = `${LEAKY.accessToken} ${LEAKY.appSecretKey} ${md5(LEAKY.accessToken + LEAKY.appSecretKey)}`;
    const cases: ((scope: nock.Scope) => void)[] = [
      (up) => void up.get('/up').reply(200, '0').post('/up').reply(500, `echo ${secretEcho}`),
      (up) => void up.get('/up').reply(200, `status ${secretEcho}`),
      (up) =>
        void up
          .get('/up')
          .reply(200, '0')
          .post('/up')
          .reply(200, { error_code: 100, error_msg: `PARAM : ${secretEcho}`, error_data: LEAKY.accessToken }),
      (up) =>
        void up
          .get('/up')
          .reply(200, '0')
          .post('/up')
          .replyWithError({ code: 'ECONNRESET', message: `reset; token ${LEAKY.accessToken}` }),
    ];
    for (const script of cases) {
      nock('https://api.ok.ru')
        .get(/fb\.do/)
        .reply(200, { upload_url: 'https://vu.example/up', video_id: 1 });
      script(nock('https://vu.example'));
      expectClean(await failure((ok) => uploadVideo(ok, new Uint8Array(10), { retries: 0 })));
      nock.cleanAll();
    }
    for (const options of [{ chunkSize: LEAKY.accessToken }, { resume: { uploadUrl: LEAKY.appSecretKey, videoId: 1 } }])
      expectClean(await failure((ok) => uploadVideo(ok, new Uint8Array(10), options as never)));
  });

  it('an excerpt of a body is redacted, then cut: of a secret across its end, nothing shows', async () => {
    const body = `${'x'.repeat(290)} ${LEAKY.accessToken} after`;
    const cut = `${'x'.repeat(290)} [redacted`;
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .reply(502, body)
      .get(/fb\.do/)
      .reply(200, body);
    expect(await failure((ok) => ok.call('events.get'))).toMatchObject({ name: 'OkHttpError', body: cut });
    expect(await failure((ok) => ok.call('events.get'))).toMatchObject({ name: 'OkResponseError', body: cut });
    // A video upload's status (a byte count: anything else is shown) and a chunk's answer.
    for (const script of [
      (up: nock.Scope) => void up.get('/up').reply(200, body),
      (up: nock.Scope) => void up.get('/up').reply(200, '0').post('/up').reply(500, body),
    ]) {
      nock('https://api.ok.ru')
        .get(/fb\.do/)
        .reply(200, { upload_url: 'https://vu.example/up', video_id: 1 });
      script(nock('https://vu.example'));
      expect(await failure((ok) => uploadVideo(ok, new Uint8Array(10), { retries: 0 }))).toMatchObject({ body: cut });
      nock.cleanAll();
    }
  });

  it('an excerpt is the whole body redacted, then cut, however many secrets come before a secret its window cuts', () => {
    // The password all \\u-escaped: its longest form, 6 characters for each of its own.
    const escaped = formsOf(LEAKY.password).at(-1)!;
    for (let shift = 0; shift < 12; shift++) {
      for (let n = 0; n <= 40; n++) {
        const body = `${'y'.repeat(shift)}${`${escaped} `.repeat(n)}${LEAKY.accessToken} ${'z'.repeat(400)}`;
        expect(excerpt(body, SECRETS)).toBe(redactText(body, SECRETS).slice(0, 300));
      }
    }
  });

  it('OkConfigError never quotes the options', () => {
    for (const make of [
      () => new TokenSession({ ...LEAKY, appId: LEAKY.appSecretKey as never }),
      () => new ClientSession({ ...LEAKY, sessionSecretKey: 5 as never }),
      () => new TokenSession({ appId: 1, appKey: LEAKY.accessToken, accessToken: LEAKY.accessToken }),
    ]) {
      let err: unknown;
      try {
        make();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OkError);
      expectClean(err);
    }
  });

  it('sessions and clients show no secret in inspect, JSON or String', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .reply(200, 'true');
    for (const make of Object.values(sessions)) {
      const session = make();
      const ok = new API(session);
      if (session.hasUser) await ok.call('events.get'); // after a call, the server secret is cached too
      expectClean(session);
      expectClean(ok);
      nock('https://api.ok.ru')
        .get(/fb\.do/)
        .reply(200, 'true');
    }
  });

  it('OAuth and WEB sessions show no password, code, refresh token or key', () => {
    const extra = ['PASSWORD-hh5', 'CODE-jj6', 'REFRESH-ll7', 'SESSIONKEY-mm8'];
    const sessions = [
      new ImplicitSession({ ...LEAKY, login: 'me@example.com', password: extra[0]! }),
      new PasswordSession({ ...LEAKY, login: 'me@example.com', password: extra[0]! }),
      new CodeSession({ ...LEAKY, code: extra[1]!, redirectUri: 'https://app.example/cb' }),
      new RefreshSession({ ...LEAKY, refreshToken: extra[2]! }),
      new WebSession({ appId: 1, appKey: 'k', sessionKey: extra[3]!, sessionSecretKey: LEAKY.sessionSecretKey }),
    ];
    for (const session of sessions) {
      expectClean(session);
      const shown = inspect(session, { showHidden: true, getters: true }) + JSON.stringify(session);
      for (const secret of extra) expect(shown).not.toContain(secret);
    }
  });

  it('redactText finds each secret in every form a server may echo it in, and only the secret', () => {
    const others = ['пароль €😀 "x"', '50%\\off%41'];
    for (const secret of [...SECRETS, ...others]) {
      for (const form of formsOf(secret)) {
        expect(redactText(`a=${form}&b`, [...SECRETS, ...others])).toBe('a=[redacted]&b');
        expect(redactText(`{"echo":"${form}"}`, [secret])).toBe('{"echo":"[redacted]"}');
      }
    }
    // Each character is read one way only: a secret of many backslashes in a text of more costs no backtracking.
    expect(redactText('\\'.repeat(5000), [`${'\\'.repeat(40)}Z`])).toBe('\\'.repeat(5000));
    expect(redactText('a +b %2 \\u00 TOKEN-qq7', SECRETS)).toBe('a +b %2 \\u00 TOKEN-qq7');
  });

  it('auth.login: the password, echoed URL-encoded, form-encoded or JSON-escaped, in OkHttpError and OkApiError', async () => {
    const session = () => new PasswordSession({ ...LEAKY, login: 'me@example.com' });
    // Every form but the password as it is and all \\u-escaped, so that the body fits in the excerpt's 300 characters.
    const echoed = formsOf(LEAKY.password).slice(1, -1);
    nock('https://api.ok.ru')
      .post('/fb.do')
      .reply(500, `echo ${echoed.join(' ')}`);
    const http = await session()
      .authorize()
      .catch((e: unknown) => e);
    expect(http).toMatchObject({ name: 'OkHttpError', body: `echo ${echoed.map(() => '[redacted]').join(' ')}` });
    expectClean(http);
    nock('https://api.ok.ru')
      .post('/fb.do')
      .reply(200, { error_code: 100, error_msg: `PARAM : ${JSON.stringify({ password: LEAKY.password })}` });
    const api = await session()
      .authorize()
      .catch((e: unknown) => e);
    expect(api).toMatchObject({ name: 'OkApiError', msg: 'PARAM : {"password":"[redacted]"}' });
    expectClean(api);
  });

  it('the checks would catch a leak (sanity)', () => {
    expect(() => expectClean(new Error(`token ${LEAKY.accessToken}`))).toThrow();
    expect(() => expectClean({ nested: { deeper: [encodeURIComponent(LEAKY.accessToken)] } })).toThrow();
    expect(() => expectClean(new Error(`{"password":${JSON.stringify(LEAKY.password)}}`))).toThrow();
  });
});

// A custom store's method may be a plain one that throws at once instead of rejecting: the same StoreError either way.
describe.each(['rejects', 'throws at once'] as const)('no secret leaks from a shared store whose method %s', (how) => {
  const REFRESH = 'REFRESH-pp4-shared';
  const NEW_TOKEN = 'NEWTOKEN-rr5-shared';
  const NEW_REFRESH = 'NEWREFRESH-ss6-shared';
  const ALL = [...FORMS, REFRESH, NEW_TOKEN, NEW_REFRESH];

  /** A store that fails as ioredis does: the message and a `command.args` field carry what it was given. */
  function failingStore(failing: 'get' | 'compareAndSet' | 'lock') {
    const store = new MemoryStore();
    const fail = (...args: unknown[]): Promise<never> => {
      const error = new Error(`ERR failed on ${args.join(' ')} (${REFRESH} ${LEAKY.appSecretKey})`);
      Object.assign(error, { command: { name: 'evalsha', args } });
      if (how === 'throws at once') throw error;
      return Promise.reject(error);
    };
    if (failing === 'get') store.get = (...args) => fail(...args);
    else if (failing === 'lock') store.lock = (...args) => fail(...args);
    else store.compareAndSet = (...args) => fail(...args);
    return store;
  }

  const { appId, appKey, appSecretKey } = LEAKY;
  const session = (store: SharedStore, extra = {}) =>
    new RefreshSession({ appId, appKey, appSecretKey, refreshToken: REFRESH, store, storeKey: 'user:1', ...extra });

  it('StoreError: the store failed to read the tokens', async () => {
    const err = await session(failingStore('get'))
      .authorize()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expectNoSecrets(err, ALL);
  });

  it('StoreError: the store failed to take the refresh lock', async () => {
    const err = await session(failingStore('lock'))
      .authorize()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).operation).toBe('take the refresh lock');
    expectNoSecrets(err, ALL);
  });

  it('StoreError: the store failed to take the stored access token the app gave', async () => {
    const err = await session(failingStore('compareAndSet'), { accessToken: LEAKY.accessToken })
      .authorize()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).operation).toBe('write the tokens');
    expectNoSecrets(err, ALL);
  });

  it('TokenStorageError: new tokens obtained, and the store failed to keep them', async () => {
    nock('https://api.ok.ru')
      .post('/oauth/token.do')
      .reply(200, { access_token: NEW_TOKEN, refresh_token: NEW_REFRESH, expires_in: 1800 });
    const s = session(failingStore('compareAndSet'));
    const err = await s.authorize().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenStorageError);
    expect((err as Error).cause).toBeInstanceOf(StoreError);
    expect(s.accessToken).toBe(NEW_TOKEN);
    expectNoSecrets(err, ALL);
  });

  it("StoreError of rateLimit keeps no field of the store's error (ioredis puts the command's arguments there)", async () => {
    const store = new MemoryStore();
    store.takeTurn = (...args) => {
      const error = Object.assign(new Error('ERR no room'), { command: { args: [...args, 'ARGUMENT-tt7'] } });
      if (how === 'throws at once') throw error;
      return Promise.reject(error);
    };
    const err = await failure((ok) => ok.friends.get(), sessions.server(), {
      middleware: [rateLimit({ store, appId: LEAKY.appId, limit: 1, interval: 1000 })],
    });
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toBe('the shared store failed to take a turn: ERR no room');
    expectNoSecrets(err, [...FORMS, 'ARGUMENT-tt7']);
  });
});
