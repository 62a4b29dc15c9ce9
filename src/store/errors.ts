// A shared store that failed or did not answer. The client libraries' own errors are never passed on: ioredis, for
// one, puts the command's arguments on its errors (`err.command.args`), and those may hold a user's tokens. Only the
// reason's text is kept, with every known secret replaced.
import { OkError } from '../errors.js';
import { redactText } from '../redact.js';

/** The shared store (`MemoryStore`, `RedisStore` or your own) failed an operation; nothing was sent to OK. */
export class StoreError extends OkError {
  override name = 'StoreError';
  constructor(
    /** What okru asked of the store, e.g. `take a turn`. */
    readonly operation: string,
    /** What went wrong, without any secret. */
    readonly reason: string,
  ) {
    super(`the shared store failed to ${operation}: ${reason}`);
  }
}

/** The longest reason kept: a store's message may be long (a script's text), and the start says what happened. */
const MAX_REASON = 300;

/** Whatever a store threw, as a StoreError whose text holds none of `secrets`. */
export function storeFailure(operation: string, err: unknown, secrets: readonly string[] = []): StoreError {
  const reason = err instanceof StoreError ? err.reason : err instanceof Error ? err.message : String(err);
  return new StoreError(operation, redactText(reason, secrets).slice(0, MAX_REASON));
}

/**
 * Calls a store's method so that one that throws at once (a custom store's plain, non-async method) fails as one that
 * rejects, and so becomes the same StoreError without secrets. The method is called now, not a microtask later: for
 * RedisStore the order of the calls is the order of the commands on the connection, which undoing relies on.
 */
export function callStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (err) {
    return Promise.reject(err);
  }
}
