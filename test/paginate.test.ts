// paginate() and pages(): against the mock, which pages like OK (anchors, directions, offsets, page sizes), the exact
// requests that go out, the items in order and none twice, `limit` asking for no more than it needs, abort between
// pages; against answers that would loop forever (the same anchor, more without an anchor, endless pages), a bounded
// end with OkPagingError; bad input refused before any request. Every paged method of the spec is walked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../src/method-table.js';
import { PERMISSIONS } from '../generated/permissions.js';
import { GROUP_GET_MEMBERS, groupGetMembers } from '../src/methods.js';
import {
  API,
  Client,
  OkAbortError,
  OkConfigError,
  OkPagingError,
  ServerSession,
  pages,
  paginate,
  uploadPhotos,
} from '../src/index.js';
import type { MethodInfo } from '../src/method-info.js';
import { createMockServer, type MockConfig, type MockServer } from '../src/mock/index.js';
import { requiredParams } from './helpers/required-params.js';
import { json, readRequest, recordingFetch, type SeenRequest } from './helpers/wire.js';

const APP = { appId: 512000000201, appKey: 'CBAPAGINGAPP', appSecretKey: 'paging-app-secret' };
const USER = {
  uid: '575662066926',
  name: 'Ivan Petrov',
  accessToken: 'paging-token',
  sessionSecretKey: 'paging-session-secret',
  permissions: [...PERMISSIONS],
};
const GID = '53038939046008';
const PAGED = Object.values(METHODS as Record<string, MethodInfo>).filter((m) => m.paging);
const SIZE = 45;

let mock: MockServer;
beforeAll(async () => {
  const config: MockConfig = {
    apps: [APP],
    users: [USER],
    collections: { ...Object.fromEntries(PAGED.map((m) => [m.name, SIZE])), 'group.getMembers': 250 },
  };
  mock = await createMockServer({ config });
});
afterAll(() => mock.close());

/** A client of the mock whose every request is recorded on its way. */
function client() {
  const sent: SeenRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push(await readRequest(request.clone()));
    return globalThis.fetch(request);
  }) as typeof globalThis.fetch;
  const session = new ServerSession({ ...APP, accessToken: USER.accessToken });
  return { ok: new API(session, { baseUrl: mock.url, fetch }), sent };
}

/** The paging parameters of a request, nothing else. */
const pagingOf = (r: SeenRequest) => {
  const { anchor, direction, count } = r.params;
  return { anchor, direction, count };
};

describe('paginate against the mock', () => {
  it('walks every member of a 250-member group in order, 100 a page, in the fewest requests', async () => {
    const { ok, sent } = client();
    const members = await paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100 }).toArray();
    expect(members).toHaveLength(250);
    expect(new Set(members.map((m) => m.userId)).size).toBe(250);
    expect(members[0]).toMatchObject({ userId: expect.stringMatching(/^\d{12}$/) });
    expect(sent).toHaveLength(3);
    expect(sent.map(pagingOf)).toEqual([
      { anchor: undefined, direction: 'FORWARD', count: '100' },
      { anchor: expect.any(String), direction: 'FORWARD', count: '100' },
      { anchor: expect.any(String), direction: 'FORWARD', count: '100' },
    ]);
    expect(sent.every((r) => r.params.method === 'group.getMembers' && r.params.uid === GID)).toBe(true);
    // The same walk twice reads the same members: ids are stable.
    const again = await paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100 }).toArray();
    expect(again.map((m) => m.userId)).toEqual(members.map((m) => m.userId));
  });

  it('limit: stops at it, and the last page asks only for what is missing', async () => {
    const { ok, sent } = client();
    const members = await paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100, limit: 130 }).toArray();
    expect(members).toHaveLength(130);
    expect(sent.map((r) => r.params.count)).toEqual(['100', '30']);
  });

  it('pages(): each page with its items, its number and the whole answer', async () => {
    const { ok } = client();
    const seen: { number: number; items: number; hasMore: unknown; total: unknown }[] = [];
    for await (const page of pages(ok.group.getMembers, { uid: GID, count: 120 })) {
      seen.push({
        number: page.number,
        items: page.items.length,
        hasMore: page.result.has_more,
        total: page.result.totalCount,
      });
    }
    expect(seen).toEqual([
      { number: 1, items: 120, hasMore: true, total: 250 },
      { number: 2, items: 120, hasMore: true, total: 250 },
      { number: 3, items: 10, hasMore: false, total: 250 },
    ]);
  });

  it('starts from an anchor and goes the way the caller chose', async () => {
    const { ok, sent } = client();
    const first = await ok.group.getMembers({ uid: GID, count: 100 });
    const back = await paginate(ok.group.getMembers, {
      uid: GID,
      anchor: first.anchor,
      direction: 'BACKWARD',
      count: 40,
    }).toArray();
    const forward = (await paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100, limit: 100 }).toArray()).map(
      (m) => m.userId,
    );
    // Backward from after the 100th member: 60–99, then 20–59, then 0–19.
    expect(back.map((m) => m.userId)).toEqual([
      ...forward.slice(60, 100),
      ...forward.slice(20, 60),
      ...forward.slice(0, 20),
    ]);
    expect(sent.slice(1, 4).map((r) => r.params.direction)).toEqual(['BACKWARD', 'BACKWARD', 'BACKWARD']);
  });

  it('an abort between pages ends the walk with OkAbortError, and nothing more is sent', async () => {
    const { ok, sent } = client();
    const controller = new AbortController();
    const read: unknown[] = [];
    const walk = (async () => {
      for await (const m of paginate(ok.group.getMembers, { uid: GID }, { pageSize: 100, signal: controller.signal })) {
        read.push(m);
        if (read.length === 100) controller.abort(new Error('enough'));
      }
    })();
    await expect(walk).rejects.toThrow(OkAbortError);
    expect(read).toHaveLength(100);
    expect(sent).toHaveLength(1);
  });

  it('photos.getPhotos pages through the photos uploaded, newest first', async () => {
    const { ok, sent } = client();
    const uploaded = [
      ...(await uploadPhotos(
        ok,
        Array.from({ length: 20 }, (_, i) => new Uint8Array([i])),
      )),
      ...(await uploadPhotos(
        ok,
        Array.from({ length: 5 }, (_, i) => new Uint8Array([20 + i])),
      )),
    ];
    sent.length = 0;
    const photos = await paginate(ok.photos.getPhotos, {}, { pageSize: 10 }).toArray();
    expect(photos.map((p) => p.id).sort()).toEqual(uploaded.map((p) => p.assignedPhotoId).sort());
    expect(sent.map((r) => r.params.count)).toEqual(['10', '10', '10']);
  });

  it("okru/methods: a function with its row's paging", async () => {
    const session = new ServerSession({ ...APP, accessToken: USER.accessToken });
    const c = new Client(session, { baseUrl: mock.url });
    const members = await paginate(
      (params: Parameters<typeof groupGetMembers>[1], options) => groupGetMembers(c, params, options),
      { uid: GID, count: 100 },
      { paging: GROUP_GET_MEMBERS.paging },
    ).toArray();
    expect(members).toHaveLength(250);
  });
});

describe('every paged method of the spec pages through the mock', () => {
  it.each(PAGED.map((m) => [m.name, m] as const))('%s', async (name, info) => {
    const { ok } = client();
    const [group, method] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
    const groupObject = (ok as unknown as Record<string, Record<string, (p: object, o?: object) => Promise<unknown>>>)[
      group.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())
    ]!;
    const fn = groupObject[method]!;
    const paging = info.paging!;
    const params = { ...requiredParams(info), ...(paging.count ? { [paging.count]: 20 } : {}) };
    const items = await paginate(fn, params).toArray();
    // Without a next anchor in the answer (users.getGuests: no source names it), only the first page can be read.
    // photos.getPhotos reads the photos uploaded to the mock (those of the test above).
    const uploaded = [...mock.state.photos.values()].filter((p) => p.committed && p.ownerId === USER.uid).length;
    const size = name === 'photos.getPhotos' ? uploaded : name === 'group.getMembers' ? 250 : SIZE;
    const expected = paging.style === 'anchor' && !paging.nextCursor ? Math.min(size, 20) : size;
    expect(items).toHaveLength(expected);
  });
});

describe('answers that would never end', () => {
  const session = () => new ServerSession({ ...APP, accessToken: USER.accessToken });
  const apiAnswering = (answer: (n: number) => unknown) => {
    let n = 0;
    const wire = recordingFetch(() => json(answer(n++)));
    return { ok: new API(session(), { fetch: wire.fetch }), seen: wire.seen };
  };

  it('has_more with the anchor already followed: OkPagingError after the second page, not a loop', async () => {
    const { ok, seen } = apiAnswering(() => ({ members: [{ userId: '1' }], anchor: 'A', has_more: true }));
    const read: unknown[] = [];
    const walk = async () => {
      for await (const m of paginate(ok.group.getMembers, { uid: GID })) read.push(m);
    };
    await expect(walk()).rejects.toThrow(
      new OkPagingError('group.getMembers', 2, 'OK said more pages follow but sent an anchor already followed'),
    );
    expect(seen).toHaveLength(2);
    expect(read).toHaveLength(2);
  });

  it('has_more without an anchor: OkPagingError', async () => {
    const { ok } = apiAnswering(() => ({ members: [{ userId: '1' }], has_more: true }));
    await expect(paginate(ok.group.getMembers, { uid: GID }).toArray()).rejects.toThrow(
      "group.getMembers: paging stopped after 1 page: OK said more pages follow but sent no 'anchor'",
    );
  });

  it('a new anchor every time, forever: stops at maxPages with OkPagingError', async () => {
    const { ok, seen } = apiAnswering((n) => ({ members: [{ userId: String(n) }], anchor: `A${n}`, has_more: true }));
    await expect(paginate(ok.group.getMembers, { uid: GID }, { maxPages: 5 }).toArray()).rejects.toThrow(
      'group.getMembers: paging stopped after 5 pages: more than maxPages (5) pages',
    );
    expect(seen).toHaveLength(5);
  });

  it('items that are not a list: OkPagingError naming the property', async () => {
    const { ok } = apiAnswering(() => ({ members: 'nope', has_more: false }));
    await expect(paginate(ok.group.getMembers, { uid: GID }).toArray()).rejects.toThrow(
      "group.getMembers: paging stopped after 0 pages: the answer's 'members' is not a list",
    );
  });

  it('without has_more, an empty page ends the walk; the absent list is an empty page', async () => {
    const { ok, seen } = apiAnswering((n) => (n === 0 ? { groups: [{ groupId: '1' }], anchor: 'A' } : { anchor: 'B' }));
    await expect(paginate(ok.group.getUserGroupsV2, {}).toArray()).resolves.toEqual([{ groupId: '1' }]);
    expect(seen).toHaveLength(2);
  });
});

describe('bad input, refused before any request', () => {
  const wire = recordingFetch();
  const ok = new API(new ServerSession({ ...APP, accessToken: USER.accessToken }), { fetch: wire.fetch });

  it.each([
    [
      () => paginate(ok.friends.get as unknown as (p: object) => Promise<unknown>, {}),
      'friends.get: the spec records no paging for this method; pass options.paging ({ style, cursor, items, ... }) to page it',
    ],
    [
      () => paginate(ok.group.getMembers, { uid: GID }, { limit: 0 }),
      "group.getMembers: paginate's limit must be a positive integer, got 0",
    ],
    [
      () => paginate(ok.group.getMembers, { uid: GID }, { pageSize: 2.5 }),
      "group.getMembers: paginate's pageSize must be a positive integer, got 2.5",
    ],
    [
      () => paginate(ok.group.getMembers, { uid: GID }, { maxPages: -1 }),
      "group.getMembers: paginate's maxPages must be a positive integer, got -1",
    ],
    [
      () =>
        paginate(ok.apps.getPlatformNew, { fields: [] }, { pageSize: 5, paging: { style: 'anchor', items: 'apps' } }),
      'apps.getPlatformNew: this method has no page size parameter, so pageSize cannot be set',
    ],
    [
      () => paginate('group.getMembers' as unknown as (p: object) => Promise<unknown>, {}),
      'paginate: the method must be a function, such as ok.group.getMembers',
    ],
  ])('%#', (start, message) => {
    expect(start).toThrow(new OkConfigError(message));
    expect(wire.seen).toHaveLength(0);
  });
});
