// retry(): 429 and 503 are retried for every method (the server refused the call), honouring Retry-After in seconds
// or as an HTTP date, never waiting past maxDelay; 8 FLOOD_BLOCKED is retried with jittered backoff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, OkHttpError, ServerSession, defaultRetryDelay, retry, type RetryOptions } from '../../src/index.js';
import { json, startHostile, type Behaviour, type HostileServer } from './hostile.js';

let server: HostileServer;
beforeEach(async () => {
  server = await startHostile();
});
afterEach(async () => {
  await server.close();
});

/** Answers with `first` once, then with the topic id (a result of mediatopic.post). */
function once(first: Behaviour): Behaviour {
  let n = 0;
  return (req, res, hit) => (n++ === 0 ? first(req, res, hit) : json('9000')(req, res, hit));
}

function refusal(status: number, retryAfter: string): Behaviour {
  return (_req, res) => {
    res.writeHead(status, { 'retry-after': retryAfter });
    res.end('slow down');
  };
}

function client(options: RetryOptions = {}) {
  const delays: number[] = [];
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
    baseUrl: server.url,
    // Only what the server asks for: the backoff itself is 0 here.
    middleware: [retry({ delay: () => 0, onRetry: ({ delayMs }) => void delays.push(delayMs), ...options })],
  });
  return { ok, delays };
}

const post = (ok: API) => ok.mediatopic.post({ attachment: { media: [{ type: 'text', text: 'hi' }] } });

describe('retry() and Retry-After', () => {
  it('429 with Retry-After in seconds: waits that long, then retries even a call that is not idempotent', async () => {
    server.behave(once(refusal(429, '1')));
    const { ok, delays } = client();
    const started = performance.now();
    await expect(post(ok)).resolves.toBe('9000');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(delays).toEqual([1000]);
    expect(server.hits).toHaveLength(2);
  });

  it('503 with Retry-After as an HTTP date', async () => {
    server.behave(once(refusal(503, new Date(Date.now() + 2_000).toUTCString())));
    const { ok, delays } = client();
    await expect(post(ok)).resolves.toBe('9000');
    // HTTP dates have whole seconds: between 1 and 2 s from now.
    expect(delays[0]).toBeGreaterThan(900);
    expect(delays[0]).toBeLessThanOrEqual(2_000);
  });

  it('a Retry-After longer than maxDelay: the error at once, no second try', async () => {
    server.behave(refusal(429, '120'));
    const { ok, delays } = client({ maxDelay: 1_000 });
    const started = performance.now();
    const error = await post(ok).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(performance.now() - started).toBeLessThan(900);
    expect(delays).toEqual([]);
    expect(server.hits).toHaveLength(1);
  });

  it('the backoff is at least what the server asked for, and at most maxDelay', async () => {
    server.behave(once(refusal(503, '0')));
    const { ok, delays } = client({ delay: () => 50_000, maxDelay: 200 });
    await expect(ok.friends.get()).resolves.toBe('9000');
    expect(delays).toEqual([200]);
  });

  it('8 FLOOD_BLOCKED: retried for any method, after the backoff', async () => {
    server.behave(once(json({ error_code: 8, error_msg: 'FLOOD_BLOCKED : too many' })));
    const { ok, delays } = client({ delay: (n) => 10 * n });
    await expect(post(ok)).resolves.toBe('9000');
    expect(delays).toEqual([10]);
  });

  it('500 on a call that is not idempotent is not retried (its effect is unknown)', async () => {
    server.behave(once(refusal(500, '0')));
    const { ok } = client();
    await expect(post(ok)).rejects.toMatchObject({ status: 500 });
    expect(server.hits).toHaveLength(1);
  });

  it('the default backoff: 500 ms doubling to 5 s, each within ±25 %', () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const base = Math.min(500 * 2 ** (attempt - 1), 5_000);
      for (let i = 0; i < 200; i++) {
        const d = defaultRetryDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(base * 0.75);
        expect(d).toBeLessThanOrEqual(base * 1.25);
      }
    }
  });
});
