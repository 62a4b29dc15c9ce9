// What every shared store promises (src/store/store.ts), checked on MemoryStore and on RedisStore over a real
// redis-server with ioredis and with node-redis: the same tests, the same answers. Atomicity is checked the way it
// fails: many connections asking at once, of which exactly the allowed number may win.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SharedStore } from '../../src/index.js';
import { storeKinds } from './stores.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Bookings take a few ms (a round trip): a wait is at most what it should be, and at most this much less. */
const SLACK_MS = 60;

describe.each(storeKinds('test/store/store-contract'))('$name', (kind) => {
  beforeAll(() => kind.start(), 30_000);
  afterEach(() => kind.reset());
  afterAll(() => kind.stop());

  describe('turns', () => {
    it('books turns in booking order, interval / limit apart: never more than limit in an interval', async () => {
      const store = await kind.connect();
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) waits.push(await store.takeTurn('k', `t${i}`, 2, 300));
      const expected = [0, 150, 300, 450, 600];
      waits.forEach((w, i) => {
        expect(w).toBeLessThanOrEqual(expected[i]!);
        expect(w).toBeGreaterThanOrEqual(Math.max(0, expected[i]! - SLACK_MS));
      });
    });

    it('keeps each key apart', async () => {
      const store = await kind.connect();
      expect(await store.takeTurn('a', '1', 1, 10_000)).toBe(0);
      expect(await store.takeTurn('b', '1', 1, 10_000)).toBe(0);
      expect(await store.takeTurn('a', '2', 1, 10_000)).toBeGreaterThan(10_000 - SLACK_MS);
    });

    it('a turn given back frees its room for the next booking', async () => {
      const store = await kind.connect();
      await store.takeTurn('k', 'first', 1, 400);
      const second = await store.takeTurn('k', 'second', 1, 400);
      await store.cancelTurn('k', 'second');
      const third = await store.takeTurn('k', 'third', 1, 400);
      expect(second).toBeGreaterThan(400 - SLACK_MS);
      // Where the second would have gone, not a window later.
      expect(third).toBeLessThanOrEqual(second);
      expect(third).toBeGreaterThan(400 - SLACK_MS);
    });

    it('forgets turns older than the window: a key used long ago has its whole limit again', async () => {
      const store = await kind.connect();
      expect(await store.takeTurn('k', '1', 1, 100)).toBe(0);
      await pause(130);
      expect(await store.takeTurn('k', '2', 1, 100)).toBe(0);
    });

    it('20 bookings at once from 5 connections, limit 3 per second: 20 distinct turns, a third of a second apart', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => kind.connect()));
      const waits = await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 4 }, (_, i) => store.takeTurn('shared', `s${s}-${i}`, 3, 1000)),
        ),
      );
      // Were a booking not atomic, two would get the same turn (or a turn too close to another).
      [...waits]
        .sort((a, b) => a - b)
        .forEach((w, i) => {
          expect(w).toBeLessThanOrEqual(Math.ceil((i * 1000) / 3));
          expect(w).toBeGreaterThanOrEqual((i * 1000) / 3 - SLACK_MS);
        });
    });
  });

  describe('confirming turns', () => {
    it('a turn whose wait is over goes at once while the window has room, and is counted from when it went', async () => {
      const store = await kind.connect();
      expect(await store.takeTurn('k', 'first', 2, 300)).toBe(0);
      const second = await store.takeTurn('k', 'second', 2, 300);
      await pause(second);
      expect(await store.confirmTurn('k', 'second', 2, 300)).toBe(0);
      // Two went within the window: the next booking waits for the first to leave it.
      const third = await store.takeTurn('k', 'third', 2, 300);
      expect(third).toBeGreaterThan(300 - second - SLACK_MS);
    });

    it('a turn that went late (its timer fired after the turns behind it) holds back the turn after it', async () => {
      // limit 2 per 300 ms. Booked: a now, b at 150, c at 300, d at 450. b's process stalls: c goes at 300, b only
      // at ~300 too. Had d gone at 450 as booked, c, b and d would be 3 calls within 150 ms.
      const store = await kind.connect();
      expect(await store.takeTurn('k', 'a', 2, 300)).toBe(0);
      const waits = [await store.takeTurn('k', 'b', 2, 300), await store.takeTurn('k', 'c', 2, 300)];
      const d = await store.takeTurn('k', 'd', 2, 300);
      await pause(waits[1]!);
      expect(await store.confirmTurn('k', 'c', 2, 300)).toBe(0);
      expect(await store.confirmTurn('k', 'b', 2, 300)).toBe(0);
      const wentAt = performance.now();
      await pause(d - waits[1]!);
      const more = await store.confirmTurn('k', 'd', 2, 300);
      // d may go only a whole interval after c: about 150 ms after its booked time.
      const elapsed = performance.now() - wentAt;
      expect(more).toBeGreaterThan(300 - elapsed - SLACK_MS);
      expect(more).toBeLessThanOrEqual(Math.ceil(300 - elapsed) + SLACK_MS);
      await pause(more);
      expect(await store.confirmTurn('k', 'd', 2, 300)).toBe(0);
    });

    it('a turn moved by a refused confirmation holds back later bookings', async () => {
      const store = await kind.connect();
      expect(await store.takeTurn('k', 'a', 1, 400)).toBe(0);
      // b books behind a; its process confirms at once (as if its clock ran ahead): refused and moved, not lost.
      await store.takeTurn('k', 'b', 1, 400);
      const moved = await store.confirmTurn('k', 'b', 1, 400);
      expect(moved).toBeGreaterThan(400 - SLACK_MS);
      const next = await store.takeTurn('k', 'c', 1, 400);
      expect(next).toBeGreaterThan(moved + 400 - SLACK_MS);
    });
  });

  describe('blocks', () => {
    it('a block holds back new turns of its key only, and a shorter block does not shorten it', async () => {
      const store = await kind.connect();
      expect(await store.blockedFor('k')).toBe(0);
      await store.block('k', 300);
      await store.block('k', 50);
      const left = await store.blockedFor('k');
      expect(left).toBeLessThanOrEqual(300);
      expect(left).toBeGreaterThan(300 - SLACK_MS);
      expect(await store.blockedFor('other')).toBe(0);
      const wait = await store.takeTurn('k', '1', 10, 1000);
      expect(wait).toBeLessThanOrEqual(300);
      expect(wait).toBeGreaterThan(300 - SLACK_MS);
      expect(await store.takeTurn('other', '1', 10, 1000)).toBe(0);
    });

    it('ends: after its time the key is free', async () => {
      const store = await kind.connect();
      await store.block('k', 80);
      await pause(110);
      expect(await store.blockedFor('k')).toBe(0);
      expect(await store.takeTurn('k', '1', 1, 1000)).toBe(0);
    });
  });

  describe('values', () => {
    it('compareAndSet writes only over the value expected (absent when undefined), and deletes', async () => {
      const store = await kind.connect();
      expect(await store.get('v')).toBeUndefined();
      expect(await store.compareAndSet('v', undefined, 'a')).toBe(true);
      expect(await store.compareAndSet('v', undefined, 'b')).toBe(false);
      expect(await store.compareAndSet('v', 'x', 'b')).toBe(false);
      expect(await store.get('v')).toBe('a');
      expect(await store.compareAndSet('v', 'a', 'b')).toBe(true);
      expect(await store.get('v')).toBe('b');
      expect(await store.compareAndSet('v', 'b', undefined)).toBe(true);
      expect(await store.get('v')).toBeUndefined();
    });

    it('10 connections writing over the same value at once: exactly one wins', async () => {
      const stores = await Promise.all(Array.from({ length: 10 }, () => kind.connect()));
      const won = await Promise.all(stores.map((s, i) => s.compareAndSet('v', undefined, `writer ${i}`)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await stores[0]!.get('v')).toBe(`writer ${won.indexOf(true)}`);
    });
  });

  describe('locks', () => {
    it('one holder at a time; only the holder releases it', async () => {
      const store = await kind.connect();
      expect(await store.lock('l', 'one', 5_000)).toBe(true);
      expect(await store.lock('l', 'two', 5_000)).toBe(false);
      await store.unlock('l', 'two');
      expect(await store.lock('l', 'two', 5_000)).toBe(false);
      await store.unlock('l', 'one');
      expect(await store.lock('l', 'two', 5_000)).toBe(true);
    });

    it('a lock lapses after its time; the old holder cannot release the new one', async () => {
      const store = await kind.connect();
      expect(await store.lock('l', 'dead', 100)).toBe(true);
      expect(await store.lock('l', 'next', 5_000)).toBe(false);
      await pause(130);
      expect(await store.lock('l', 'next', 5_000)).toBe(true);
      await store.unlock('l', 'dead');
      expect(await store.lock('l', 'third', 5_000)).toBe(false);
    });

    it('10 connections taking the same lock at once: exactly one gets it', async () => {
      const stores: SharedStore[] = await Promise.all(Array.from({ length: 10 }, () => kind.connect()));
      const taken = await Promise.all(stores.map((s, i) => s.lock('l', `owner ${i}`, 5_000)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });
  });
});
