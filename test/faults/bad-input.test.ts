// Bad input is an OkParamError before anything is sent, naming the method, the parameter and where inside it: okru
// never changes or drops what it was given on the way to OK.
import { describe, expect, it } from 'vitest';
import { API, OkParamError, ServerSession, type MethodInfo } from '../../src/index.js';
import { json, recordingFetch } from '../helpers/wire.js';

function client() {
  const wire = recordingFetch(() => json(true));
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
    fetch: wire.fetch,
  });
  return { ok, seen: wire.seen };
}

/** Calls friends.get (a method whose spec knows `fid`) with raw params, past the types. */
async function problem(params: unknown, method = 'friends.get'): Promise<string> {
  const { ok, seen } = client();
  const error = await ok.call(method as 'friends.get', params as never).catch((e: unknown) => e);
  expect(seen).toHaveLength(0);
  expect(error).toBeInstanceOf(OkParamError);
  return (error as Error).message;
}

const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

describe('refused before sending', () => {
  it.each([
    [
      'a lone surrogate in a name',
      { 'bad\uD800': 'x' },
      "friends.get: parameter 'bad\uFFFD' has a lone UTF-16 surrogate in its name, which has no UTF-8 form",
    ],
    [
      'a lone surrogate in a value',
      { fid: 'a\uDC00b' },
      "friends.get: parameter 'fid' holds a lone UTF-16 surrogate, which has no UTF-8 form",
    ],
    [
      'a lone surrogate deep in JSON',
      { filter: { tags: ['ok', '\uD83D'] } },
      "friends.get: parameter 'filter' holds a lone UTF-16 surrogate at .tags[1], which has no UTF-8 form",
    ],
    ['a circular value', { data: circular }, "friends.get: parameter 'data' is circular at .self: it contains itself"],
    [
      'a Map as the parameters',
      new Map([['fid', '1']]),
      "friends.get: parameter '(params)' must be a plain object of parameters, got a Map",
    ],
    [
      'a Set as a value',
      { uids: new Set(['1']) },
      "friends.get: parameter 'uids' holds a Set; only plain objects, arrays and scalars can be sent",
    ],
    [
      'a function deep inside',
      { data: { on: [() => 1] } },
      "friends.get: parameter 'data' holds a function at .on[0], which cannot be sent",
    ],
    ['a symbol', { data: Symbol('x') }, "friends.get: parameter 'data' holds a symbol, which cannot be sent"],
    ['NaN in a list', { ids: [1, Number.NaN] }, "friends.get: parameter 'ids' holds NaN at [1], which OK cannot read"],
    [
      'Infinity in JSON',
      { data: { max: Infinity } },
      "friends.get: parameter 'data' holds Infinity at .max, which OK cannot read",
    ],
    [
      'a Date',
      { when: new Date(0) },
      "friends.get: parameter 'when' holds a Date: OK's methods differ in date formats, so pass the string or number the method's docs describe",
    ],
    [
      'a class instance in JSON',
      { data: { at: new URL('https://ok.ru') } },
      "friends.get: parameter 'data' holds a URL at .at; only plain objects, arrays and scalars can be sent",
    ],
    [
      'a __proto__ key',
      JSON.parse('{"__proto__": "x", "fid": "1"}'),
      "friends.get: parameter '__proto__' is not a parameter name okru can send",
    ],
    [
      'an object whose prototype a __proto__ literal set',
      { __proto__: { fid: '1' } },
      "friends.get: parameter '(params)' must be a plain object of parameters, got object",
    ],
  ])('%s', async (_what, params, message) => {
    expect(await problem(params)).toBe(message);
  });

  it('an own __proto__ key inside a JSON value is kept as data', async () => {
    const { ok, seen } = client();
    await ok.call('friends.get', { data: JSON.parse('{"__proto__": {"x": 1}}') } as never);
    expect(seen[0]!.params.data).toBe('{"__proto__":{"x":1}}');
  });
});

describe("the spec's limits", () => {
  it('users.getInfo: more than 100 uids is refused, naming the parameter and the limit; 100 go out', async () => {
    const { ok, seen } = client();
    const uids = Array.from({ length: 150 }, (_, i) => String(i + 1));
    await expect(ok.users.getInfo({ uids, fields: ['first_name'] })).rejects.toThrow(
      new OkParamError('users.getInfo', 'uids', 'holds 150 items, more than the 100 OK allows in one call'),
    );
    await expect(ok.users.getInfo({ uids: uids.join(',') as never, fields: ['first_name'] })).rejects.toThrow(
      'holds 150 items',
    );
    expect(seen).toHaveLength(0);
    await ok.users.getInfo({ uids: uids.slice(0, 100), fields: ['first_name'] });
    expect(seen[0]!.params.uids!.split(',')).toHaveLength(100);
  });

  it('list counts, string lengths and number ranges, both ends', async () => {
    const { ok, seen } = client();
    const row: MethodInfo = {
      name: 'test.limited',
      session: 'optional',
      permissions: [],
      idempotent: true,
      params: {
        ids: { kind: 'id', list: true, min: 2, max: 3 },
        title: { kind: 'string', min: 2, max: 5 },
        n: { kind: 'integer', min: 1, max: 10 },
        x: { kind: 'number', min: -1.5 },
      },
    };
    const limited = (params: object) => ok.invoke('test.limited', row, params);
    const call = (params: object) => limited(params).catch((e: unknown) => (e as Error).message);
    expect(await call({ ids: ['1'] })).toBe(
      "test.limited: parameter 'ids' holds 1 items, fewer than the 2 OK requires",
    );
    expect(await call({ ids: ['1', '2', '3', '4'] })).toBe(
      "test.limited: parameter 'ids' holds 4 items, more than the 3 OK allows in one call",
    );
    expect(await call({ title: 'x' })).toBe(
      "test.limited: parameter 'title' is 1 characters long, shorter than the 2 OK requires",
    );
    expect(await call({ title: 'xxxxxx' })).toBe(
      "test.limited: parameter 'title' is 6 characters long, longer than the 5 OK allows",
    );
    expect(await call({ n: 0 })).toBe("test.limited: parameter 'n' is below the smallest value OK allows (1)");
    expect(await call({ n: 11n })).toBe("test.limited: parameter 'n' is above the largest value OK allows (10)");
    expect(await call({ x: -2 })).toBe("test.limited: parameter 'x' is below the smallest value OK allows (-1.5)");
    expect(seen).toHaveLength(0);
    await limited({ ids: ['1', '2'], title: 'ab', n: 10, x: 99 });
    expect(seen[0]!.params).toMatchObject({ ids: '1,2', title: 'ab', n: '10', x: '99' });
  });
});
