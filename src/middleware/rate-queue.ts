// rateLimit() in one process: calls go in order, never more than `limit` within any `interval`, and with `spread` one
// at a time, at least `interval / limit` ms apart, all measured on the times calls actually went. Booking slots ahead
// (as a sliding window of planned times does, p-throttle's strict mode among them) lets a stall of the event loop (a
// long GC) bunch the calls whose slots passed meanwhile with the calls due next: twice the limit within a few ms,
// measured, and OK's 8 FLOOD_BLOCKED. Here a late call only moves the next ones: after a stall, the window counts from
// when the late calls went, and spread calls resume `interval / limit` apart (half that for the first, to win back a
// little of what timers lose).

interface Waiting {
  /** When it joined the queue. */
  readonly since: number;
  readonly go: (went: () => void) => void;
  readonly stop: (reason: unknown) => void;
}

/** Calls gone from the head of the queue before it is compacted. */
const COMPACT_AFTER = 1024;

export class RateQueue {
  readonly #limit: number;
  readonly #interval: number;
  readonly #gap: number;
  /** The times the last `limit` calls went, oldest first (a ring). */
  readonly #sent: Float64Array;
  /** Which call each slot of the ring holds (its number in the order calls went). */
  readonly #sentCall: Float64Array;
  #calls = 0;
  #sentStart = 0;
  #sentCount = 0;
  /** The earliest time the next call may go. */
  #nextAt = Number.NEGATIVE_INFINITY;
  readonly #queue: Waiting[] = [];
  #queueStart = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    limit: number,
    interval: number,
    spread: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#limit = limit;
    this.#interval = interval;
    // Unspread, a window's calls may go at once: only the window holds them back.
    this.#gap = spread ? interval / limit : 0;
    this.#sent = new Float64Array(limit);
    this.#sentCall = new Float64Array(limit);
  }

  /**
   * Resolves when the call may go, with `went`, to call the moment it goes on. Calls let go together run one after the
   * other (each up to its first wait for I/O: signing, the request), so the last of them goes on later than it was let
   * go; `went` moves its time in the window to when it really went. `signal` takes a call out of the queue (rejecting
   * with `abortReason()`); `onWait` is called when it has to wait.
   */
  take(signal: AbortSignal | undefined, abortReason: () => unknown, onWait?: () => void): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason());
    return new Promise<() => void>((resolve, reject) => {
      let onAbort: (() => void) | undefined;
      let released = false;
      const waiting: Waiting = {
        since: this.now(),
        go: (went) => {
          released = true;
          if (onAbort) signal!.removeEventListener('abort', onAbort);
          resolve(went);
        },
        stop: (reason) => {
          if (onAbort) signal!.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      if (signal) {
        onAbort = () => {
          const index = this.#queue.indexOf(waiting, this.#queueStart);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(abortReason());
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      this.#queue.push(waiting);
      this.#pump();
      if (!released) onWait?.();
    });
  }

  /** Ends every waiting call with `reason` (the middleware's own signal). */
  stopAll(reason: unknown): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const waiting = this.#queue.splice(this.#queueStart);
    this.#queue.length = 0;
    this.#queueStart = 0;
    for (const w of waiting) w.stop(reason);
  }

  /** Lets the first waiting call go when it may, else sets a timer for when it may. */
  #pump(): void {
    if (this.#timer !== undefined) return;
    while (this.#queueStart < this.#queue.length) {
      const now = this.now();
      const at = this.#earliest();
      if (at > now) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, at - now);
        return;
      }
      const waiting = this.#queue[this.#queueStart++]!;
      // When it was due: its turn, or when it came if nothing held it.
      waiting.go(this.#record(now, Math.max(at, waiting.since)));
      // Under a load that never lets the queue empty, the calls gone are dropped from its head now and then.
      if (this.#queueStart >= COMPACT_AFTER && this.#queueStart * 2 >= this.#queue.length) {
        this.#queue.splice(0, this.#queueStart);
        this.#queueStart = 0;
      }
    }
    this.#queue.length = 0;
    this.#queueStart = 0;
  }

  /** The earliest time the next call may go: its spacing, and the window of the last `limit` calls. */
  #earliest(): number {
    const windowFull = this.#sentCount === this.#limit;
    const oldest = this.#sent[this.#sentStart]!;
    return Math.max(this.#nextAt, windowFull ? oldest + this.#interval : Number.NEGATIVE_INFINITY);
  }

  /** Notes a call let go now, and returns its `went`. */
  #record(now: number, due: number): () => void {
    // The schedule moves on by one gap from when this call was due; a call let go late (a stall, a late timer) lets
    // the next one catch up, but never closer than half a gap.
    this.#nextAt = Math.max(due + this.#gap, now + this.#gap / 2);
    let slot: number;
    if (this.#sentCount < this.#limit) {
      slot = (this.#sentStart + this.#sentCount) % this.#limit;
      this.#sentCount++;
    } else {
      slot = this.#sentStart;
      this.#sentStart = (this.#sentStart + 1) % this.#limit;
    }
    const call = ++this.#calls;
    this.#sent[slot] = now;
    this.#sentCall[slot] = call;
    return () => {
      // A slot another call took since holds that call's time.
      if (this.#sentCall[slot] !== call) return;
      const wentAt = this.now();
      if (wentAt <= this.#sent[slot]!) return;
      this.#sent[slot] = wentAt;
      this.#nextAt = Math.max(this.#nextAt, wentAt + this.#gap / 2);
    };
  }
}
