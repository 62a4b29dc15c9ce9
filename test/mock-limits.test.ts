// What keeps the mock's memory flat over a long run, checked from inside: the expiring, capped map its state is made
// of; the sweep that drops what expired without waiting for a lookup (its timer unref'd and cleared on close); the
// caps on flows and tokens however many requests come; the parameter count taken before any parameter is decoded.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockServer } from '../src/mock/index.js';
import { ExpiringMap } from '../src/mock/expiring-map.js';
import { isTooMany, parseParams } from '../src/mock/request-body.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ExpiringMap', () => {
  it('forgets an entry at its expiry, on lookup or on sweep', () => {
    let now = 1000;
    const map = new ExpiringMap<string, number>(10, () => now);
    map.set('a', 1, 100);
    map.set('b', 2, 200);
    expect(map.get('a')).toBe(1);
    now = 1100;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(1);
    map.set('c', 3, 0);
    expect(map.get('c')).toBeUndefined();
    map.set('d', 4, 50);
    now = 1200;
    expect([...map.values()]).toEqual([]);
    expect(map.sweep()).toBe(2);
    expect(map.size).toBe(0);
  });

  it('drops the oldest entry past its size; a key set again counts as new', () => {
    const map = new ExpiringMap<string, number>(3, () => 0);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      map.set(k, v, 1000);
    map.set('a', 10, 1000);
    map.set('d', 4, 1000);
    expect([...map.values()]).toEqual([3, 10, 4]);
    expect(map.get('b')).toBeUndefined();
  });

  it('when full, drops the expired entries first, then the oldest tenth', () => {
    let now = 0;
    const map = new ExpiringMap<number, number>(20, () => now);
    for (let i = 0; i < 20; i++) map.set(i, i, i < 5 ? 10 : 1000);
    now = 10;
    map.set(20, 20, 1000);
    // Five expired went; nothing live had to.
    expect([...map.values()]).toEqual(Array.from({ length: 16 }, (_, i) => i + 5));
    for (let i = 21; i < 25; i++) map.set(i, i, 1000);
    expect(map.size).toBe(20);
    map.set(25, 25, 1000);
    expect([...map.values()]).toEqual(Array.from({ length: 19 }, (_, i) => i + 7));
  });
});

describe('parseParams', () => {
  it('counts before decoding: past the limit nothing is parsed', () => {
    expect(parseParams('a=1&b=2', 'c=3', 3)).toEqual({ a: '1', b: '2', c: '3' });
    expect(parseParams('a=1&b=2', 'c=3&d=4', 3)).toEqual({ tooMany: true, limit: 3 });
    expect(isTooMany(parseParams('', 'x&'.repeat(1_000_000), 1000))).toBe(true);
    // Empty pairs are no parameters, as for URLSearchParams.
    expect(parseParams('&&a=1&&', '&', 1)).toEqual({ a: '1' });
  });

  it('the body wins over the query; __proto__ is a parameter like any other', () => {
    const params = parseParams('a=query&__proto__=x', 'a=body', 10);
    // An own property, not a new prototype.
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.entries(params)).toEqual([
      ['a', 'body'],
      ['__proto__', 'x'],
    ]);
  });
});

describe('the mock under a long run', () => {
  it('keeps at most maxPending dialogs and maxTokens tokens, however many requests come', async () => {
    const mock = await createMockServer({ limits: { maxPending: 50, maxTokens: 20 } });
    try {
      const app = mock.config.apps[0]!;
      const user = mock.config.users[0]!;
      for (let i = 0; i < 200; i++) {
        await fetch(
          `${mock.url}oauth/authorize?client_id=${app.appId}&response_type=token&redirect_uri=http://127.0.0.1:9/cb&state=${i}`,
          { redirect: 'manual' },
        );
        const login = new URLSearchParams({
          application_key: app.appKey,
          method: 'auth.login',
          user_name: user.login!,
          password: user.password!,
        });
        await fetch(`${mock.url}fb.do`, {
          method: 'POST',
          body: login,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      }
      expect(mock.state.flows.size).toBeLessThanOrEqual(50);
      expect(mock.state.tokens.size).toBeLessThanOrEqual(20);
      // And the newest are the ones kept.
      expect([...mock.state.flows.values()].at(-1)).toMatchObject({ state: '199' });
    } finally {
      await mock.close();
    }
  });

  it('sweeps what expired every 30 s without a lookup, on an unref’d timer that close() clears', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const mock = await createMockServer({ lifetimes: { dialogS: 60, uploadS: 60 } });
    expect(vi.getTimerCount()).toBe(1);
    const app = mock.config.apps[0]!;
    for (let i = 0; i < 3; i++)
      await fetch(
        `${mock.url}oauth/authorize?client_id=${app.appId}&response_type=token&redirect_uri=http://127.0.0.1:9/cb`,
        { redirect: 'manual' },
      );
    mock.state.photos.set('uncommitted', {
      id: 'uncommitted',
      ownerId: '1',
      uploadToken: 't',
      commitBy: Date.now() + 60_000,
      committed: false,
      created: 0,
    });
    mock.state.photos.set('committed', {
      id: 'committed',
      ownerId: '1',
      commitBy: Date.now() + 60_000,
      committed: true,
      created: 0,
    });
    expect(mock.state.flows.size).toBe(3);
    vi.advanceTimersByTime(30_000);
    expect(mock.state.flows.size).toBe(3);
    vi.advanceTimersByTime(31_000);
    expect(mock.state.flows.size).toBe(0);
    expect([...mock.state.photos.keys()]).toEqual(['committed']);
    await mock.close();
    expect(vi.getTimerCount()).toBe(0);
    // An unref'd timer does not count among what keeps the process alive.
    vi.useRealTimers();
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const running = await createMockServer();
    expect(timeouts()).toBe(before);
    await running.close();
  });
});
