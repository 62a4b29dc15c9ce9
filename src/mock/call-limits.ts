// Calls per second, per app and per app and method, as OK limits them: a call over a limit is answered with OK's
// 8 FLOOD_BLOCKED and not carried out. Only calls that pass count, so that a client that backs off gets through
// again within a second. OK publishes no figures (users.getCallsLeft tells per method); the numbers are the config's.

export interface CallLimits {
  /** Calls per second an app may make, all methods together. */
  perApp?: number;
  /** Calls per second an app may make of one method, by method name: `{ "users.getInfo": 5 }`. */
  perMethod?: Record<string, number>;
}

const WINDOW_MS = 1000;

/** The times of the calls let through within the last window, oldest first; a ring so that the hot path allocates nothing. */
class SlidingWindow {
  readonly #times: Float64Array;
  #start = 0;
  #size = 0;

  constructor(readonly limit: number) {
    this.#times = new Float64Array(limit);
  }

  /** Whether one more call fits at `now`, forgetting the calls that left the window. */
  hasRoom(now: number): boolean {
    while (this.#size > 0 && now - this.#times[this.#start]! >= WINDOW_MS) {
      this.#start = (this.#start + 1) % this.limit;
      this.#size--;
    }
    return this.#size < this.limit;
  }

  record(now: number): void {
    this.#times[(this.#start + this.#size) % this.limit] = now;
    this.#size++;
  }
}

export class CallLimiter {
  readonly #windows = new Map<string, SlidingWindow>();

  constructor(
    readonly limits: CallLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Lets the call through (and counts it) unless a limit is reached; then the limit's description. */
  admit(appId: number, method: string): string | undefined {
    const perMethod = this.limits.perMethod?.[method];
    const windows: [SlidingWindow, string][] = [];
    if (this.limits.perApp !== undefined) windows.push([this.#window(`${appId}`, this.limits.perApp), 'the app']);
    if (perMethod !== undefined) windows.push([this.#window(`${appId} ${method}`, perMethod), method]);
    if (windows.length === 0) return undefined;
    const now = this.now();
    for (const [window, what] of windows) if (!window.hasRoom(now)) return `${window.limit} calls a second for ${what}`;
    for (const [window] of windows) window.record(now);
    return undefined;
  }

  #window(key: string, limit: number): SlidingWindow {
    let window = this.#windows.get(key);
    if (!window) {
      window = new SlidingWindow(limit);
      this.#windows.set(key, window);
    }
    return window;
  }
}

/** Checks `callLimits` from a config and says what is wrong. */
export function checkCallLimits(value: unknown, fail: (path: string, problem: string) => never): CallLimits {
  const positive = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('callLimits', 'must be an object');
  const limits = value as Record<string, unknown>;
  for (const key of Object.keys(limits))
    if (key !== 'perApp' && key !== 'perMethod') fail(`callLimits.${key}`, 'is not a known limit (perApp, perMethod)');
  if (limits.perApp !== undefined && !positive(limits.perApp))
    fail('callLimits.perApp', 'must be a positive integer (calls a second)');
  if (limits.perMethod !== undefined) {
    if (!limits.perMethod || typeof limits.perMethod !== 'object' || Array.isArray(limits.perMethod))
      fail('callLimits.perMethod', 'must be an object of method names and calls a second');
    for (const [method, limit] of Object.entries(limits.perMethod as Record<string, unknown>))
      if (!positive(limit)) fail(`callLimits.perMethod.${method}`, 'must be a positive integer (calls a second)');
  }
  return limits as CallLimits;
}
