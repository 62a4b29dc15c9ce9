// The shared store kept in this process: several clients or sessions of one process share a limit, a flood block and
// a user's tokens through it. Every operation is one synchronous step, so it is atomic as the store interface wants;
// the rules are the same as RedisStore's scripts (redis-scripts.ts), and test/store/ runs one set of tests on both.
import type { SharedStore } from './store.js';

/** The store's clock, in ms; monotonic, so that a change of the wall clock moves no turn. */
const now = (): number => performance.now();

interface Lock {
  owner: string;
  expiresAt: number;
}

interface Turn {
  id: string;
  at: number;
}

/**
 * The turns of a key, each list in order of time. `turns`: every booked turn (at the time it went, once it went);
 * `went`: the turns that went, at the time they went. Turns that can no longer hold a later one back are forgotten.
 */
interface Window {
  turns: Turn[];
  went: Turn[];
}

/** Drops the turns at or before `since`: more than a window before any turn from now on. */
function forgetBefore(turns: Turn[], since: number): void {
  let old = 0;
  while (old < turns.length && turns[old]!.at <= since) old++;
  if (old > 0) turns.splice(0, old);
}

/** Puts a turn where its time goes in a list kept in order of time (after the turns of the same time). */
function insertInOrder(turns: Turn[], turn: Turn): void {
  let index = turns.length;
  while (index > 0 && turns[index - 1]!.at > turn.at) index--;
  turns.splice(index, 0, turn);
}

export class MemoryStore implements SharedStore {
  readonly #windows = new Map<string, Window>();
  readonly #blockedUntil = new Map<string, number>();
  readonly #values = new Map<string, string>();
  readonly #locks = new Map<string, Lock>();

  takeTurn(key: string, id: string, limit: number, interval: number): Promise<number> {
    const time = now();
    const { turns, went } = this.#window(key, time, interval);
    let at = Math.max(time, this.#blockedUntil.get(key) ?? 0);
    // The limit-th latest turn and the new one must be a whole interval apart; turns keep their booking order, spread
    // out: at least interval / limit after the latest.
    if (turns.length >= limit) at = Math.max(at, turns[turns.length - limit]!.at + interval);
    if (turns.length > 0) at = Math.max(at, turns[turns.length - 1]!.at + interval / limit);
    turns.push({ id, at });
    // A turn of now goes now: it counts as gone at once.
    if (at <= time) went.push({ id, at });
    return Promise.resolve(Math.ceil(at - time));
  }

  confirmTurn(key: string, id: string, limit: number, interval: number): Promise<number> {
    const time = now();
    const { turns, went } = this.#window(key, time, interval);
    // Room when the limit-th latest call that went is a whole interval ago.
    const at = went.length >= limit ? Math.max(time, went[went.length - limit]!.at + interval) : time;
    const index = turns.findIndex((turn) => turn.id === id);
    if (index >= 0) turns.splice(index, 1);
    insertInOrder(turns, { id, at });
    if (at > time) return Promise.resolve(Math.ceil(at - time));
    went.push({ id, at });
    return Promise.resolve(0);
  }

  cancelTurn(key: string, id: string): Promise<void> {
    const turns = this.#windows.get(key)?.turns;
    const index = turns?.findIndex((turn) => turn.id === id) ?? -1;
    if (index >= 0) turns!.splice(index, 1);
    return Promise.resolve();
  }

  /** The key's turns, without those that can no longer hold a later one back. */
  #window(key: string, time: number, interval: number): Window {
    let window = this.#windows.get(key);
    if (!window) {
      window = { turns: [], went: [] };
      this.#windows.set(key, window);
    }
    forgetBefore(window.turns, time - interval);
    forgetBefore(window.went, time - interval);
    return window;
  }

  block(key: string, ms: number): Promise<void> {
    const until = now() + ms;
    if (until > (this.#blockedUntil.get(key) ?? 0)) this.#blockedUntil.set(key, until);
    return Promise.resolve();
  }

  blockedFor(key: string): Promise<number> {
    const left = (this.#blockedUntil.get(key) ?? 0) - now();
    if (left <= 0) this.#blockedUntil.delete(key);
    return Promise.resolve(left > 0 ? Math.ceil(left) : 0);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#values.get(key));
  }

  compareAndSet(key: string, expected: string | undefined, value: string | undefined): Promise<boolean> {
    if (this.#values.get(key) !== expected) return Promise.resolve(false);
    if (value === undefined) this.#values.delete(key);
    else this.#values.set(key, value);
    return Promise.resolve(true);
  }

  lock(key: string, owner: string, ttl: number): Promise<boolean> {
    const time = now();
    const held = this.#locks.get(key);
    if (held && held.expiresAt > time) return Promise.resolve(false);
    this.#locks.set(key, { owner, expiresAt: time + ttl });
    return Promise.resolve(true);
  }

  unlock(key: string, owner: string): Promise<void> {
    const held = this.#locks.get(key);
    if (held?.owner === owner) this.#locks.delete(key);
    return Promise.resolve();
  }
}
