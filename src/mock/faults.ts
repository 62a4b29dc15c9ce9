// Injected faults, seeded so that a run repeats: latency, transient OK errors (2 SERVICE, 8 FLOOD_BLOCKED), HTTP
// 500/502/503, dropped connections, stalls (no answer at all), and lost answers (the call is carried out, then the
// connection drops: the case where repeating a call that is not idempotent would do it twice). They apply to API
// calls, not to OAuth or uploads.
import { okError, type OkErrorBody } from './errors.js';
import { seededRandom } from './random.js';

export interface FaultOptions {
  /** Delay of every API answer in ms: a fixed value or a [min, max] range. */
  latencyMs?: number | readonly [number, number];
  /** Share of API calls (0..1) answered with OK error 2 SERVICE or 8 FLOOD_BLOCKED. */
  errorRate?: number;
  /** Share of API calls answered with HTTP 500, 502 or 503. */
  httpErrorRate?: number;
  /** Share of API calls whose connection is dropped without an answer (before the call is carried out). */
  dropRate?: number;
  /** Share of API calls that get no answer at all: the connection stays open until the client gives up. */
  stallRate?: number;
  /** Share of API calls carried out whose answer is then lost (the connection drops). */
  lostAnswerRate?: number;
  /** The seed of the fault sequence (the server's seed by default). */
  seed?: number;
}

export type Fault =
  | { kind: 'none'; delayMs: number }
  | { kind: 'ok-error'; delayMs: number; body: OkErrorBody }
  | { kind: 'http'; delayMs: number; status: number }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'stall'; delayMs: number }
  | { kind: 'lost-answer'; delayMs: number };

const NO_FAULT: Fault = Object.freeze({ kind: 'none', delayMs: 0 });

export function faultPlan(options: FaultOptions, seed: number): () => Fault {
  const rate = (r: number | undefined) => Math.min(Math.max(r ?? 0, 0), 1);
  // Nothing to inject: no dice to roll on every call.
  const l = options.latencyMs ?? 0;
  const rates = [options.dropRate, options.httpErrorRate, options.errorRate, options.stallRate, options.lostAnswerRate];
  if (rates.every((r) => !rate(r)) && (typeof l === 'number' ? !l : !l[0] && !l[1])) return () => NO_FAULT;
  const next = seededRandom(options.seed ?? seed);
  return () => {
    const l = options.latencyMs ?? 0;
    const delayMs = typeof l === 'number' ? l : Math.round(l[0] + next() * (l[1] - l[0]));
    let roll = next();
    if (roll < rate(options.dropRate)) return { kind: 'drop', delayMs };
    roll -= rate(options.dropRate);
    if (roll < rate(options.httpErrorRate))
      return { kind: 'http', delayMs, status: [500, 502, 503][Math.floor(next() * 3)]! };
    roll -= rate(options.httpErrorRate);
    if (roll < rate(options.errorRate)) {
      const body =
        next() < 0.5
          ? okError(2, 'Service temporarily unavailable (injected by the mock)')
          : okError(8, 'Too many requests (injected by the mock)');
      return { kind: 'ok-error', delayMs, body };
    }
    roll -= rate(options.errorRate);
    if (roll < rate(options.stallRate)) return { kind: 'stall', delayMs };
    roll -= rate(options.stallRate);
    if (roll < rate(options.lostAnswerRate)) return { kind: 'lost-answer', delayMs };
    return { kind: 'none', delayMs };
  };
}

/** Parses `latency=50,error=0.1,http=0.05,drop=0.02,stall=0.01,lost=0.01,seed=7` (the CLI's --faults); latency may be `20-80`. */
const RATE_KEYS = {
  error: 'errorRate',
  http: 'httpErrorRate',
  drop: 'dropRate',
  stall: 'stallRate',
  lost: 'lostAnswerRate',
} as const;

export function parseFaults(text: string): FaultOptions {
  const out: FaultOptions = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value = ''] = part.split('=');
    const number = Number(value);
    switch (key) {
      case 'latency': {
        const range = /^(\d+)-(\d+)$/.exec(value);
        if (range) out.latencyMs = [Number(range[1]), Number(range[2])];
        else if (Number.isFinite(number) && number >= 0) out.latencyMs = number;
        else throw new TypeError(`--faults: latency must be milliseconds or a range like 20-80, got '${value}'`);
        break;
      }
      case 'error':
      case 'http':
      case 'drop':
      case 'stall':
      case 'lost':
        if (!(number >= 0 && number <= 1))
          throw new TypeError(`--faults: ${key} must be a rate between 0 and 1, got '${value}'`);
        out[RATE_KEYS[key]] = number;
        break;
      case 'seed':
        if (!Number.isSafeInteger(number)) throw new TypeError(`--faults: seed must be an integer, got '${value}'`);
        out.seed = number;
        break;
      default:
        throw new TypeError(`--faults: unknown fault '${key}' (known: latency, error, http, drop, stall, lost, seed)`);
    }
  }
  return out;
}
