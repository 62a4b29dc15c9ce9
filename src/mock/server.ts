// The mock OK server: fb.do and /api/<group>/<method> (GET and POST), oauth/token.do, the authorize endpoint with
// its login dialog, and upload URLs; bound to 127.0.0.1 on a given or free port. Here: its options, and its life
// (listening, the sweep of what expired, closing); request-handler.ts answers the requests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CONFIG, checkMockConfig, type MockConfig } from './config.js';
import { checkCorsOrigin, type CorsOrigin } from './cors.js';
import { okError } from './errors.js';
import { faultPlan, type Fault, type FaultOptions } from './faults.js';
import { SWEEP_INTERVAL_MS, resolveLifetimes, resolveLimits, type MockLifetimes, type MockLimits } from './limits.js';
import { requestHandler } from './request-handler.js';
import { MockState } from './state.js';

export interface MockServerOptions {
  /** Apps and users; the demo world by default. */
  config?: MockConfig;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeds ids, secrets and faults: the same seed, the same run. */
  seed?: number;
  faults?: FaultOptions;
  /**
   * Access-Control-Allow-Origin of the API, token and upload endpoints, so that a browser app can call the mock from
   * its own origin: `*` (the default), a list of exact origins, or `false` for none.
   */
  corsOrigin?: CorsOrigin;
  /** Caps on bodies, parameters, connections and what the mock remembers (limits.ts has the defaults). */
  limits?: MockLimits;
  /** Lifetimes of tokens, codes, dialogs, login cookies and upload URLs (OK's by default). */
  lifetimes?: MockLifetimes;
  /**
   * Each refresh answers with a new refresh token and spends the one used, as OK may ("a new refresh token may be
   * sent"): a client must keep the new one. Off by default (OK's usual answer, the refresh token unchanged).
   */
  rotateRefreshTokens?: boolean;
}

export interface MockServer {
  /** Where it listens, ending with `/`: pass it as `baseUrl`, `oauthBaseUrl` and `connectBaseUrl`. */
  readonly url: string;
  readonly port: number;
  readonly config: MockConfig;
  readonly state: MockState;
  /** Requests served, by kind; `faults` injected, `flood` calls refused over the config's call limits. */
  readonly stats: { api: number; oauth: number; upload: number; faults: number; flood: number };
  /** Makes the next API call fail this way, whatever the fault plan says (demos, tests of retries). */
  failNext(fault: { okError: 2 | 8 } | { httpStatus: 500 | 502 | 503 } | { drop: true }): void;
  close(): Promise<void>;
}

/** How a URL names the host: an IPv6 address in brackets. */
const urlHost = (address: AddressInfo) => (address.family === 'IPv6' ? `[${address.address}]` : address.address);

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const config = checkMockConfig(options.config ?? DEMO_CONFIG);
  const limits = resolveLimits(options.limits);
  const corsOrigin = checkCorsOrigin(options.corsOrigin ?? '*');
  const seed = options.seed ?? 1;
  const state = new MockState(config, seed, limits, resolveLifetimes(options.lifetimes));
  const plannedFault = faultPlan(options.faults ?? {}, seed);
  const forced: Fault[] = [];
  const stats = { api: 0, oauth: 0, upload: 0, faults: 0, flood: 0 };
  let baseUrl = '';
  const handle = requestHandler({
    config,
    state,
    corsOrigin,
    stats,
    token: { rotateRefreshTokens: options.rotateRefreshTokens === true },
    api: { state, baseUrl: () => baseUrl, nextFault: () => forced.shift() ?? plannedFault(), stats },
  });

  const server = createServer(handle);
  // An accept that fails (too many open files) is reported on the server: heard, so that it cannot end the process;
  // node:http answers malformed requests itself (400, 431, 408).
  server.on('error', () => {});
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = 5_000;
  // A client that sends its headers or body slowly cannot hold one of the capped connections for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${urlHost(address)}:${address.port}/`;
  // Expired flows, codes, tokens and uploads go even when nobody looks them up again; the timer never holds the
  // process open, and close() stops it.
  const sweeper = setInterval(() => state.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    url: baseUrl,
    port: address.port,
    config,
    state,
    stats,
    failNext(f) {
      if ('okError' in f)
        forced.push({
          kind: 'ok-error',
          delayMs: 0,
          body: okError(
            f.okError,
            f.okError === 2
              ? 'Service temporarily unavailable (injected by the mock)'
              : 'Too many requests (injected by the mock)',
          ),
        });
      else if ('httpStatus' in f) forced.push({ kind: 'http', delayMs: 0, status: f.httpStatus });
      else forced.push({ kind: 'drop', delayMs: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
