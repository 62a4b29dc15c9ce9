// uploadVideo owns the file's source and closes it exactly once, whether the upload succeeds or fails at any step;
// the chunked upload it hands the source to does not close it again. Each source videoSource makes is wrapped here to
// count its close() calls. The server is a local one (127.0.0.1).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, OkConfigError, OkHttpError, OkResponseError, uploadVideo } from '../../src/index.js';
import { type HostileServer, json, startHostile } from '../faults/hostile.js';
import { leakyServerSession } from '../helpers/credentials.js';

const { closes } = vi.hoisted(() => ({ closes: [] as number[] }));

vi.mock('../../src/upload/video-source.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/upload/video-source.js')>();
  return {
    ...real,
    videoSource: (input: Parameters<typeof real.videoSource>[0]) => {
      const source = real.videoSource(input);
      const n = closes.push(0) - 1;
      return {
        ...source,
        close: () => {
          closes[n]!++;
          source.close();
        },
      };
    },
  };
});

let host: HostileServer;
/** How the upload URL answers a chunk: as OK does (all taken at once), or with 500. */
let failChunks: boolean;
/** What video.getUploadUrl answers. */
let target: unknown;
beforeEach(async () => {
  closes.length = 0;
  failChunks = false;
  host = await startHostile((req, res, hit) => {
    if (hit.url.startsWith('/fb.do')) {
      const method = new URLSearchParams(hit.url.split('?')[1]).get('method');
      return json(method === 'video.getUploadUrl' ? target : { success: true })(req, res, hit);
    }
    if (hit.method === 'GET') return void res.end('0');
    res.writeHead(failChunks ? 500 : 200);
    res.end();
  });
  target = { upload_url: `${host.url}up`, video_id: 1 };
});
afterEach(() => host.close());

const api = () => new API(leakyServerSession(), { baseUrl: host.url, timeout: 2000 });
const run = (options: object = {}) =>
  uploadVideo(api(), new Uint8Array(100), { chunkSize: 1024, retries: 1, retryDelay: 0, ...options });

describe('the source of a video is closed exactly once', () => {
  it('after a resumable upload', async () => {
    await expect(run()).resolves.toEqual({ videoId: '1', size: 100 });
    expect(closes).toEqual([1]);
  });

  it('after a multipart upload', async () => {
    await expect(run({ mode: 'multipart' })).resolves.toEqual({ videoId: '1', size: 100 });
    expect(closes).toEqual([1]);
  });

  it('when the chunks keep failing', async () => {
    failChunks = true;
    await expect(run()).rejects.toBeInstanceOf(OkHttpError);
    expect(closes).toEqual([1]);
  });

  it('when video.getUploadUrl answers wrong', async () => {
    target = null;
    await expect(run()).rejects.toBeInstanceOf(OkResponseError);
    expect(closes).toEqual([1]);
  });

  it('when an option is refused before anything is sent', async () => {
    await expect(run({ retries: -1 })).rejects.toBeInstanceOf(OkConfigError);
    expect(closes).toEqual([1]);
    expect(host.hits).toHaveLength(0);
  });
});
