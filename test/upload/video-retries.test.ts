// uploadVideo's waits between retries, seen from inside: the transport's sleep() is replaced by one that records how
// long it was asked to wait and does not wait, so that the backoff is checked exactly, without any clock. The server
// is a local one (127.0.0.1) whose chunks always fail with 500.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, OkConfigError, OkHttpError, uploadVideo } from '../../src/index.js';
import { MAX_RETRY_DELAY, retryDelayFor } from '../../src/upload/resumable.js';
import { type HostileServer, json, startHostile } from '../faults/hostile.js';
import { leakyServerSession } from '../helpers/credentials.js';

const { waits } = vi.hoisted(() => ({ waits: [] as number[] }));

vi.mock('../../src/transport/deadline.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/transport/deadline.js')>();
  return {
    ...real,
    sleep: (what: string, ms: number, signal: AbortSignal | undefined) => {
      if (what === 'upload') waits.push(ms);
      return real.sleep(what, 0, signal);
    },
  };
});

let host: HostileServer;
/** Chunks the server was sent. */
let posts: number;
beforeEach(async () => {
  waits.length = 0;
  posts = 0;
  host = await startHostile((req, res, hit) => {
    if (hit.url.startsWith('/fb.do')) return json({ upload_url: `${host.url}up`, video_id: 1 })(req, res, hit);
    if (hit.method === 'GET') return void res.end('0');
    posts++;
    res.writeHead(500);
    res.end();
  });
});
afterEach(() => host.close());

const api = () => new API(leakyServerSession(), { baseUrl: host.url, timeout: 2000 });
const upload = (options: { retries?: number; retryDelay?: number }) =>
  uploadVideo(api(), new Uint8Array(2048), { chunkSize: 1024, ...options });

describe('the wait before a retry', () => {
  it('doubles from retryDelay and stops at 30 s, however many retries', async () => {
    await expect(upload({ retries: 9, retryDelay: 1000 })).rejects.toBeInstanceOf(OkHttpError);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(posts).toBe(10);
  });

  it('stays at 30 s at the most retries allowed, from the longest first wait allowed', async () => {
    await expect(upload({ retries: 100, retryDelay: 30_000 })).rejects.toBeInstanceOf(OkHttpError);
    expect(waits).toEqual(Array.from({ length: 100 }, () => 30_000));
    expect(posts).toBe(101);
  });

  it('retryDelayFor: capped for any count of failures, never Infinity or past what a timer holds', () => {
    expect(MAX_RETRY_DELAY).toBe(30_000);
    expect([1, 2, 3, 5, 6, 7].map((n) => retryDelayFor(1000, n))).toEqual([1000, 2000, 4000, 16000, 30000, 30000]);
    expect(retryDelayFor(1000, 1100)).toBe(30_000);
    expect(retryDelayFor(0, 1100)).toBe(0);
    expect(retryDelayFor(7, 3)).toBe(28);
  });

  it.each([
    [{ retries: 101 }, 'uploadVideo: retries must be an integer from 0 to 100'],
    [{ retries: Number.POSITIVE_INFINITY }, 'uploadVideo: retries must be an integer from 0 to 100'],
    [{ retries: 2 ** 40 }, 'uploadVideo: retries must be an integer from 0 to 100'],
    [{ retryDelay: 30_001 }, 'uploadVideo: retryDelay must be an integer from 0 to 30000'],
    [{ retryDelay: 2 ** 31 }, 'uploadVideo: retryDelay must be an integer from 0 to 30000'],
  ])('%o is refused before anything is sent', async (options, message) => {
    await expect(upload(options)).rejects.toThrow(new OkConfigError(message));
    expect(host.hits).toHaveLength(0);
  });
});
