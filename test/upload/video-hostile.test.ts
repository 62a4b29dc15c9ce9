// uploadVideo's resumable path against scripted local servers (127.0.0.1): what goes over the wire (the status GET,
// each chunk's Content-Range and bytes, nothing of the app's secrets), resuming from what the server says it has after
// 5xx, 416, a dropped connection or a stall, bounded retries, final failures (4xx, redirects), the per-exchange
// deadline, the caller's signal, and progress.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  OkAbortError,
  OkError,
  OkHttpError,
  OkRedirectError,
  OkResponseError,
  OkTimeoutError,
  uploadVideo,
  type UploadVideoOptions,
} from '../../src/index.js';
import { failureOf, type Hit, startHostile, type HostileServer } from '../faults/hostile.js';
import { LEAKY, leakyServerSession } from '../helpers/credentials.js';
import { expectNoSecrets } from '../helpers/leaks.js';

const SIZE = 2560;
const CHUNK = 1024;
/** ASCII, so that the hostile server's text bodies are the bytes exactly. */
const FILE = Array.from({ length: SIZE }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
const UPLOAD_PATH = '/up?sig=uploadsig&expires=1';

/** What a scripted upload server does with one request; undefined: answer as OK's server does (`okLike`). */
type Script = (hit: Hit, n: number, res: ServerResponse, req: IncomingMessage) => boolean | Promise<boolean>;

let host: HostileServer;
let elsewhere: HostileServer;
let received: string;
let script: Script;
/** Requests to the upload URL, in order. */
let uploads: Hit[];
/** API calls, by method. */
let calls: { method: string; params: URLSearchParams }[];
/** video.update answers an empty body, as OK's docs say it does on success. */
let emptyUpdate: boolean;

function okLike(hit: Hit, res: ServerResponse): void {
  if (hit.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(String(received.length));
    return;
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(hit.headers['content-range']));
  if (!range || Number(range[1]) !== received.length) {
    res.writeHead(416);
    res.end(`have ${received.length}`);
    return;
  }
  received += hit.body;
  res.writeHead(received.length === Number(range[3]) ? 200 : 201);
  res.end();
}

beforeEach(async () => {
  [host, elsewhere] = await Promise.all([startHostile(), startHostile()]);
  received = '';
  uploads = [];
  calls = [];
  emptyUpdate = false;
  script = () => false;
  host.behave(async (req, res, hit) => {
    if (hit.url.startsWith('/fb.do')) {
      const params = new URLSearchParams(hit.url.split('?')[1]);
      calls.push({ method: params.get('method')!, params });
      res.writeHead(200, { 'content-type': 'application/json' });
      if (params.get('method') === 'video.update' && emptyUpdate) {
        // As OK's docs say video.update answers when it succeeds: nothing.
        res.end();
        return;
      }
      res.end(
        JSON.stringify(
          params.get('method') === 'video.getUploadUrl'
            ? { upload_url: `${host.url}${UPLOAD_PATH.slice(1)}`, video_id: 4470582224922 }
            : { success: true },
        ),
      );
      return;
    }
    uploads.push(hit);
    if (!(await script(hit, uploads.length - 1, res, req))) okLike(hit, res);
  });
});
afterEach(async () => {
  await Promise.all([host.close(), elsewhere.close()]);
});

const api = () => new API(leakyServerSession(), { baseUrl: host.url, timeout: 2000 });

const upload = (options: UploadVideoOptions = {}) =>
  uploadVideo(
    api(),
    { data: new TextEncoder().encode(FILE), name: 'clip one.mp4' },
    {
      chunkSize: CHUNK,
      retryDelay: 0,
      title: 'Clip',
      ...options,
    },
  );

const ranges = () => uploads.filter((h) => h.method === 'POST').map((h) => h.headers['content-range']);

describe('uploadVideo, resumable, on the wire', () => {
  it('video.update answering an empty body (as the docs say it does on success) finishes the upload', async () => {
    emptyUpdate = true;
    await expect(upload()).resolves.toEqual({ videoId: '4470582224922', size: SIZE });
    expect(calls.map((c) => c.method)).toEqual(['video.getUploadUrl', 'video.update']);
    expect(received).toBe(FILE);
  });

  it('asks the status, then sends each chunk with its Content-Range and bytes; then video.update', async () => {
    await expect(upload({ description: 'About it', privacy: 'FRIENDS' })).resolves.toEqual({
      videoId: '4470582224922',
      size: SIZE,
    });
    expect(uploads.map((h) => `${h.method} ${h.url}`)).toEqual([
      `GET ${UPLOAD_PATH}`,
      `POST ${UPLOAD_PATH}`,
      `POST ${UPLOAD_PATH}`,
      `POST ${UPLOAD_PATH}`,
    ]);
    expect(ranges()).toEqual(['bytes 0-1023/2560', 'bytes 1024-2047/2560', 'bytes 2048-2559/2560']);
    const posts = uploads.filter((h) => h.method === 'POST');
    expect(posts.map((h) => h.body)).toEqual([FILE.slice(0, 1024), FILE.slice(1024, 2048), FILE.slice(2048)]);
    for (const h of posts) {
      expect(h.headers['content-type']).toBe('application/x-binary; charset=x-user-defined');
      expect(h.headers['content-length']).toBe(String(h.body.length));
    }
    for (const h of uploads) expect(h.headers['content-disposition']).toBe('attachment; filename="clip%20one.mp4"');
    expect(received).toBe(FILE);
    expect(calls.map((c) => c.method)).toEqual(['video.getUploadUrl', 'video.update']);
    expect(Object.fromEntries(calls[0]!.params)).toMatchObject({ file_name: 'clip one.mp4', file_size: '2560' });
    expect(Object.fromEntries(calls[1]!.params)).toMatchObject({
      vid: '4470582224922',
      title: 'Clip',
      description: 'About it',
      privacy: 'FRIENDS',
    });
  });

  it('nothing of the session goes to the upload URL: no token, signature, key or secret, no redirect followed', async () => {
    await upload();
    const text = uploads.map((h) => `${h.method} ${h.url}\n${JSON.stringify(h.headers)}\n${h.body}`).join('\n');
    for (const secret of [LEAKY.accessToken, LEAKY.appSecretKey, LEAKY.appKey, 'access_token', 'application_key'])
      expect(text).not.toContain(secret);
    for (const h of uploads) expect(h.url).toBe(UPLOAD_PATH);
    expect(uploads.every((h) => h.headers.authorization === undefined && h.headers.cookie === undefined)).toBe(true);
  });

  it('a multipart upload is one POST of the file as part "data", nothing else', async () => {
    script = (_hit, _n, res) => {
      res.writeHead(200);
      res.end();
      return true;
    };
    await upload({ mode: 'multipart' });
    expect(uploads).toHaveLength(1);
    const [post] = uploads;
    expect(post!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post!.headers['content-range']).toBeUndefined();
    expect(post!.body).toContain('name="data"; filename="clip one.mp4"');
    expect(post!.body).toContain(FILE);
  });

  it('multipart progress: from 0 up to the whole form (its Content-Length), never twice the same or back', async () => {
    script = (_hit, _n, res) => {
      res.writeHead(200);
      res.end();
      return true;
    };
    const seen: [number, number][] = [];
    // Over 64 KiB, so that the transport counts the form in several steps.
    await uploadVideo(api(), new Uint8Array(200_000), {
      mode: 'multipart',
      onProgress: (sent, total) => void seen.push([sent, total]),
    });
    const total = Number(uploads[0]!.headers['content-length']);
    expect(total).toBeGreaterThan(200_000);
    expect(seen[0]).toEqual([0, total]);
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every(([s, t], i) => t === total && (i === 0 || s > seen[i - 1]![0]))).toBe(true);
  });
});

describe('resuming from what the server has', () => {
  it('a 500 on a chunk: the status is asked and the upload goes on from the number the server gives', async () => {
    script = (hit, n, res) => {
      if (n !== 2) return false;
      // The server kept half of the chunk before failing.
      received += hit.body.slice(0, 512);
      res.writeHead(500);
      res.end('oops');
      return true;
    };
    await upload();
    expect(uploads.map((h) => h.method)).toEqual(['GET', 'POST', 'POST', 'GET', 'POST']);
    expect(ranges()).toEqual(['bytes 0-1023/2560', 'bytes 1024-2047/2560', 'bytes 1536-2559/2560']);
    expect(uploads[4]!.body).toBe(FILE.slice(1536));
    expect(received).toBe(FILE);
  });

  it('a dropped connection after the server kept the chunk: it is not sent again', async () => {
    script = (hit, n, _res, req) => {
      if (n !== 1) return false;
      received += hit.body;
      req.socket.destroy();
      return true;
    };
    await upload();
    expect(ranges()).toEqual(['bytes 0-1023/2560', 'bytes 1024-2047/2560', 'bytes 2048-2559/2560']);
    expect(received).toBe(FILE);
  });

  it('a 416 (the range does not fit what the server has): asked, and sent from there', async () => {
    // The server lost the first chunk: it answers 416 to the second and then says it has nothing.
    script = (_hit, n, res) => {
      if (n !== 2) return false;
      received = '';
      res.writeHead(416);
      res.end();
      return true;
    };
    await upload();
    expect(ranges()).toEqual([
      'bytes 0-1023/2560',
      'bytes 1024-2047/2560',
      'bytes 0-1023/2560',
      'bytes 1024-2047/2560',
      'bytes 2048-2559/2560',
    ]);
    expect(received).toBe(FILE);
  });

  it('a stalled chunk ends at its own deadline (each exchange has one) and is sent again', async () => {
    script = (_hit, n) => n === 2 && new Promise<boolean>(() => {});
    await upload({ timeout: 300 });
    expect(ranges()).toEqual([
      'bytes 0-1023/2560',
      'bytes 1024-2047/2560',
      'bytes 1024-2047/2560',
      'bytes 2048-2559/2560',
    ]);
    expect(received).toBe(FILE);
  });

  it('progress never goes back, and ends at the file size, across a retry', async () => {
    script = (_hit, n, res) => {
      if (n !== 2) return false;
      res.writeHead(503);
      res.end();
      return true;
    };
    const seen: [number, number][] = [];
    await upload({ onProgress: (sent, total) => void seen.push([sent, total]) });
    expect(seen[0]).toEqual([0, SIZE]);
    expect(seen.at(-1)).toEqual([SIZE, SIZE]);
    expect(seen.every(([s, t], i) => t === SIZE && (i === 0 || s > seen[i - 1]![0]))).toBe(true);
    expect(seen.map(([s]) => s)).toEqual(expect.arrayContaining([1024, 2048]));
  });

  it('resume: an upload URL given again is asked first, and only the rest is sent', async () => {
    received = FILE.slice(0, 1700);
    await expect(
      upload({ resume: { uploadUrl: `${host.url}${UPLOAD_PATH.slice(1)}`, videoId: '4470582224922' } }),
    ).resolves.toEqual({ videoId: '4470582224922', size: SIZE });
    expect(uploads.map((h) => h.method)).toEqual(['GET', 'POST']);
    expect(ranges()).toEqual(['bytes 1700-2559/2560']);
    expect(received).toBe(FILE);
    expect(calls.map((c) => c.method)).toEqual(['video.update']);
  });

  it('a stream is read forward once, keeping only the chunk that may go again', async () => {
    script = (hit, n, res) => {
      if (n !== 2) return false;
      received += hit.body.slice(0, 300);
      res.writeHead(502);
      res.end();
      return true;
    };
    const bytes = new TextEncoder().encode(FILE);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 100-byte pieces, as a file stream gives them.
        if (pulled >= SIZE) return controller.close();
        controller.enqueue(bytes.slice(pulled, pulled + 100));
        pulled += 100;
      },
    });
    await uploadVideo(api(), { stream, size: SIZE }, { chunkSize: CHUNK, retryDelay: 0 });
    expect(ranges()).toEqual([
      'bytes 0-1023/2560',
      'bytes 1024-2047/2560',
      'bytes 1324-2347/2560',
      'bytes 2348-2559/2560',
    ]);
    expect(received).toBe(FILE);
  });
});

describe('failures that end the upload', () => {
  it('retries are bounded: a server that always fails gets retries + 1 tries of the chunk, then OkHttpError', async () => {
    script = (hit, _n, res) => {
      if (hit.method !== 'POST') return false;
      res.writeHead(500);
      res.end(`echo ${LEAKY.accessToken}`);
      return true;
    };
    const { error } = await failureOf(() => upload({ retries: 2 }));
    expect(error).toBeInstanceOf(OkHttpError);
    expect(error).toMatchObject({ method: 'upload', status: 500, body: 'echo [redacted]' });
    expect(ranges()).toEqual(['bytes 0-1023/2560', 'bytes 0-1023/2560', 'bytes 0-1023/2560']);
    expect(calls.map((c) => c.method)).toEqual(['video.getUploadUrl']);
  });

  it('a server that keeps losing what it had cannot hold the upload in a loop: it ends after a bounded number of tries', async () => {
    // The second chunk always fails, and then the server says it has nothing: the first chunk goes again, and so on.
    script = (hit, _n, res) => {
      if (hit.method !== 'POST' || !String(hit.headers['content-range']).startsWith('bytes 1024-')) return false;
      received = '';
      res.writeHead(500);
      res.end();
      return true;
    };
    const { error } = await failureOf(() => upload({ retries: 1 }));
    expect(error).toBeInstanceOf(OkError);
    expect((error as Error).message).toBe('upload: the server did not take the file in 13 requests');
    // 3 chunks, each at most twice with its 2 tries: 13 chunk requests at most.
    expect(ranges()).toHaveLength(13);
  });

  it('a refusal (403: the URL expired) is final: no retry, no video.update', async () => {
    script = (hit, _n, res) => {
      if (hit.method !== 'POST') return false;
      res.writeHead(403);
      res.end('expired');
      return true;
    };
    const { error } = await failureOf(() => upload());
    expect(error).toMatchObject({ name: 'OkHttpError', status: 403 });
    expect(ranges()).toHaveLength(1);
    expect(calls.map((c) => c.method)).toEqual(['video.getUploadUrl']);
  });

  it('a redirect is not followed and not retried: the file goes to no other host', async () => {
    script = (hit, _n, res) => {
      if (hit.method !== 'POST') return false;
      res.writeHead(307, { location: `${elsewhere.url}up` });
      res.end();
      return true;
    };
    const { error } = await failureOf(() => upload());
    expect(error).toBeInstanceOf(OkRedirectError);
    expect(error).toMatchObject({ status: 307, targetOrigin: elsewhere.origin });
    expect(elsewhere.hits).toHaveLength(0);
    expect(ranges()).toHaveLength(1);
  });

  it('a stalled chunk with no retries left: OkTimeoutError naming the exchange timeout', async () => {
    script = (hit) => hit.method === 'POST' && new Promise<boolean>(() => {});
    const { error } = await failureOf(() => upload({ timeout: 200, retries: 0 }));
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(error).toMatchObject({ method: 'upload', timeout: 200 });
  });

  it('the signal aborts mid-upload: OkAbortError at once, and nothing more is sent', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    script = (_hit, n) => {
      if (n !== 2) return false;
      controller.abort(reason);
      return new Promise<boolean>(() => {});
    };
    const { error } = await failureOf(() => upload({ signal: controller.signal, timeout: false }));
    expect(error).toBeInstanceOf(OkAbortError);
    expect((error as Error).cause).toBe(reason);
    const sent = uploads.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uploads).toHaveLength(sent);
    expect(ranges()).toEqual(['bytes 0-1023/2560', 'bytes 1024-2047/2560']);
    expect(calls.map((c) => c.method)).toEqual(['video.getUploadUrl']);
  });

  it('an abort while waiting to retry ends the wait', async () => {
    const controller = new AbortController();
    script = (hit, _n, res) => {
      if (hit.method !== 'POST') return false;
      res.writeHead(503);
      res.end();
      setTimeout(() => controller.abort(new Error('stop')), 20);
      return true;
    };
    const { error } = await failureOf(() => upload({ signal: controller.signal, retryDelay: 30_000 }));
    expect(error).toBeInstanceOf(OkAbortError);
    expect(ranges()).toHaveLength(1);
  });

  it.each([
    ['not a number', 'ready'],
    ['more than the file', '9999'],
  ])('a status answer that is %s: OkResponseError', async (_what, body) => {
    script = (hit, _n, res) => {
      if (hit.method !== 'GET') return false;
      res.writeHead(200);
      res.end(body);
      return true;
    };
    const { error } = await failureOf(() => upload());
    expect(error).toBeInstanceOf(OkResponseError);
    expect(ranges()).toHaveLength(0);
  });

  it("the upload URL's signature, echoed by its server, is in no error (HTTP error, status, OK error)", async () => {
    const echo = (hit: Hit) => `bad request to http://${hit.headers.host}${hit.url}`;
    const answer =
      (method: string, status: number, body: (hit: Hit) => string): Script =>
      (hit, _n, res) => {
        if (hit.method !== method) return false;
        res.writeHead(status);
        res.end(body(hit));
        return true;
      };
    const shown = `bad request to ${host.url}up?sig=[redacted]&expires=1`;
    const cases: [Script, object][] = [
      [answer('POST', 500, echo), { name: 'OkHttpError', status: 500, body: shown }],
      [answer('GET', 200, echo), { name: 'OkResponseError', body: shown }],
      [
        answer('POST', 200, (hit) => JSON.stringify({ error_code: 100, error_msg: `PARAM : ${echo(hit)}` })),
        { name: 'OkApiError', msg: `PARAM : ${shown}` },
      ],
    ];
    for (const [answers, expected] of cases) {
      script = answers;
      const { error } = await failureOf(() => upload({ retries: 0 }));
      expect(error).toMatchObject({ method: 'upload', ...expected });
      expectNoSecrets(error, ['uploadsig', LEAKY.accessToken, LEAKY.appSecretKey]);
    }
  });

  it("an OK error object in a chunk's answer is an OkApiError, not retried", async () => {
    script = (hit, _n, res) => {
      if (hit.method !== 'POST') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 100, error_msg: 'PARAM : bad video' }));
      return true;
    };
    const { error } = await failureOf(() => upload());
    expect(error).toMatchObject({ name: 'OkApiError', code: 100, method: 'upload' });
    expect(ranges()).toHaveLength(1);
  });
});
