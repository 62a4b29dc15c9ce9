// Injected faults, seeded so that a run repeats: latency, transient OK errors (2 SERVICE, 8 FLOOD_BLOCKED), HTTP
// 500/502/503, and dropped connections. They apply to API calls, not to OAuth or uploads.
import { okError, type OkErrorBody } from './errors.js';
import { seededRandom } from './random.js';

export interface FaultOptions {
  /** Delay of every API answer in ms: a fixed value or a [min, max] range. */
  latencyMs?: number | readonly [number, number];
  /** Share of API calls (0..1) answered with OK error 2 SERVICE or 8 FLOOD_BLOCKED. */
  errorRate?: number;
  /** Share of API calls answered with HTTP 500, 502 or 503. */
  httpErrorRate?: number;
  /** Share of API calls whose connection is dropped without an answer. */
  dropRate?: number;
  /** The seed of the fault sequence (the server's seed by default). */
  seed?: number;
}

export type Fault = { kind: 'none'; delayMs: number } | { kind: 'ok-error'; delayMs: number; body: OkErrorBody } | { kind: 'http'; delayMs: number; status: number } | { kind: 'drop'; delayMs: number };

export function faultPlan(options: FaultOptions, seed: number): () => Fault {
  const next = seededRandom(options.seed ?? seed);
  const rate = (r: number | undefined) => Math.min(Math.max(r ?? 0, 0), 1);
  return () => {
    const l = options.latencyMs ?? 0;
    const delayMs = typeof l === 'number' ? l : Math.round(l[0] + next() * (l[1] - l[0]));
    let roll = next();
    if (roll < rate(options.dropRate)) return { kind: 'drop', delayMs };
    roll -= rate(options.dropRate);
    if (roll < rate(options.httpErrorRate)) return { kind: 'http', delayMs, status: [500, 502, 503][Math.floor(next() * 3)]! };
    roll -= rate(options.httpErrorRate);
    if (roll < rate(options.errorRate)) {
      const body = next() < 0.5 ? okError(2, 'Service temporarily unavailable (injected by the mock)') : okError(8, 'Too many requests (injected by the mock)');
      return { kind: 'ok-error', delayMs, body };
    }
    return { kind: 'none', delayMs };
  };
}

/** Parses `latency=50,error=0.1,http=0.05,drop=0.02,seed=7` (the CLI's --faults); latency may be `20-80`. */
export function parseFaults(text: string): FaultOptions {
  const out: FaultOptions = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
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
        if (!(number >= 0 && number <= 1)) throw new TypeError(`--faults: ${key} must be a rate between 0 and 1, got '${value}'`);
        out[key === 'error' ? 'errorRate' : key === 'http' ? 'httpErrorRate' : 'dropRate'] = number;
        break;
      case 'seed':
        if (!Number.isSafeInteger(number)) throw new TypeError(`--faults: seed must be an integer, got '${value}'`);
        out.seed = number;
        break;
      default:
        throw new TypeError(`--faults: unknown fault '${key}' (known: latency, error, http, drop, seed)`);
    }
  }
  return out;
}
