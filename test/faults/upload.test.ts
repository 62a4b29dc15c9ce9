// Uploads go through the same exchange as calls: a deadline over the whole exchange, no redirects (the upload URL's
// host gets the file, nobody else), typed errors, and the caller's signal.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, OkAbortError, OkApiError, OkHttpError, OkRedirectError, OkTimeoutError } from '../../src/index.js';
import { LEAKY, leakyServerSession } from '../helpers/credentials.js';
import { expectNoSecrets } from '../helpers/leaks.js';
import {
  drip,
  failureOf,
  json,
  redirectTo,
  stall,
  stallAfterHeaders,
  startHostile,
  type HostileServer,
} from './hostile.js';

let host: HostileServer;
let elsewhere: HostileServer;
beforeEach(async () => {
  [host, elsewhere] = await Promise.all([startHostile(), startHostile()]);
});
afterEach(async () => {
  await Promise.all([host.close(), elsewhere.close()]);
});

const api = () => new API(leakyServerSession(), { timeout: 300 });

function form(): FormData {
  const f = new FormData();
  f.append('pic1', new Blob([new Uint8Array(2048)], { type: 'image/jpeg' }), 'a.jpg');
  return f;
}

describe('upload', () => {
  it('posts the form and reads the JSON answer', async () => {
    host.behave(json({ photos: { p1: { token: 't1' } } }));
    await expect(api().upload(`${host.url}upload?photoIds=p1`, form())).resolves.toEqual({
      photos: { p1: { token: 't1' } },
    });
    expect(host.hits[0]).toMatchObject({ method: 'POST', url: '/upload?photoIds=p1' });
    expect(host.hits[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('progress: from 0 to the whole body, which goes with its Content-Length', async () => {
    host.behave(json({ ok: true }));
    const seen: [number, number][] = [];
    const big = new FormData();
    big.append('pic1', new Blob([new Uint8Array(300_000)], { type: 'image/jpeg' }), 'big.jpg');
    await api().upload(`${host.url}upload`, big, { onProgress: (sent, total) => void seen.push([sent, total]) });
    const total = Number(host.hits[0]!.headers['content-length']);
    expect(total).toBeGreaterThan(300_000);
    expect(seen[0]).toEqual([0, total]);
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(([s, t], i) => t === total && (i === 0 || s > seen[i - 1]![0]))).toBe(true);
    expect(host.hits[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it.each([
    ['no answer', stall],
    ['a stalled body', stallAfterHeaders],
    ['a dripped body', drip(20, 5_000)],
  ] as const)('%s: OkTimeoutError within the deadline', async (_what, behaviour) => {
    host.behave(behaviour);
    const { error, ms } = await failureOf(() => api().upload(`${host.url}upload`, form()));
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(error).toMatchObject({ method: 'upload', timeout: 300 });
    expect(ms).toBeLessThan(5_000);
  });

  it('a server that stops reading the upload half way: OkTimeoutError, for the body is inside the deadline too', async () => {
    // A raw socket that takes the first bytes and then reads nothing more: a 32 MB body cannot all go, and only the
    // deadline ends the send.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => socket.pause());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const big = new FormData();
      big.append('video', new Blob([new Uint8Array(32 * 1024 * 1024)]), 'v.mp4');
      const sent: number[] = [];
      const { error } = await failureOf(() =>
        api().upload(`http://127.0.0.1:${port}/upload`, big, { onProgress: (s) => void sent.push(s) }),
      );
      expect(error).toBeInstanceOf(OkTimeoutError);
      expect(error).toMatchObject({ method: 'upload', timeout: 300 });
      // It stopped part way: the body was not all handed over.
      expect(sent.at(-1)).toBeLessThan(32 * 1024 * 1024);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a redirect is refused: the file goes to no other host', async () => {
    host.behave(redirectTo(elsewhere.url, 307));
    const { error } = await failureOf(() => api().upload(`${host.url}upload`, form()));
    expect(error).toBeInstanceOf(OkRedirectError);
    expect(error).toMatchObject({ method: 'upload', status: 307, targetOrigin: elsewhere.origin });
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('an HTTP error and an OK error in the answer are typed, without secrets', async () => {
    host.behave((_req, res) => {
      res.writeHead(413);
      res.end(`too large; token ${LEAKY.accessToken}`);
    });
    const http = await failureOf(() => api().upload(`${host.url}upload`, form()));
    expect(http.error).toBeInstanceOf(OkHttpError);
    expect(http.error).toMatchObject({ status: 413, body: 'too large; token [redacted]' });
    expectNoSecrets(http.error, [LEAKY.accessToken]);
    host.behave(json({ error_code: 100, error_msg: 'PARAM : bad photo' }));
    const ok = await failureOf(() => api().upload(`${host.url}upload`, form()));
    expect(ok.error).toBeInstanceOf(OkApiError);
    expect(ok.error).toMatchObject({ method: 'upload', code: 100 });
  });

  it("the upload URL's own signature, echoed by its server, is in no error; values under 8 characters (p1) are kept", async () => {
    const url = `${host.url}upload?photoIds=p1&sig=PHOTOSIG-0123456789abcdef&expires=1700000000000`;
    const shown = 'bad request to /upload?photoIds=p1&sig=[redacted]&expires=[redacted]';
    host.behave((_req, res, hit) => void res.writeHead(500).end(`bad request to ${hit.url}`));
    const http = await failureOf(() => api().upload(url, form()));
    expect(http.error).toMatchObject({ name: 'OkHttpError', status: 500, body: shown });
    host.behave(
      json({ error_code: 100, error_msg: 'PARAM : bad photo /upload?photoIds=p1&sig=PHOTOSIG-0123456789abcdef' }),
    );
    const ok = await failureOf(() => api().upload(url, form()));
    expect(ok.error).toMatchObject({ name: 'OkApiError', msg: 'PARAM : bad photo /upload?photoIds=p1&sig=[redacted]' });
    for (const { error } of [http, ok]) expectNoSecrets(error, ['PHOTOSIG-0123456789abcdef', LEAKY.accessToken]);
  });

  it('its own timeout and signal', async () => {
    host.behave(stall);
    const slow = await failureOf(() => api().upload(`${host.url}upload`, form(), { timeout: 100 }));
    expect(slow.error).toMatchObject({ name: 'OkTimeoutError', timeout: 100 });
    const reason = new Error('user cancelled');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    const aborted = await failureOf(() =>
      api().upload(`${host.url}upload`, form(), { signal: controller.signal, timeout: false }),
    );
    expect(aborted.error).toBeInstanceOf(OkAbortError);
    expect((aborted.error as Error).cause).toBe(reason);
    expect(aborted.ms).toBeLessThan(2_000);
  });
});
