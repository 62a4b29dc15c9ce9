// The shared store in Redis, for every process of an app: each operation is one Lua script (redis-scripts.ts), run
// through the client the app made (redis-client.ts). Every operation has a deadline: a Redis that does not answer
// fails the call with StoreError rather than holding it. Failures never carry the client's own error (its fields
// may hold the command's arguments, tokens among them): only its message, with the arguments taken out.
import { OkConfigError } from '../errors.js';
import { storeFailure } from './errors.js';
import { type RedisClientLike, type RunScript, scriptRunner } from './redis-client.js';
import { SCRIPTS } from './redis-scripts.js';
import type { SharedStore } from './store.js';

export interface RedisStoreOptions {
  /** Put before every key okru writes, e.g. `'myapp:'` to keep okru's keys apart in a shared database; none by default. */
  prefix?: string;
  /** Milliseconds each operation may take before it fails with StoreError; 5000 by default. */
  timeout?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Shorter arguments are flags and numbers; longer ones (tokens, lock owners, turn ids) are kept out of errors. */
const MIN_SECRET_LENGTH = 8;

export class RedisStore implements SharedStore {
  readonly #run: RunScript;
  readonly #prefix: string;
  readonly #timeout: number;

  /**
   * @param client An ioredis client (`new Redis(url)`) or a connected node-redis client (`createClient()`), made and
   *   closed by the app. okru only runs scripts with it.
   * @throws OkConfigError when the client is neither, or an option is wrong.
   */
  constructor(client: RedisClientLike, options: RedisStoreOptions = {}) {
    this.#run = scriptRunner(client);
    const { prefix = '', timeout = DEFAULT_TIMEOUT_MS } = options;
    if (typeof prefix !== 'string') throw new OkConfigError('RedisStore: prefix must be a string');
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)
      throw new OkConfigError('RedisStore: timeout must be a positive number of milliseconds');
    this.#prefix = prefix;
    this.#timeout = timeout;
  }

  /**
   * The keys of a limit's turns and block. In braces, so that Redis Cluster puts both in one slot (a script may only
   * touch keys of one slot); the suffixes differ, so no key of one kind can be another's.
   */
  #rateKeys(key: string): [turns: string, blocked: string, went: string] {
    const tag = `${this.#prefix}{${key}}`;
    return [`${tag}:turns`, `${tag}:blocked`, `${tag}:went`];
  }

  async takeTurn(key: string, id: string, limit: number, interval: number): Promise<number> {
    return Number(await this.#script('take a turn', 'takeTurn', this.#rateKeys(key), [`${limit}`, `${interval}`, id]));
  }

  async confirmTurn(key: string, id: string, limit: number, interval: number): Promise<number> {
    const [turns, , went] = this.#rateKeys(key);
    return Number(await this.#script('take a turn', 'confirmTurn', [turns, went], [`${limit}`, `${interval}`, id]));
  }

  async cancelTurn(key: string, id: string): Promise<void> {
    await this.#script('give a turn back', 'cancelTurn', [this.#rateKeys(key)[0]], [id]);
  }

  async block(key: string, ms: number): Promise<void> {
    await this.#script('block calls', 'block', [this.#rateKeys(key)[1]], [`${ms}`]);
  }

  async blockedFor(key: string): Promise<number> {
    return Number(await this.#script('read a block', 'blockedFor', [this.#rateKeys(key)[1]], []));
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#script('read a value', 'get', [this.#prefix + key], []);
    return typeof value === 'string' ? value : undefined;
  }

  async compareAndSet(key: string, expected: string | undefined, value: string | undefined): Promise<boolean> {
    const args = [expected === undefined ? '0' : '1', expected ?? '', value === undefined ? '0' : '1', value ?? ''];
    return Number(await this.#script('write a value', 'compareAndSet', [this.#prefix + key], args)) === 1;
  }

  async lock(key: string, owner: string, ttl: number): Promise<boolean> {
    const ms = `${Math.max(1, Math.ceil(ttl))}`;
    return Number(await this.#script('take a lock', 'lock', [this.#prefix + key], [owner, ms])) === 1;
  }

  async unlock(key: string, owner: string): Promise<void> {
    await this.#script('release a lock', 'unlock', [this.#prefix + key], [owner]);
  }

  /** Runs a script within the deadline; any failure is a StoreError without the arguments. */
  async #script(operation: string, name: keyof typeof SCRIPTS, keys: string[], args: string[]): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.#timeout} ms`)), this.#timeout);
    });
    try {
      return await Promise.race([this.#run(SCRIPTS[name], keys, args), deadline]);
    } catch (err) {
      // Flags and numbers are no secrets (and would blank out every digit of the message); values and ids may be.
      throw storeFailure(
        operation,
        err,
        args.filter((arg) => arg.length >= MIN_SECRET_LENGTH),
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
