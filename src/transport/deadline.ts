// One exchange's clock and the caller's signal, merged: whatever comes first ends it. The deadline covers the whole
// exchange (connecting, the headers and every byte of the body), not only the wait for the headers as fetch's and
// ky's timeouts do: a server that sends headers and then stalls or drips must not hold a call for minutes.
import { OkAbortError } from '../errors.js';

export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  /** Rejects when the exchange must end; `race` uses it, so that even a fetch that ignores signals cannot hang. */
  readonly ended: Promise<never>;
  #timedOut = false;

  constructor(timeout: number | false, caller?: AbortSignal) {
    let end!: (reason: unknown) => void;
    this.ended = new Promise<never>((_, reject) => (end = reject));
    // Handled here: the promise may reject after the exchange is over, with nobody racing it any more.
    this.ended.catch(() => {});
    const stop = (reason: unknown) => {
      if (this.#controller.signal.aborted) return;
      this.#controller.abort(reason);
      end(reason);
    };
    if (timeout !== false) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        stop(new DOMException('the exchange took longer than its timeout', 'TimeoutError'));
      }, timeout);
    }
    if (caller) {
      this.#caller = caller;
      this.#onCallerAbort = () => stop(caller.reason);
      caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  /** Aborted by the timeout or by the caller. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Waits for `promise` unless the exchange ends first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.ended]);
  }

  /** Stops the clock and lets go of the caller's signal. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#caller) this.#caller.removeEventListener('abort', this.#onCallerAbort!);
  }
}

/** Rejects at once with OkAbortError when the signal has already been aborted: nothing is started then. */
export function throwIfAborted(what: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OkAbortError(what, signal.reason);
}

/**
 * Waits for `promise`, or rejects with OkAbortError as soon as `signal` aborts (the work goes on for others who wait
 * for it, e.g. a shared token refresh).
 */
export function abortable<T>(what: string, promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new OkAbortError(what, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OkAbortError(what, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Waits `ms`, or rejects with OkAbortError as soon as `signal` aborts. */
export function sleep(what: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new OkAbortError(what, signal.reason));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OkAbortError(what, signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
