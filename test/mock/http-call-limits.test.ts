// The mock's call limits as an outside client meets them: calls beyond the config's calls a second, per app or per
// app and method, are answered with OK's 8 FLOOD_BLOCKED and not carried out; other apps and other methods are not
// slowed; a refused call does not count, so the window frees as time passes. The window's sliding is checked with a
// clock of our own (CallLimiter), the HTTP answers with the real server.
import { afterEach, describe, expect, it } from 'vitest';
import { CallLimiter } from '../../src/mock/call-limits.js';
import { checkMockConfig, createMockServer, type MockServer } from '../../src/mock/index.js';
import { getJson, signed } from './http-client.js';
import { DEMO_APP, IVAN, WEB_APP, WORLD } from './world.js';

type Config = NonNullable<Parameters<typeof createMockServer>[0]>['config'];

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const start = async (callLimits: object) => {
  mock = await createMockServer({ config: { ...WORLD, callLimits } as Config });
  return mock;
};

const call = (server: MockServer, app: typeof WEB_APP | typeof DEMO_APP, method: string, extra = {}) =>
  getJson(`${server.url}fb.do?${new URLSearchParams(signed(app, { method, ...extra }, IVAN.accessToken))}`).then(
    (r) => r.body as { error_code?: number; error_msg?: string },
  );

const flood = { error_code: 8, error_msg: expect.stringMatching(/^FLOOD_BLOCKED : Too many calls: at most /) };

describe('call limits over HTTP', () => {
  it('perApp: the calls beyond the limit within a second get 8 FLOOD_BLOCKED, and another app is not slowed', async () => {
    const server = await start({ perApp: 3 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(server, WEB_APP, 'friends.get')));
    const refused = answers.filter((a) => a.error_code === 8);
    expect(answers.filter((a) => a.error_code === undefined)).toHaveLength(3);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toEqual({
      ...flood,
      error_msg: 'FLOOD_BLOCKED : Too many calls: at most 3 calls a second for the app',
    });
    expect(server.stats.flood).toBe(2);
    expect(await call(server, DEMO_APP, 'friends.get')).not.toHaveProperty('error_code');
  });

  it("perMethod: one method is limited, the app's other methods are not", async () => {
    const server = await start({ perMethod: { 'users.getInfo': 2 } });
    const getInfo = () => call(server, WEB_APP, 'users.getInfo', { uids: IVAN.uid, fields: 'name' });
    const answers = [await getInfo(), await getInfo(), await getInfo()];
    expect(answers.map((a) => a.error_code ?? 'ok')).toEqual(['ok', 'ok', 8]);
    expect(answers[2]).toEqual({
      error_code: 8,
      error_msg: 'FLOOD_BLOCKED : Too many calls: at most 2 calls a second for users.getInfo',
    });
    expect(await call(server, WEB_APP, 'friends.get')).not.toHaveProperty('error_code');
  });

  it('a refused call is not carried out: the album it would have created does not exist', async () => {
    const server = await start({ perApp: 1 });
    await call(server, WEB_APP, 'friends.get');
    const before = server.state.albums.size;
    expect(await call(server, WEB_APP, 'photos.createAlbum', { title: 'x', type: 'PUBLIC' })).toEqual(flood);
    expect(server.state.albums.size).toBe(before);
  });

  it("calls that fail OK's checks (a bad signature) do not use up the limit", async () => {
    const server = await start({ perApp: 1 });
    const bad = { ...signed(WEB_APP, { method: 'friends.get' }, IVAN.accessToken), sig: '0'.repeat(32) };
    expect((await getJson(`${server.url}fb.do?${new URLSearchParams(bad)}`)).body).toMatchObject({ error_code: 104 });
    expect(await call(server, WEB_APP, 'friends.get')).not.toHaveProperty('error_code');
  });
});

describe('CallLimiter: a sliding window of one second', () => {
  it('frees a place exactly when the oldest counted call is a second old, and refused calls do not count', () => {
    let now = 0;
    const limiter = new CallLimiter({ perApp: 2 }, () => now);
    expect(limiter.admit(1, 'a')).toBeUndefined(); // t=0
    now = 400;
    expect(limiter.admit(1, 'a')).toBeUndefined(); // t=400
    now = 999;
    expect(limiter.admit(1, 'a')).toBe('2 calls a second for the app'); // refused, not counted
    now = 1000;
    expect(limiter.admit(1, 'a')).toBeUndefined(); // the t=0 call left the window
    now = 1399;
    expect(limiter.admit(1, 'a')).toBe('2 calls a second for the app');
    now = 1400;
    expect(limiter.admit(1, 'a')).toBeUndefined();
  });

  it('both limits must have room, and a call refused by one is counted by neither', () => {
    let now = 0;
    const limiter = new CallLimiter({ perApp: 3, perMethod: { m: 1 } }, () => now);
    expect(limiter.admit(1, 'm')).toBeUndefined();
    expect(limiter.admit(1, 'm')).toBe('1 calls a second for m');
    expect(limiter.admit(1, 'other')).toBeUndefined();
    expect(limiter.admit(1, 'other')).toBeUndefined();
    expect(limiter.admit(1, 'other')).toBe('3 calls a second for the app');
    now = 1000;
    expect(limiter.admit(1, 'm')).toBeUndefined();
  });

  it('keeps the count right over many windows (the ring wraps)', () => {
    let now = 0;
    const limiter = new CallLimiter({ perApp: 5 }, () => now);
    let admitted = 0;
    for (let step = 0; step < 10_000; step++) {
      now = step * 25; // 40 calls tried a second
      if (limiter.admit(1, 'a') === undefined) admitted++;
    }
    // 250 s of calls: each of the 5 places is taken again exactly a second after it was, so 5 a second.
    expect(admitted).toBe(5 * 250);
  });
});

describe('callLimits in a config', () => {
  it.each([
    [{ perApp: 0 }, 'config: callLimits.perApp: must be a positive integer (calls a second)'],
    [{ perApp: 1.5 }, 'config: callLimits.perApp: must be a positive integer (calls a second)'],
    [
      { perMethod: { 'users.getInfo': -1 } },
      'config: callLimits.perMethod.users.getInfo: must be a positive integer (calls a second)',
    ],
    [{ perMethod: [] }, 'config: callLimits.perMethod: must be an object of method names and calls a second'],
    [{ perSecond: 5 }, 'config: callLimits.perSecond: is not a known limit (perApp, perMethod)'],
    ['5', 'config: callLimits: must be an object'],
  ])('%j is refused: %s', (callLimits, message) => {
    expect(() => checkMockConfig({ ...WORLD, callLimits })).toThrow(new TypeError(message));
  });
});
