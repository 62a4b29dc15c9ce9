// The retry middleware: what it tries again, how many times, and what it leaves alone.
import { describe, expect, it } from 'vitest';
import { API, OkApiError, OkHttpError, ServerSession, retry, type RetryOptions } from '../src/index.js';
import { json, recordingFetch, type SeenRequest } from './helpers/wire.js';

/** A client whose server answers with `answers` in turn (the last one repeats). */
function client(answers: ((s: SeenRequest) => Response)[], options: RetryOptions = {}) {
  let i = 0;
  const wire = recordingFetch((s) => answers[Math.min(i++, answers.length - 1)]!(s));
  const retried: number[] = [];
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
    fetch: wire.fetch,
    middleware: [retry({ delay: () => 0, onRetry: ({ attempt }) => void retried.push(attempt), ...options })],
  });
  return { ok, seen: wire.seen, retried };
}

const okError = (code: number) => () => json({ error_code: code, error_msg: `X : code ${code}` });
const success = () => json(['575662066927']);

describe('retry', () => {
  it('retries an idempotent call after 2 SERVICE and returns the result', async () => {
    const { ok, seen, retried } = client([okError(2), okError(2), success]);
    await expect(ok.friends.get()).resolves.toEqual(['575662066927']);
    expect(seen).toHaveLength(3);
    expect(retried).toEqual([1, 2]);
    // Each attempt is signed afresh and identical.
    expect(new Set(seen.map((s) => s.url.search)).size).toBe(1);
  });

  it('gives up after the set number of retries, with the last error', async () => {
    const { ok, seen } = client([okError(2)], { retries: 3 });
    await expect(ok.friends.get()).rejects.toMatchObject({ code: 2 });
    expect(seen).toHaveLength(4);
  });

  it('does not retry a call that is not idempotent after a failure of unknown effect', async () => {
    const { ok, seen } = client([okError(2), success]);
    await expect(ok.mediatopic.post({ attachment: { media: [] } })).rejects.toBeInstanceOf(OkApiError);
    expect(seen).toHaveLength(1);
    const unsafe = client([okError(2), () => json('123')], { retryUnsafe: true });
    await expect(unsafe.ok.mediatopic.post({ attachment: { media: [] } })).resolves.toBe('123');
  });

  it('retries 8 FLOOD_BLOCKED whatever the method: OK refused the call', async () => {
    const { ok, seen } = client([okError(8), () => json('123')]);
    await expect(ok.mediatopic.post({ attachment: { media: [] } })).resolves.toBe('123');
    expect(seen).toHaveLength(2);
  });

  it('retries HTTP 5xx for idempotent calls, not 4xx, and never final OK errors', async () => {
    const http = (status: number) => () => new Response('oops', { status });
    const five = client([http(503), success]);
    await expect(five.ok.friends.get()).resolves.toEqual(['575662066927']);
    const four = client([http(404), success]);
    await expect(four.ok.friends.get()).rejects.toBeInstanceOf(OkHttpError);
    expect(four.seen).toHaveLength(1);
    const param = client([okError(100), success]);
    await expect(param.ok.friends.get()).rejects.toMatchObject({ code: 100 });
    expect(param.seen).toHaveLength(1);
  });

  it('retries a dropped connection for idempotent calls', async () => {
    let calls = 0;
    const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
      fetch: (async () => {
        if (calls++ === 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        return json(['1']);
      }) as typeof fetch,
      middleware: [retry({ delay: () => 0 })],
    });
    await expect(ok.friends.get()).resolves.toEqual(['1']);
    expect(calls).toBe(2);
  });

  it('waits as the delay function says (exponential by default)', async () => {
    const { defaultRetryDelay } = await import('../src/index.js');
    for (let attempt = 1; attempt <= 6; attempt++) {
      const base = Math.min(500 * 2 ** (attempt - 1), 5000);
      const d = defaultRetryDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base * 1.25);
    }
  });
});
