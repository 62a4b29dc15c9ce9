// What processes of one app share so that they act as one: the turns of a rate limit, a "blocked until" after OK's
// 8 FLOOD_BLOCKED, and a user's tokens with the lock that lets one process refresh them while the others wait.
// Each operation is atomic in the store itself (a Lua script in Redis, one synchronous step in memory), never a read
// followed by a write from here: two processes must not both see room for the last call of a window, or both take a
// lock. okru names every key itself (`okru:<appId>:...`, see keys.ts), so that two apps never share one.

import { OkConfigError } from '../errors.js';

/**
 * Shared state for `rateLimit({ store })` and `RefreshSession({ store, storeKey })`. `MemoryStore` keeps it in this
 * process (for several clients or sessions of one process); `RedisStore` (`okru/redis`) in Redis, for every process
 * of an app. Another database can implement these operations, each atomically and each settling within a bounded
 * time (RedisStore fails one after its `timeout`). Times are the store's own clock: what it returns are durations, so
 * that processes whose clocks differ still agree.
 *
 * The operations asked of one store object must take effect in the order they were asked, even those that failed, as
 * commands on one Redis connection do: okru undoes an operation that may have taken effect although it failed by asking
 * for the undoing once it settled (`cancelTurn` after a `takeTurn` or `confirmTurn`, `unlock` after a `lock`).
 * RedisStore's deadline ends the wait for a command, not the command, which still runs, before the undoing sent after
 * it. A store that books a failed turn after its cancel leaves it in the way of later calls until it lapses (an
 * interval after its time), and one that takes a failed lock after its unlock holds every refresh back until the lock
 * lapses.
 */
export interface SharedStore {
  /**
   * Books the next turn of a sliding window under `key`: no `limit + 1` turns within any `interval` ms, turns in the
   * order they were booked and at least `interval / limit` ms apart, none before the key's "blocked until". Returns
   * the milliseconds to wait until the turn (0: now). `id` names the booking for `cancelTurn`.
   */
  takeTurn(key: string, id: string, limit: number, interval: number): Promise<number>;
  /**
   * Called when the wait for a booked turn is over, just before the call goes: the store checks the window on the
   * times calls actually went, since a process whose timer fired late (a busy event loop, a paused VM) goes after the
   * turns booked behind its own. Returns 0 when no `limit` calls went within the last `interval` ms: the call goes
   * now, and now is recorded as the time it went. Otherwise the turn moves to when there is room, and the store
   * returns the milliseconds until then (the caller waits and confirms again). A turn that `takeTurn` answered with 0
   * went at once and needs no confirming.
   */
  confirmTurn(key: string, id: string, limit: number, interval: number): Promise<number>;
  /** Gives a booked turn back (its caller gave up waiting): later bookings may use the room. */
  cancelTurn(key: string, id: string): Promise<void>;
  /** No turn of `key` starts within the next `ms` milliseconds (an earlier block is extended, never shortened). */
  block(key: string, ms: number): Promise<void>;
  /** Milliseconds until `key`'s block ends; 0 when it is not blocked. */
  blockedFor(key: string): Promise<number>;
  /** The value under `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /**
   * Sets `key` to `value` (deletes it when `value` is undefined) only if it now holds `expected` (is absent when
   * `expected` is undefined). Returns whether it did.
   */
  compareAndSet(key: string, expected: string | undefined, value: string | undefined): Promise<boolean>;
  /** Takes the lock `key` for `owner` unless someone holds it; it lapses after `ttl` ms. Returns whether it did. */
  lock(key: string, owner: string, ttl: number): Promise<boolean>;
  /** Releases the lock `key` if `owner` still holds it (a lapsed and retaken lock is left alone). */
  unlock(key: string, owner: string): Promise<void>;
}

/**
 * Checks that `store` has the operations `owner` uses (a limit's turns, a user's tokens), so that a wrong option fails
 * when it is given, not on the first call.
 */
export function checkSharedStore(
  owner: string,
  store: unknown,
  operations: readonly (keyof SharedStore)[],
): asserts store is SharedStore {
  const has = (name: keyof SharedStore) => typeof (store as Record<string, unknown>)[name] === 'function';
  if (!store || typeof store !== 'object' || !operations.every(has))
    throw new OkConfigError(`${owner}: store must be a shared store, such as new MemoryStore() or a RedisStore`);
}
