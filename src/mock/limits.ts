// How much the mock accepts and how long it remembers: caps that keep one request cheap and memory flat over a long
// run, and the lifetimes of what OK hands out. Every value can be overridden in createMockServer's options.

export interface MockLimits {
  /** Largest form body (API calls, oauth/token.do, the login dialog), in bytes; beyond it, HTTP 413. */
  maxBodyBytes?: number;
  /** Largest upload body, in bytes; beyond it, HTTP 413. */
  maxUploadBytes?: number;
  /** Most parameters one request may carry (query and body together); beyond it, OK error 100. */
  maxParams?: number;
  /** Most open connections; more are closed at once (node:http's server.maxConnections). */
  maxConnections?: number;
  /** Most login flows, codes, login cookies and upload slots kept, each; the oldest is dropped first. */
  maxPending?: number;
  /** Most access and refresh tokens issued by the mock kept, each; the oldest is dropped first. */
  maxTokens?: number;
}

export interface MockLifetimes {
  /** An access token without LONG_ACCESS_TOKEN: 30 minutes, as OK. */
  accessTokenS?: number;
  /** An access token with LONG_ACCESS_TOKEN: 30 days, as OK. */
  longAccessTokenS?: number;
  /** A refresh token: 30 days. */
  refreshTokenS?: number;
  /** An authorization code: 2 minutes, as OK. */
  codeS?: number;
  /** A login dialog opened by the authorize URL and not finished. */
  dialogS?: number;
  /** The login cookie the dialog sets. */
  loginS?: number;
  /** An upload URL, and a photo uploaded to it but not committed. */
  uploadS?: number;
}

export const DEFAULT_LIMITS: Required<MockLimits> = {
  maxBodyBytes: 1024 * 1024,
  maxUploadBytes: 64 * 1024 * 1024,
  maxParams: 1000,
  maxConnections: 1024,
  maxPending: 5000,
  maxTokens: 100_000,
};

const DAY_S = 24 * 3600;

export const DEFAULT_LIFETIMES: Required<MockLifetimes> = {
  accessTokenS: 1800,
  longAccessTokenS: 30 * DAY_S,
  refreshTokenS: 30 * DAY_S,
  codeS: 120,
  dialogS: 1800,
  loginS: DAY_S,
  uploadS: 3600,
};

/** How long an expired token still answers 102 (expired) before the mock forgets it and answers 103 (unknown). */
export const EXPIRED_TOKEN_MEMORY_S = 3600;

/** How often expired entries are swept (they are also dropped when looked up). */
export const SWEEP_INTERVAL_MS = 30_000;

function checked<T extends object>(given: Partial<T> | undefined, defaults: Required<T>, what: string): Required<T> {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    if (!(key in defaults))
      throw new TypeError(`${what}.${key}: unknown option (known: ${Object.keys(defaults).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new TypeError(`${what}.${key}: must be a number ≥ 0`);
    (out as Record<string, number>)[key] = value;
  }
  return out;
}

export const resolveLimits = (given?: MockLimits) => checked(given, DEFAULT_LIMITS, 'limits');
export const resolveLifetimes = (given?: MockLifetimes) => checked(given, DEFAULT_LIFETIMES, 'lifetimes');
