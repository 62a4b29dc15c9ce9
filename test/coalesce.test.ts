// coalesce(): reads of many ids made in the same turn go out as the fewest requests OK's limit allows, and every
// caller gets exactly its own items, in its own order; a long call is split the same way; failures reach only the
// callers whose ids were in the failed request; an aborted caller leaves without ending the others' request; calls
// that differ in another parameter, and methods that are not batch reads, are never merged. Without coalesce(), more
// ids than the limit is an OkParamError before anything is sent.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  OkAbortError,
  OkApiError,
  OkConfigError,
  OkParamError,
  OkResponseError,
  ServerSession,
  coalesce,
} from '../src/index.js';
import { METHODS } from '../src/method-table.js';
import { DEMO_CONFIG, createMockServer, type MockServer } from '../src/mock/index.js';
import { requiredParams } from './helpers/required-params.js';
import { json, recordingFetch, type SeenRequest } from './helpers/wire.js';

const SESSION = { appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' };
const uid = (i: number) => String(575000000000 + i);

/** OK's users.getInfo: one profile per uid asked for (none for uids in `unknown`), or an error for some requests. */
function fakeOk(options: { unknown?: Set<string>; failWhen?: (seen: SeenRequest) => boolean } = {}) {
  return recordingFetch((seen) => {
    if (options.failWhen?.(seen))
      return json({ error_code: 2, error_msg: 'SERVICE : Service temporarily unavailable' });
    const ids = (seen.params.uids ?? seen.params.photo_ids ?? '').split(',');
    const items = ids.filter((id) => !options.unknown?.has(id));
    if (seen.params.method === 'photos.getInfo')
      return json({ photos: items.map((id) => ({ id, pic50x50: `p${id}` })) });
    return json(items.map((id) => ({ uid: id, name: `User ${id}` })));
  });
}

const apiWith = (fetch: typeof globalThis.fetch, middleware = [coalesce()]) =>
  new API(new ServerSession(SESSION), { fetch, middleware });

describe('coalesce', () => {
  it('250 calls of one uid each, in one turn: 3 requests of 100, 100 and 50, each caller its own profile', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    const results = await Promise.all(
      Array.from({ length: 250 }, (_, i) => ok.users.getInfo({ uids: [uid(i)], fields: ['name'] })),
    );
    expect(results).toEqual(Array.from({ length: 250 }, (_, i) => [{ uid: uid(i), name: `User ${uid(i)}` }]));
    expect(wire.seen.map((r) => r.params.uids!.split(',').length)).toEqual([100, 100, 50]);
    expect(wire.seen.flatMap((r) => r.params.uids!.split(','))).toEqual(Array.from({ length: 250 }, (_, i) => uid(i)));
    expect(wire.seen.every((r) => r.params.fields === 'name' && r.params.method === 'users.getInfo')).toBe(true);
  });

  it('ids asked by several callers are asked once, and each caller gets them in its own order', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    const [a, b] = await Promise.all([
      ok.users.getInfo({ uids: [uid(1), uid(2), uid(3)], fields: ['name'] }),
      ok.users.getInfo({ uids: [uid(3), uid(1)], fields: ['name'] }),
    ]);
    expect(a.map((u) => u.uid)).toEqual([uid(1), uid(2), uid(3)]);
    expect(b.map((u) => u.uid)).toEqual([uid(3), uid(1)]);
    expect(wire.seen.map((r) => r.params.uids)).toEqual([[uid(1), uid(2), uid(3)].join(',')]);
  });

  it('one call of 250 uids is split into 3 requests and merged back in its order; unknown uids are left out', async () => {
    const wire = fakeOk({ unknown: new Set([uid(7)]) });
    const ok = apiWith(wire.fetch);
    const uids = Array.from({ length: 250 }, (_, i) => uid(249 - i));
    const users = await ok.users.getInfo({ uids, fields: ['name'] });
    expect(users.map((u) => u.uid)).toEqual(uids.filter((id) => id !== uid(7)));
    expect(wire.seen).toHaveLength(3);
  });

  it('without coalesce, 101 uids is an OkParamError and nothing is sent', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch, []);
    const uids = Array.from({ length: 101 }, (_, i) => uid(i));
    await expect(ok.users.getInfo({ uids, fields: ['name'] })).rejects.toThrow(
      new OkParamError('users.getInfo', 'uids', 'holds 101 items, more than the 100 OK allows in one call'),
    );
    expect(wire.seen).toHaveLength(0);
  });

  it('calls with other fields, or of another method, are not merged', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    await Promise.all([
      ok.users.getInfo({ uids: [uid(1)], fields: ['name'] }),
      ok.users.getInfo({ uids: [uid(2)], fields: ['name', 'pic_1'] }),
      ok.users.getInfo({ uids: [uid(3)], fields: ['name'] }),
      ok.friends.get(),
    ]);
    const getInfo = wire.seen.filter((r) => r.params.method === 'users.getInfo');
    expect(getInfo.map((r) => [r.params.uids, r.params.fields])).toEqual([
      [`${uid(1)},${uid(3)}`, 'name'],
      [uid(2), 'name,pic_1'],
    ]);
    expect(wire.seen.filter((r) => r.params.method === 'friends.get')).toHaveLength(1);
  });

  it('a failed request fails only the callers whose ids were in it', async () => {
    const wire = fakeOk({ failWhen: (seen) => seen.params.uids!.includes(uid(150)) });
    const ok = apiWith(wire.fetch);
    const calls = Array.from({ length: 200 }, (_, i) => ok.users.getInfo({ uids: [uid(i)], fields: ['name'] }));
    const settled = await Promise.allSettled(calls);
    expect(settled.slice(0, 100).every((s) => s.status === 'fulfilled')).toBe(true);
    const failed = settled.slice(100) as PromiseRejectedResult[];
    expect(failed.every((s) => s.status === 'rejected' && s.reason instanceof OkApiError && s.reason.code === 2)).toBe(
      true,
    );
  });

  it('an aborted caller rejects with OkAbortError; the others are sent without its ids', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    const controller = new AbortController();
    const kept = ok.users.getInfo({ uids: [uid(1)], fields: ['name'] });
    const aborted = ok.users.getInfo({ uids: [uid(2)], fields: ['name'] }, { signal: controller.signal });
    controller.abort(new Error('not needed'));
    await expect(aborted).rejects.toThrow(OkAbortError);
    await expect(kept).resolves.toEqual([{ uid: uid(1), name: `User ${uid(1)}` }]);
    expect(wire.seen.map((r) => r.params.uids)).toEqual([uid(1)]);
  });

  it('a long-lived signal given to every call keeps no listeners after the calls', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    const signal = new AbortController().signal;
    for (let round = 0; round < 20; round++) {
      await Promise.all([uid(1), uid(2)].map((id) => ok.users.getInfo({ uids: [id], fields: ['name'] }, { signal })));
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('a method whose items are inside an object (photos.getInfo): each caller gets the object with its items', async () => {
    const wire = fakeOk();
    const ok = apiWith(wire.fetch);
    const [a, b] = await Promise.all([
      ok.photos.getInfo({ photo_ids: ['10', '11'] }),
      ok.photos.getInfo({ photo_ids: ['12'] }),
    ]);
    expect(a).toEqual({
      photos: [
        { id: '10', pic50x50: 'p10' },
        { id: '11', pic50x50: 'p11' },
      ],
    });
    expect(b).toEqual({ photos: [{ id: '12', pic50x50: 'p12' }] });
    expect(wire.seen.map((r) => r.params.photo_ids)).toEqual(['10,11,12']);
  });

  it.each([
    ['an item without its uid', [{ name: 'No id' }], 'an item of the answer has no uid'],
    ['an answer that is not a list', { users: [] }, 'the answer is not a list'],
  ])('%s fails the callers of that request with OkResponseError, not an empty list', async (_, answer, why) => {
    const wire = recordingFetch((seen) =>
      seen.params.uids!.includes(uid(1)) ? json(answer) : json([{ uid: uid(200), name: 'Found' }]),
    );
    const ok = apiWith(wire.fetch, [coalesce({ maxBatch: 2 })]);
    const [a, b, c] = await Promise.allSettled([
      ok.users.getInfo({ uids: [uid(1)], fields: ['name'] }),
      ok.users.getInfo({ uids: [uid(2)], fields: ['name'] }),
      ok.users.getInfo({ uids: [uid(200)], fields: ['name'] }),
    ]);
    const error = new OkResponseError(
      'users.getInfo',
      200,
      '',
      `users.getInfo: ${why}, so coalesce() cannot tell whose items they are`,
    );
    expect(a).toEqual({ status: 'rejected', reason: error });
    expect((a as PromiseRejectedResult).reason).toBeInstanceOf(OkResponseError);
    expect(b).toEqual({ status: 'rejected', reason: error });
    expect(c).toEqual({ status: 'fulfilled', value: [{ uid: uid(200), name: 'Found' }] });
    expect(wire.seen.map((r) => r.params.uids)).toEqual([`${uid(1)},${uid(2)}`, uid(200)]);
  });

  it('maxBatch keeps requests smaller than OK allows; onBatch hears of each', async () => {
    const wire = fakeOk();
    const batches: { ids: number; calls: number }[] = [];
    const ok = apiWith(wire.fetch, [
      coalesce({ maxBatch: 30, onBatch: ({ ids, calls }) => batches.push({ ids, calls }) }),
    ]);
    await Promise.all(Array.from({ length: 70 }, (_, i) => ok.users.getInfo({ uids: [uid(i)], fields: ['name'] })));
    expect(batches).toEqual([
      { ids: 30, calls: 70 },
      { ids: 30, calls: 70 },
      { ids: 10, calls: 70 },
    ]);
  });

  it.each([
    [{ windowMs: -1 }, 'coalesce: windowMs must be a number of milliseconds, 0 or more'],
    [{ windowMs: Number.NaN }, 'coalesce: windowMs must be a number of milliseconds, 0 or more'],
    [{ maxBatch: 0 }, 'coalesce: maxBatch must be a positive integer'],
    [{ maxBatch: 1.5 }, 'coalesce: maxBatch must be a positive integer'],
  ])('%j is refused', (options, message) => {
    expect(() => coalesce(options)).toThrow(new OkConfigError(message));
  });
});

describe('coalesce against the mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await createMockServer({ config: { ...DEMO_CONFIG, callLimits: { perMethod: { 'users.getInfo': 1000 } } } });
  });
  afterAll(() => mock.close());

  it('1000 concurrent profile reads: 10 requests, every profile to its caller', async () => {
    const app = DEMO_CONFIG.apps[0]!;
    const ivan = DEMO_CONFIG.users[0]!;
    const session = new ServerSession({ ...app, accessToken: ivan.accessToken! });
    const ok = new API(session, { baseUrl: mock.url, middleware: [coalesce()] });
    const before = mock.stats.api;
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => ok.users.getInfo({ uids: [uid(i)], fields: ['uid', 'name'] })),
    );
    expect(results.map((r) => r.map((u) => u.uid))).toEqual(Array.from({ length: 1000 }, (_, i) => [uid(i)]));
    expect(mock.stats.api - before).toBe(10);
  });

  const BATCHED = Object.values(METHODS).filter((m) => m.batch);

  it('the spec has reads of many ids', () => {
    expect(BATCHED.map((m) => m.name).sort()).toEqual([
      'group.getInfo',
      'group.getUserGroupsByIds',
      'photos.getInfo',
      'users.getAdditionalInfo',
      'users.getInfo',
    ]);
  });

  it.each(BATCHED.map((m) => [m.name, m] as const))(
    '%s: two callers, one request, each its own items',
    async (name, info) => {
      const app = DEMO_CONFIG.apps[0]!;
      const session = new ServerSession({ ...app, accessToken: DEMO_CONFIG.users[0]!.accessToken! });
      const ok = new API(session, { baseUrl: mock.url, middleware: [coalesce()] });
      const batch = info.batch!;
      const call = (ids: string[]) =>
        ok.call(name as 'users.getInfo', { ...requiredParams(info), [batch.param]: ids } as never) as Promise<unknown>;
      const before = mock.stats.api;
      const [a, b] = await Promise.all([call([uid(1), uid(2)]), call([uid(3)])]);
      const keys = (answer: unknown) =>
        ((batch.items ? (answer as Record<string, unknown>)[batch.items] : answer) as Record<string, unknown>[]).map(
          (item) => item[batch.key],
        );
      expect(keys(a)).toEqual([uid(1), uid(2)]);
      expect(keys(b)).toEqual([uid(3)]);
      expect(mock.stats.api - before).toBe(1);
    },
  );
});
