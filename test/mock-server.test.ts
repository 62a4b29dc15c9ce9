// The mock OK server over real HTTP: it accepts exactly the requests OK would (signatures checked against an
// independent reference signer and the doc vectors, not okru's own signer), rejects the rest with OK's codes and body
// shape, keeps the state real flows need, injects reproducible faults, and answers every authorization flow.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  ClientSession,
  CodeSession,
  PasswordClientSession,
  RefreshSession,
  ServerSession,
  WebSession,
  retry,
  uploadPhotos,
} from '../src/index.js';
import { ImplicitClientSession, authorizeWithPassword } from '../src/login.js';
import {
  DEMO_CONFIG,
  createMockServer,
  loadMockConfig,
  parseFaults,
  type MockConfig,
  type MockServer,
} from '../src/mock/index.js';
import { CLIENT_VECTOR, SERVER_VECTOR } from './helpers/credentials.js';
import { md5, referenceSig } from './reference/sign.js';

const app = DEMO_CONFIG.apps[0]!;
const ivan = DEMO_CONFIG.users[0]!;
const expired = DEMO_CONFIG.users[3]!;

// A world where the doc vectors' credentials are real, so their exact URLs must be accepted.
const DOC_CONFIG: MockConfig = {
  apps: [{ appId: 123456, appKey: CLIENT_VECTOR.appKey, appSecretKey: SERVER_VECTOR.appSecretKey }],
  users: [
    {
      uid: '1',
      name: 'Client Vector',
      accessToken: CLIENT_VECTOR.accessToken,
      sessionSecretKey: CLIENT_VECTOR.sessionSecretKey,
      permissions: ['VALUABLE_ACCESS'],
    },
    { uid: '2', name: 'Server Vector', accessToken: SERVER_VECTOR.accessToken, permissions: ['VALUABLE_ACCESS'] },
  ],
};

let mock: MockServer;
let docs: MockServer;
beforeAll(async () => {
  [mock, docs] = await Promise.all([createMockServer(), createMockServer({ config: DOC_CONFIG })]);
});
afterAll(async () => {
  await Promise.all([mock.close(), docs.close()]);
});

/** A raw GET of fb.do with exactly these parameters. */
async function raw(server: MockServer, params: Record<string, string>, post = false): Promise<unknown> {
  const body = new URLSearchParams(params).toString();
  const res = post
    ? await fetch(`${server.url}fb.do`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    : await fetch(`${server.url}fb.do?${body}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Parameters signed by the reference signer (node:crypto). */
function signed(params: Record<string, string>, secret: string, token?: string): Record<string, string> {
  const all = { application_key: app.appKey, format: 'json', ...params };
  return { ...all, sig: referenceSig(all, secret), ...(token ? { access_token: token } : {}) };
}

describe('signatures: the mock accepts exactly what OK does', () => {
  it('accepts the two documented requests byte for byte', async () => {
    const base = { application_key: CLIENT_VECTOR.appKey, format: 'json', method: 'events.get' };
    await expect(
      raw(docs, { ...base, sig: CLIENT_VECTOR.sig, access_token: CLIENT_VECTOR.accessToken }),
    ).resolves.toBeInstanceOf(Array);
    await expect(
      raw(docs, { ...base, sig: SERVER_VECTOR.sig, access_token: SERVER_VECTOR.accessToken }),
    ).resolves.toBeInstanceOf(Array);
  });

  it('accepts all three circuits as the reference signs them, by GET and POST', async () => {
    const server = signed({ method: 'friends.get' }, md5(ivan.accessToken! + app.appSecretKey), ivan.accessToken);
    const client = signed({ method: 'friends.get' }, ivan.sessionSecretKey!, ivan.accessToken);
    const appOnly = signed({ method: 'friends.get', uid: ivan.uid }, app.appSecretKey);
    for (const post of [false, true]) {
      for (const params of [server, client, appOnly])
        await expect(raw(mock, params, post)).resolves.toEqual(ivan.friends);
    }
  });

  it('rejects a tampered parameter, a wrong secret and a signed access_token with 104', async () => {
    const good = signed(
      { method: 'users.getInfo', uids: ivan.uid, fields: 'name' },
      md5(ivan.accessToken! + app.appSecretKey),
      ivan.accessToken,
    );
    await expect(raw(mock, { ...good, uids: '575662066927' })).resolves.toMatchObject({
      error_code: 104,
      error_msg: expect.stringMatching(/^PARAM_SIGNATURE : /),
    });
    await expect(
      raw(mock, signed({ method: 'friends.get' }, 'not-the-secret', ivan.accessToken)),
    ).resolves.toMatchObject({ error_code: 104 });
    const withToken = {
      application_key: app.appKey,
      format: 'json',
      method: 'friends.get',
      access_token: ivan.accessToken!,
    };
    await expect(
      raw(mock, {
        ...withToken,
        sig: md5(
          `access_token=${ivan.accessToken}application_key=${app.appKey}format=jsonmethod=friends.get${ivan.sessionSecretKey}`,
        ),
      }),
    ).resolves.toMatchObject({ error_code: 104 });
  });
});

describe("checks, with OK's codes and body shape", () => {
  const user = (params: Record<string, string>) =>
    signed(params, md5(ivan.accessToken! + app.appSecretKey), ivan.accessToken);
  const cases: [string, () => Record<string, string>, number][] = [
    ['an unknown method', () => user({ method: 'users.noSuchMethod' }), 3],
    ['an unknown application key', () => ({ ...user({ method: 'friends.get' }), application_key: 'NOPE' }), 101],
    [
      'a missing signature',
      () => ({ application_key: app.appKey, method: 'friends.get', access_token: ivan.accessToken! }),
      104,
    ],
    ['an unknown token', () => signed({ method: 'friends.get' }, md5(`bogus${app.appSecretKey}`), 'bogus'), 103],
    ['an expired token', () => signed({ method: 'friends.get' }, expired.sessionSecretKey!, expired.accessToken), 102],
    [
      'a session given to a prohibited method',
      () => user({ method: 'notifications.sendSimple', uid: '1', text: 'x' }),
      451,
    ],
    ['no session for a required method', () => signed({ method: 'events.get' }, app.appSecretKey), 453],
    ['a missing permission', () => user({ method: 'group.getMembers', uid: '1' }), 10],
    ['a missing required parameter', () => user({ method: 'users.getInfo', fields: 'name' }), 100],
    ['a malformed id', () => user({ method: 'users.getInfo', uids: 'abc', fields: 'name' }), 100],
    ['a wrong type', () => user({ method: 'users.getInfo', uids: '1', fields: 'name', emptyPictures: 'yes' }), 100],
    ['an unknown enum value', () => user({ method: 'users.getInfo', uids: '1', fields: 'no_such_field' }), 100],
    [
      'more ids than allowed',
      () =>
        user({
          method: 'users.getInfo',
          uids: Array.from({ length: 101 }, (_, i) => String(i + 1)).join(','),
          fields: 'name',
        }),
      100,
    ],
    ['a malformed JSON parameter', () => user({ method: 'mediatopic.post', attachment: '{"media":' }), 100],
    [
      'a JSON parameter of the wrong shape',
      () => user({ method: 'mediatopic.post', attachment: '{"media":[{"type":"text"}]}' }),
      100,
    ],
  ];
  for (const [what, params, code] of cases) {
    it(`${what}: ${code}`, async () => {
      const body = (await raw(mock, params())) as { error_code: number; error_msg: string };
      expect(body.error_code).toBe(code);
      expect(body.error_msg).toMatch(/^[A-Z_]+ : ./);
    });
  }

  it('accepts what is right: ids as numbers, enum values in either case, JSON of the right shape', async () => {
    await expect(
      raw(mock, user({ method: 'users.getInfo', uids: '575662066927', fields: 'FIRST_NAME,pic_1' })),
    ).resolves.toEqual([
      { uid: '575662066927', first_name: 'Maria', pic_1: 'https://i.mycdn.me/mock/575662066927/pic_1.jpg' },
    ]);
    await expect(
      raw(
        mock,
        user({ method: 'mediatopic.post', attachment: JSON.stringify({ media: [{ type: 'text', text: 'hi' }] }) }),
      ),
    ).resolves.toMatch(/^\d+$/);
  });

  it('answers a call that names no fields with the short default profile, as OK does', async () => {
    await expect(raw(mock, user({ method: 'users.getCurrentUser' }))).resolves.toEqual({
      uid: ivan.uid,
      name: 'Ivan Petrov',
      first_name: 'Ivan',
      last_name: 'Petrov',
      gender: 'male',
      locale: 'ru',
      online: 'web',
      pic_1: `https://i.mycdn.me/mock/${ivan.uid}/pic_1.jpg`,
      pic_2: `https://i.mycdn.me/mock/${ivan.uid}/pic_2.jpg`,
      pic_3: `https://i.mycdn.me/mock/${ivan.uid}/pic_3.jpg`,
    });
  });

  it('serves /api/<group>/<method> too', async () => {
    const params = signed({ uid: ivan.uid }, app.appSecretKey);
    const res = await fetch(`${mock.url}api/friends/get?${new URLSearchParams(params)}`);
    await expect(res.json()).resolves.toEqual(ivan.friends);
  });
});

describe('the SDK end to end, every circuit and flow', () => {
  const base = { appId: app.appId, appKey: app.appKey };
  it('server-server, client-server, app-only and WEB sessions', async () => {
    const sessions = [
      new ServerSession({ ...base, appSecretKey: app.appSecretKey, accessToken: ivan.accessToken! }),
      new ClientSession({ ...base, accessToken: ivan.accessToken!, sessionSecretKey: ivan.sessionSecretKey! }),
      new WebSession({ ...base, sessionKey: ivan.accessToken!, sessionSecretKey: ivan.sessionSecretKey! }),
    ];
    for (const s of sessions)
      await expect(new API(s, { baseUrl: mock.url }).friends.get()).resolves.toEqual(ivan.friends);
    const appOnly = new API(new ServerSession({ ...base, appSecretKey: app.appSecretKey }), {
      baseUrl: mock.url,
      httpMethod: 'POST',
    });
    await expect(appOnly.friends.get({ uid: ivan.uid })).resolves.toEqual(ivan.friends);
    await expect(appOnly.notifications.sendSimple({ uid: ivan.uid, text: 'Hi' })).resolves.toBe(true);
  });

  it('authorization code, then refresh', async () => {
    const redirectUri = 'http://127.0.0.1:9/cb';
    const { code } = await authorizeWithPassword({
      ...base,
      login: ivan.login!,
      password: ivan.password!,
      redirectUri,
      responseType: 'code',
      connectBaseUrl: mock.url,
    });
    const session = new CodeSession({
      ...base,
      appSecretKey: app.appSecretKey,
      code,
      redirectUri,
      oauthBaseUrl: mock.url,
    });
    await expect(new API(session, { baseUrl: mock.url }).users.getLoggedInUser()).resolves.toBe(ivan.uid);
    const refreshed = new RefreshSession({
      ...base,
      appSecretKey: app.appSecretKey,
      refreshToken: session.refreshToken!,
      oauthBaseUrl: mock.url,
    });
    await expect(new API(refreshed, { baseUrl: mock.url }).users.getLoggedInUser()).resolves.toBe(ivan.uid);
    expect(refreshed.accessToken).not.toBe(session.accessToken);
  });

  it("the implicit flow through the mock's login dialog, and auth.login", async () => {
    const implicit = new ImplicitClientSession({
      ...base,
      login: ivan.login!,
      password: ivan.password!,
      scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'],
      connectBaseUrl: mock.url,
    });
    await expect(new API(implicit, { baseUrl: mock.url }).users.getLoggedInUser()).resolves.toBe(ivan.uid);
    expect(implicit.permissionsGranted).toEqual(['VALUABLE_ACCESS', 'PHOTO_CONTENT']);
    const password = new PasswordClientSession({
      ...base,
      login: ivan.login!,
      password: ivan.password!,
      oauthBaseUrl: mock.url,
    });
    await expect(new API(password, { baseUrl: mock.url }).users.getLoggedInUser()).resolves.toBe(ivan.uid);
    await expect(
      new ImplicitClientSession({
        ...base,
        login: ivan.login!,
        password: 'wrong',
        connectBaseUrl: mock.url,
      }).authorize(),
    ).rejects.toMatchObject({ name: 'WrongCredentialsError' });
  });
});

describe('state for real flows', () => {
  const ok = () =>
    new API(
      new ServerSession({
        appId: app.appId,
        appKey: app.appKey,
        appSecretKey: app.appSecretKey,
        accessToken: ivan.accessToken!,
      }),
      { baseUrl: mock.url },
    );

  it('an uploaded photo, once committed, appears in photos.getPhotos', async () => {
    const api = ok();
    const before = (await api.call('photos.getPhotos', {})) as { photos: { id: string }[] };
    const [notCommitted] = await uploadPhotos(api, [new Uint8Array([1, 2, 3])], { commit: false });
    const middle = (await api.call('photos.getPhotos', {})) as { photos: { id: string }[] };
    expect(middle.photos.some((p) => p.id === notCommitted!.photoId)).toBe(false);
    const [photo] = await uploadPhotos(api, [new Uint8Array([4, 5, 6])]);
    expect(photo).toMatchObject({ status: 'SUCCESS' });
    const after = (await api.call('photos.getPhotos', {})) as { photos: { id: string }[] };
    expect(after.photos.map((p) => p.id)).toEqual([photo!.photoId, ...before.photos.map((p) => p.id)]);
  });

  it('a created album appears in photos.getAlbums; a posted topic can be read back', async () => {
    const api = ok();
    const aid = await api.photos.createAlbum({ title: 'Holidays' });
    const albums = (await api.call('photos.getAlbums', {})) as { albums: { aid: string; title: string }[] };
    expect(albums.albums).toContainEqual(expect.objectContaining({ aid, title: 'Holidays' }));
    const media = [{ type: 'text' as const, text: 'Hello' }];
    const id = await api.mediatopic.post({ attachment: { media } });
    const topics = (await api.call('mediatopic.getByIds', { topic_ids: [id], fields: ['media_topic.*'] } as never)) as {
      media_topics: { id: string; media: unknown }[];
    };
    expect(topics.media_topics).toEqual([expect.objectContaining({ id, media })]);
  });
});

describe('faults', () => {
  it('are reproducible for a seed', async () => {
    const outcomes = async () => {
      const faulty = await createMockServer({ seed: 7, faults: { errorRate: 0.3, httpErrorRate: 0.2 } });
      const api = new API(new ServerSession({ appId: app.appId, appKey: app.appKey, appSecretKey: app.appSecretKey }), {
        baseUrl: faulty.url,
      });
      const seen: string[] = [];
      for (let i = 0; i < 30; i++) {
        seen.push(
          await api.friends.get({ uid: ivan.uid }).then(
            () => 'ok',
            (e: { code?: number; status?: number }) => String(e.code ?? e.status),
          ),
        );
      }
      await faulty.close();
      return seen;
    };
    const first = await outcomes();
    expect(first).toEqual(await outcomes());
    expect(new Set(first)).toEqual(new Set(['ok', '2', '8', '500', '502', '503'].filter((x) => first.includes(x))));
    expect(first.filter((x) => x !== 'ok').length).toBeGreaterThan(5);
  });

  it('latency, drops and one-off faults; the retry middleware rides them out', async () => {
    const faulty = await createMockServer({ faults: { latencyMs: 30 } });
    const api = new API(new ServerSession({ appId: app.appId, appKey: app.appKey, appSecretKey: app.appSecretKey }), {
      baseUrl: faulty.url,
      middleware: [retry({ retries: 3, delay: () => 1 })],
    });
    const t0 = Date.now();
    faulty.failNext({ drop: true });
    faulty.failNext({ httpStatus: 503 });
    faulty.failNext({ okError: 2 });
    await expect(api.friends.get({ uid: ivan.uid })).resolves.toEqual(ivan.friends);
    // The planned latency applies to the call that got through (the forced faults come at once).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30);
    expect(faulty.stats.faults).toBe(3);
    await faulty.close();
  });

  it('parses the CLI form', () => {
    expect(parseFaults('latency=20-80,error=0.1,http=0.05,drop=0.01,seed=3')).toEqual({
      latencyMs: [20, 80],
      errorRate: 0.1,
      httpErrorRate: 0.05,
      dropRate: 0.01,
      seed: 3,
    });
    expect(() => parseFaults('error=2')).toThrow('--faults: error must be a rate between 0 and 1');
    expect(() => parseFaults('boom=1')).toThrow("unknown fault 'boom'");
  });
});

describe('config', () => {
  it("a config file that is not JSON: where, and never JSON.parse's message (it quotes the text around the error)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'okru-mock-config-'));
    try {
      const file = join(dir, 'bad.json');
      // JSON.parse says where: line 3 of the file, after the token.
      writeFileSync(file, '{\n  "apps": [],\n  "users": [{ "accessToken": "MOCKTOKEN-0123456789abcdef" x }]\n}\n');
      expect(() => loadMockConfig(file)).toThrow(new TypeError(`${file}: not JSON at line 3, column 59`));
      // It does not: V8 quotes "...essToken": MOCKTOKEN-"..., the start of the token.
      writeFileSync(file, '{ "users": [{ "accessToken": MOCKTOKEN-0123456789abcdef }] }');
      expect(() => loadMockConfig(file)).toThrow(new TypeError(`${file}: not JSON`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a malformed config, naming the path', async () => {
    await expect(createMockServer({ config: { apps: [], users: [] } })).rejects.toThrow(
      'config: apps: must be a non-empty list',
    );
    await expect(
      createMockServer({
        config: { apps: [{ appId: 1, appKey: 'k', appSecretKey: 's' }], users: [{ uid: 'x', name: 'n' }] },
      }),
    ).rejects.toThrow('config: users[0].uid: must be a string of digits');
  });

  it('rejects redirect URIs that run script, apps named twice, a token given to two users, unknown limits', async () => {
    const a = { appId: 1, appKey: 'KEYONE', appSecretKey: 's' };
    const users = [{ uid: '1', name: 'n' }];
    await expect(
      createMockServer({
        config: { apps: [{ ...a, redirectUris: ['https://ok.example/cb', 'javascript:alert(1)'] }], users },
      }),
    ).rejects.toThrow('config: apps[0].redirectUris[1]: must be an absolute URI, not javascript:, data: or vbscript:');
    await expect(
      createMockServer({ config: { apps: [{ ...a, redirectUris: 'https://ok.example/cb' as never }], users } }),
    ).rejects.toThrow('config: apps[0].redirectUris: must be a list');
    await expect(createMockServer({ config: { apps: [a, { ...a, appKey: 'KEYTWO' }], users } })).rejects.toThrow(
      'config: apps[1].appId: is used twice',
    );
    await expect(createMockServer({ config: { apps: [a, { ...a, appId: 2 }], users } })).rejects.toThrow(
      'config: apps[1].appKey: is used twice',
    );
    await expect(
      createMockServer({
        config: {
          apps: [a],
          users: [
            { uid: '1', name: 'n', accessToken: 't' },
            { uid: '2', name: 'm', accessToken: 't' },
          ],
        },
      }),
    ).rejects.toThrow('config: users[1].accessToken: is used by another user');
    await expect(createMockServer({ limits: { maxBody: 1 } as never })).rejects.toThrow(
      'limits.maxBody: unknown option (known: maxBodyBytes, maxUploadBytes, maxParams, maxConnections, maxPending, maxTokens)',
    );
    await expect(createMockServer({ lifetimes: { codeS: -1 } })).rejects.toThrow(
      'lifetimes.codeS: must be a number ≥ 0',
    );
  });
});

describe('every app, every configured token', () => {
  const second = { appId: 512000000002, appKey: 'CBASECONDAPPKEY', appSecretKey: 'second-app-secret' };

  it('the SDK calls as the configured user through each of two apps, on both circuits', async () => {
    const two = await createMockServer({ config: { apps: [app, second], users: [ivan] } });
    try {
      for (const a of [app, second]) {
        const server = new API(
          new ServerSession({
            appId: a.appId,
            appKey: a.appKey,
            appSecretKey: a.appSecretKey,
            accessToken: ivan.accessToken!,
          }),
          { baseUrl: two.url },
        );
        const client = new API(
          new ClientSession({
            appId: a.appId,
            appKey: a.appKey,
            accessToken: ivan.accessToken!,
            sessionSecretKey: ivan.sessionSecretKey!,
          }),
          { baseUrl: two.url },
        );
        await expect(server.users.getLoggedInUser()).resolves.toBe(ivan.uid);
        await expect(client.users.getLoggedInUser()).resolves.toBe(ivan.uid);
      }
    } finally {
      await two.close();
    }
  });
});
