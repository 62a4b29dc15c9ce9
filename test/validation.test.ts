// Bad input fails before anything is sent, naming the method and the parameter or option at fault.
import { describe, expect, it } from 'vitest';
import {
  API,
  ClientSession,
  OkConfigError,
  OkParamError,
  OkSessionError,
  ServerSession,
  TokenSession,
  type Session,
} from '../src/index.js';
import { SERVER_VECTOR } from './helpers/credentials.js';
import { recordingFetch } from './helpers/wire.js';

function setup(session: Session = new ServerSession(SERVER_VECTOR)) {
  const wire = recordingFetch();
  return { ok: new API(session, { fetch: wire.fetch }), seen: wire.seen };
}
// JS callers bypass the types; so do these calls.
const loose = (fn: unknown) => fn as (params?: unknown) => Promise<unknown>;

describe('parameters', () => {
  it('a missing required parameter', async () => {
    const { ok, seen } = setup();
    await expect(loose(ok.users.getInfo)({ fields: ['name'] })).rejects.toThrow(
      new OkParamError('users.getInfo', 'uids', 'is required'),
    );
    await expect(loose(ok.users.getInfo)({ uids: null, fields: ['name'] })).rejects.toThrow(
      "users.getInfo: parameter 'uids' is required",
    );
    await expect(loose(ok.mediatopic.post)()).rejects.toThrow("mediatopic.post: parameter 'attachment' is required");
    await expect(ok.users.getInfo({ uids: [], fields: ['name'] })).rejects.toThrow(
      "users.getInfo: parameter 'uids' is required and must not be an empty list",
    );
    expect(seen).toHaveLength(0);
  });

  it('a value of the wrong type', async () => {
    const { ok, seen } = setup();
    const cases: [unknown, string, RegExp][] = [
      [
        ok.users.getInfo,
        '{"uids":"1","fields":["name"],"emptyPictures":"yes"}',
        /parameter 'emptyPictures' must be a boolean, got string/,
      ],
      [ok.users.getInfo, '{"uids":{"a":1},"fields":["name"]}', /parameter 'uids' must be a list of ids .* got object/],
      [ok.friends.getRelativesV2, '{"uid":"1","count":"10"}', /parameter 'count' must be an integer .* got string/],
      [ok.notifications.sendSimple, '{"uid":"1","text":42}', /parameter 'text' must be a string, got number/],
      [ok.photos.getPhotos, '{"fields":"a","count":1.5}', /parameter 'count' must be an integer/],
    ];
    for (const [fn, json, message] of cases) await expect(loose(fn)(JSON.parse(json))).rejects.toThrow(message);
    await expect(loose(ok.users.getInfo)({ uids: [1.5], fields: ['name'] })).rejects.toThrow(
      /'uids' must be a list of ids .* item 0 is number/,
    );
    await expect(loose(ok.users.getInfo)({ uids: [2 ** 60], fields: ['name'] })).rejects.toThrow(/'uids'/);
    await expect(loose(ok.places.reverseGeocode)({ lat: Number.NaN, lng: 1 })).rejects.toThrow(
      /'lat' must be a finite number, got NaN/,
    );
    await expect(loose(ok.users.getInfo)('uids=1')).rejects.toThrow(
      "users.getInfo: parameter '(params)' must be a plain object of parameters, got string",
    );
    expect(seen).toHaveLength(0);
  });

  it('parameters the SDK sets itself cannot be passed', async () => {
    const { ok } = setup();
    for (const name of ['application_key', 'method', 'format', 'sig', 'access_token', 'session_key']) {
      await expect(ok.call('friends.get', { [name]: 'x' } as never)).rejects.toThrow(
        `friends.get: parameter '${name}' is set by okru itself`,
      );
    }
  });

  it('parameters the spec does not know are still sent (OK adds parameters over time)', async () => {
    const { ok, seen } = setup();
    await ok.call('friends.get', { fid: '1', brand_new_flag: true } as never);
    expect(seen[0]!.params.brand_new_flag).toBe('true');
    await expect(ok.call('friends.get', { callback: () => 1 } as never)).rejects.toThrow(
      "parameter 'callback' holds a function, which cannot be sent",
    );
  });

  it('a method the spec does not know is sent as it is, unchecked', async () => {
    const { ok, seen } = setup();
    await ok.call('brandnew.method', { anything: [1, 2] });
    expect(seen[0]!.params.method).toBe('brandnew.method');
    expect(seen[0]!.params.anything).toBe('1,2');
  });

  it('a string is accepted for a list (already comma-joined)', async () => {
    const { ok, seen } = setup();
    await ok.call('users.getInfo', { uids: '1,2' as never, fields: 'name' as never });
    expect(seen[0]!.params.uids).toBe('1,2');
  });
});

describe('session rules', () => {
  it('a prohibited method with a user session fails before sending', async () => {
    const { ok, seen } = setup();
    const err = await ok.notifications.sendSimple({ uid: '1', text: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkSessionError);
    expect(err).toMatchObject({ method: 'notifications.sendSimple', rule: 'prohibited' });
    expect((err as Error).message).toMatch(
      /^notifications\.sendSimple: must be called without a user session \(session rule: prohibited\)/,
    );
    expect(seen).toHaveLength(0);
  });

  it('a required method without a user session fails before sending', async () => {
    const { ok, seen } = setup(new ServerSession({ appId: 1, appKey: 'K', appSecretKey: 'S' }));
    await expect(loose(ok.events.get)()).rejects.toThrow(
      'events.get: needs a user session (session rule: required), but this session has no access token',
    );
    expect(seen).toHaveLength(0);
  });
});

describe('credentials', () => {
  const bad: [string, () => unknown, string][] = [
    ['no options', () => new TokenSession(undefined as never), 'TokenSession: options are required'],
    ['no appKey', () => new TokenSession({ appId: 1, appSecretKey: 's' } as never), 'TokenSession: appKey is required'],
    [
      'no appId',
      () => new ServerSession({ appKey: 'k', appSecretKey: 's' } as never),
      'ServerSession: appId is required',
    ],
    [
      'bad appId',
      () => new ServerSession({ appId: -3, appKey: 'k', appSecretKey: 's' }),
      'ServerSession: appId is required',
    ],
    [
      'nothing to sign with',
      () => new TokenSession({ appId: 1, appKey: 'k', accessToken: 't' }),
      'TokenSession: cannot sign calls',
    ],
    [
      'secret key without token',
      () => new TokenSession({ appId: 1, appKey: 'k', sessionSecretKey: 's' }),
      'TokenSession: cannot sign calls',
    ],
    [
      'circuit without its secret',
      () => new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's', circuit: 'client' }),
      'TokenSession: the client circuit needs sessionSecretKey and accessToken',
    ],
    [
      'ClientSession without secret',
      () => new ClientSession({ appId: 1, appKey: 'k', accessToken: 't' } as never),
      'ClientSession: sessionSecretKey is required',
    ],
    [
      'ServerSession without secret',
      () => new ServerSession({ appId: 1, appKey: 'k', accessToken: 't' } as never),
      'ServerSession: appSecretKey is required',
    ],
    ['not a session', () => new API({} as never), 'API: the first argument must be a session'],
    [
      'bad baseUrl',
      () => new API(new ServerSession(SERVER_VECTOR), { baseUrl: 'ftp://x' }),
      'API: baseUrl must be an http(s) URL',
    ],
    [
      'bad timeout',
      () => new API(new ServerSession(SERVER_VECTOR), { timeout: -1 }),
      'API: timeout must be a positive number',
    ],
    [
      'bad httpMethod',
      () => new API(new ServerSession(SERVER_VECTOR), { httpMethod: 'PUT' as never }),
      "API: httpMethod must be 'GET' or 'POST'",
    ],
  ];
  for (const [what, make, message] of bad) {
    it(what, () => {
      expect(make).toThrow(OkConfigError);
      expect(make).toThrow(message);
    });
  }

  it('infers the circuits as aiookru documents', () => {
    expect(new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }).circuit).toBe('server');
    expect(
      new TokenSession({ appId: 1, appKey: 'k', appSecretKey: '', accessToken: 't', sessionSecretKey: 'x' }).circuit,
    ).toBe('client');
    expect(new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's' }).circuit).toBe('app');
    expect(
      new TokenSession({
        appId: 1,
        appKey: 'k',
        appSecretKey: 's',
        accessToken: 't',
        sessionSecretKey: 'x',
        circuit: 'client',
      }).circuit,
    ).toBe('client');
    expect(new ServerSession({ appId: '1', appKey: 'k', appSecretKey: 's' }).hasUser).toBe(false);
  });
});
