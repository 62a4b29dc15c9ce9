// uploadVideo and uploadMoment against the mock OK server: the file arrives exactly (the mock hashes what it
// received), video.update finishes it with its details, the mock's rules hold (VIDEO_CONTENT, the owner, a complete
// file, the size limit), and bad input or options fail before anything is sent.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  OkApiError,
  OkConfigError,
  OkParamError,
  ServerSession,
  TokenSession,
  uploadMoment,
  uploadVideo,
} from '../../src/index.js';
import { createMockServer, DEMO_CONFIG, type MockConfig, type MockServer } from '../../src/mock/index.js';
import { videoUploadsOf } from '../../src/mock/video-upload-store.js';

const APP = DEMO_CONFIG.apps[0]!;
const CONFIG: MockConfig = {
  apps: [APP],
  users: [
    {
      uid: '575662066926',
      name: 'Ivan Petrov',
      accessToken: 'token-video',
      permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'VIDEO_CONTENT'],
    },
    { uid: '575662066927', name: 'Maria Ivanova', accessToken: 'token-photo-only', permissions: ['VALUABLE_ACCESS'] },
    {
      uid: '575662066928',
      name: 'Oleg Sidorov',
      accessToken: 'token-video-oleg',
      permissions: ['VALUABLE_ACCESS', 'VIDEO_CONTENT'],
    },
  ],
};
const LIMIT = 256 * 1024;

let mock: MockServer;
beforeAll(async () => {
  mock = await createMockServer({ config: CONFIG, limits: { maxUploadBytes: LIMIT } });
});
afterAll(() => mock.close());

/** A client whose requests are recorded: method, URL and headers of each. */
function client(accessToken = 'token-video') {
  const seen: { method: string; url: string; headers: Headers }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    seen.push({ method: request.method, url: request.url, headers: request.headers });
    return globalThis.fetch(input, init);
  };
  const ok = new API(new ServerSession({ ...APP, accessToken }), { baseUrl: mock.url, fetch });
  return { ok, seen, uploads: () => seen.filter((s) => s.url.includes('/upload/')) };
}

const file = (size: number) => new Uint8Array(size).map((_, i) => (i * 7) % 256);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('uploadVideo against the mock', () => {
  it('resumable: the mock receives the file exactly, and video.update finishes it with its details', async () => {
    const { ok, uploads } = client();
    const bytes = file(70_000);
    const seen: number[] = [];
    const video = await uploadVideo(ok, new Blob([bytes], { type: 'video/mp4' }), {
      title: 'Summer',
      description: 'By the sea',
      privacy: 'FRIENDS',
      tags: ['sea', 'sun'],
      chunkSize: 32 * 1024,
      onProgress: (sent, total) => {
        expect(total).toBe(bytes.length);
        seen.push(sent);
      },
    });
    expect(video).toEqual({ videoId: expect.stringMatching(/^\d{13}$/), size: 70_000 });
    expect(uploads().map((r) => `${r.method} ${r.headers.get('content-range') ?? ''}`)).toEqual([
      'GET ',
      'POST bytes 0-32767/70000',
      'POST bytes 32768-65535/70000',
      'POST bytes 65536-69999/70000',
    ]);
    expect(seen.at(-1)).toBe(70_000);
    expect(seen.every((s, i) => i === 0 || s > seen[i - 1]!)).toBe(true);
    expect(videoUploadsOf(mock.state).videos.get(video.videoId)).toMatchObject({
      ownerId: '575662066926',
      title: 'Summer',
      description: 'By the sea',
      privacy: 'FRIENDS',
      tags: ['sea', 'sun'],
      size: 70_000,
      sha256: sha256(bytes),
    });
  });

  it('multipart, an ArrayBuffer, and a stream of known size arrive exactly too', async () => {
    const { ok } = client();
    const bytes = file(5000);
    const multipart = await uploadVideo(ok, bytes.buffer, { mode: 'multipart' });
    const streamed = await uploadVideo(
      ok,
      { stream: new Blob([bytes]).stream(), size: bytes.length },
      { chunkSize: 2048 },
    );
    for (const { videoId } of [multipart, streamed])
      expect(videoUploadsOf(mock.state).videos.get(videoId)).toMatchObject({ size: 5000, sha256: sha256(bytes) });
  });

  it('resume: an upload cut off after a chunk goes on from what the mock has', async () => {
    const { ok, uploads } = client();
    const bytes = file(10_000);
    // The network fails on the second chunk; with no retries, the upload fails there.
    let requests = 0;
    const failing = new API(new ServerSession({ ...APP, accessToken: 'token-video' }), {
      baseUrl: mock.url,
      fetch: (input, init) =>
        String(input).includes('/upload/') && ++requests === 3
          ? Promise.reject(new TypeError('network down'))
          : globalThis.fetch(input, init),
    });
    await expect(uploadVideo(failing, new Blob([bytes]), { chunkSize: 4096, retries: 0 })).rejects.toMatchObject({
      name: 'OkNetworkError',
    });
    const target = [...videoUploadsOf(mock.state).bySlot.values()].at(-1)!;
    expect(target.received).toBe(4096);
    const resumed = await uploadVideo(ok, new Blob([bytes]), {
      chunkSize: 4096,
      resume: { uploadUrl: `${mock.url}upload/video/${target.slot}`, videoId: target.videoId },
    });
    expect(resumed.videoId).toBe(target.videoId);
    expect(uploads().map((r) => `${r.method} ${r.headers.get('content-range') ?? ''}`)).toEqual([
      'GET ',
      'POST bytes 4096-8191/10000',
      'POST bytes 8192-9999/10000',
    ]);
    expect(videoUploadsOf(mock.state).videos.get(target.videoId)).toMatchObject({ sha256: sha256(bytes) });
  });

  it('a user without VIDEO_CONTENT gets OK error 10 from video.getUploadUrl, and nothing is uploaded', async () => {
    const { ok, uploads } = client('token-photo-only');
    await expect(uploadVideo(ok, file(100))).rejects.toMatchObject({ name: 'OkApiError', code: 10 });
    expect(uploads()).toHaveLength(0);
  });

  it('a file larger than the mock takes is refused by video.getUploadUrl (file_size), before any byte is sent', async () => {
    const { ok, uploads } = client();
    const error = await uploadVideo(ok, file(LIMIT + 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkApiError);
    expect(error).toMatchObject({ code: 100, method: 'video.getUploadUrl' });
    expect(uploads()).toHaveLength(0);
  });

  it("video.update: an unknown video is 300, a file not all there is 100, another user's video is 300", async () => {
    const { ok } = client();
    await expect(ok.call('video.update', { vid: '1234567890123', title: 'x' })).rejects.toMatchObject({ code: 300 });
    const { video_id: videoId, upload_url: uploadUrl } = (await ok.call('video.getUploadUrl', {
      file_name: 'a.mp4',
      file_size: 3000,
    })) as { video_id: number; upload_url: string };
    const chunk = await fetch(uploadUrl, {
      method: 'POST',
      body: file(1000),
      headers: { 'content-range': 'bytes 0-999/3000', 'content-type': 'application/octet-stream' },
    });
    expect(chunk.status).toBe(201);
    await expect(ok.call('video.update', { vid: String(videoId) })).rejects.toMatchObject({ code: 100 });
    const oleg = new API(new ServerSession({ ...APP, accessToken: 'token-video-oleg' }), { baseUrl: mock.url });
    await expect(oleg.call('video.update', { vid: String(videoId) })).rejects.toMatchObject({ code: 300 });
    const maria = new API(new ServerSession({ ...APP, accessToken: 'token-photo-only' }), { baseUrl: mock.url });
    // Maria lacks VIDEO_CONTENT: 10 comes first, as permissions are checked before the video is looked up.
    await expect(maria.call('video.update', { vid: String(videoId) })).rejects.toMatchObject({ code: 10 });
  });

  it('bad input or options fail before anything is sent', async () => {
    const { ok, seen } = client();
    const cases: [unknown, object, typeof OkParamError | typeof OkConfigError][] = [
      [new Uint8Array(0), {}, OkParamError],
      ['movie.mp4', {}, OkParamError],
      [{ data: 'text' }, {}, OkParamError],
      [{ stream: new Blob(['x']).stream(), size: 0 }, {}, OkParamError],
      [{ stream: new Blob(['x']).stream(), size: 1 }, { mode: 'multipart' }, OkParamError],
      [file(10), { title: 'x'.repeat(1001) }, OkParamError],
      [file(10), { privacy: 'EVERYONE' }, OkParamError],
      [file(10), { chunkSize: 100 }, OkConfigError],
      [file(10), { retries: -1 }, OkConfigError],
      [file(10), { mode: 'fast' }, OkConfigError],
      [file(10), { signal: 'stop' }, OkConfigError],
      [file(10), { resume: { uploadUrl: 'ftp://x', videoId: '1' } }, OkConfigError],
    ];
    for (const [input, options, type] of cases)
      await expect(uploadVideo(ok, input as never, options as never), JSON.stringify(options)).rejects.toBeInstanceOf(
        type,
      );
    expect(seen).toHaveLength(0);
  });
});

describe('uploadMoment against the mock', () => {
  it('moments.getUploadUrl, then pic1: the photo id and its token, which the mock keeps', async () => {
    const { ok, uploads } = client();
    const seen: number[] = [];
    const moment = await uploadMoment(
      ok,
      { data: file(3000), name: 'sunset.jpg', type: 'image/jpeg' },
      {
        onProgress: (sent) => void seen.push(sent),
      },
    );
    expect(moment).toEqual({ photoId: expect.stringMatching(/^mockmoment\d+$/), token: expect.any(String) });
    expect(uploads()).toHaveLength(1);
    expect(uploads()[0]!.headers.get('content-type')).toMatch(/^multipart\/form-data/);
    expect(mock.state.photos.get(moment.photoId)).toMatchObject({
      ownerId: '575662066926',
      uploadToken: moment.token,
      size: 3000,
      moment: true,
      committed: false,
    });
    expect(seen.at(-1)).toBeGreaterThan(3000);
  });

  it("needs a user session (apiok.ru's moment upload example), refused before sending; and PHOTO_CONTENT", async () => {
    const appOnly = new API(new ServerSession({ ...APP }), { baseUrl: mock.url });
    const before = mock.stats.api;
    await expect(uploadMoment(appOnly, file(10))).rejects.toMatchObject({
      name: 'OkSessionError',
      method: 'moments.getUploadUrl',
      rule: 'required',
    });
    expect(mock.stats.api).toBe(before);
    const noPhoto = new API(new TokenSession({ ...APP, accessToken: 'token-photo-only' }), { baseUrl: mock.url });
    await expect(uploadMoment(noPhoto, file(10))).rejects.toMatchObject({ code: 10 });
  });
});
