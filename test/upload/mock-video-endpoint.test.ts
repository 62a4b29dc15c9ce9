// The mock's video and moment upload URLs as an outside client meets them: plain fetch, OK's signature computed with
// node:crypto (test/mock/http-client.ts), no okru code but the function that starts the mock. The status GET, chunks
// in order (201, then 200 at the end), and each way a chunk can be wrong: out of order, overlapping, after the end,
// malformed or inconsistent Content-Range, a body of another length, too large; multipart with part `data`; an
// unknown URL; the methods and CORS the endpoint allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { getJson, signed } from '../mock/http-client.js';

const APP = { appId: 512000000101, appKey: 'CBAWEBAPPKEY', appSecretKey: 'web-app-secret' };
const TOKEN = 'video-user-token';
const LIMIT = 100_000;

let mock: MockServer;
beforeAll(async () => {
  mock = await createMockServer({
    config: {
      apps: [APP],
      users: [
        {
          uid: '575662066926',
          name: 'Ivan',
          accessToken: TOKEN,
          permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'VIDEO_CONTENT'],
        },
      ],
    },
    limits: { maxUploadBytes: LIMIT },
  });
});
afterAll(() => mock.close());

async function call(params: Record<string, string>): Promise<Record<string, unknown>> {
  const { body } = await getJson(`${mock.url}fb.do?${new URLSearchParams(signed(APP, params, TOKEN))}`);
  return body as Record<string, unknown>;
}

async function newUpload(fileSize?: number): Promise<string> {
  const answer = await call({
    method: 'video.getUploadUrl',
    file_name: 'a.mp4',
    ...(fileSize !== undefined ? { file_size: String(fileSize) } : {}),
  });
  expect(answer).toEqual({
    upload_url: expect.stringMatching(/\/upload\/video\/[0-9a-f]+$/),
    video_id: expect.any(Number),
  });
  return answer.upload_url as string;
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

async function chunk(url: string, range: string | undefined, body: Uint8Array) {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-binary; charset=x-user-defined',
      ...(range ? { 'content-range': range } : {}),
    },
  });
  return { status: res.status, text: await res.text() };
}

const status = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

describe('video upload URL', () => {
  it('GET says how many bytes it has; chunks in order answer 201, the last 200', async () => {
    const url = await newUpload(3000);
    expect(await status(url)).toEqual({ status: 200, text: '0' });
    expect((await chunk(url, 'bytes 0-999/3000', bytes(1000))).status).toBe(201);
    expect(await status(url)).toEqual({ status: 200, text: '1000' });
    expect((await chunk(url, 'bytes 1000-2999/3000', bytes(2000))).status).toBe(200);
    expect(await status(url)).toEqual({ status: 200, text: '3000' });
  });

  it.each([
    ['out of order (a gap)', 'bytes 1500-1999/3000', 500, 416],
    ['overlapping what it has', 'bytes 500-1499/3000', 1000, 416],
    ['no Content-Range', undefined, 1000, 400],
    ['a malformed Content-Range', 'bytes 1000-/3000', 1000, 400],
    ['a range past the size', 'bytes 1000-3000/3000', 2001, 400],
    ['a size other than file_size', 'bytes 1000-1999/4000', 1000, 400],
    ['a body shorter than its range', 'bytes 1000-1999/3000', 999, 400],
    ['a body longer than its range', 'bytes 1000-1999/3000', 1001, 400],
  ])('a chunk %s: %s', async (_what, range, length, expected) => {
    const url = await newUpload(3000);
    expect((await chunk(url, 'bytes 0-999/3000', bytes(1000))).status).toBe(201);
    const answer = await chunk(url, range, bytes(length));
    expect(answer.status).toBe(expected);
    // Refused chunks leave what it has as it was: a resume starts from there.
    expect(await status(url)).toEqual({ status: 200, text: '1000' });
  });

  it('a chunk after the file is complete is a 416', async () => {
    const url = await newUpload();
    expect((await chunk(url, 'bytes 0-9/10', bytes(10))).status).toBe(200);
    expect((await chunk(url, 'bytes 5-9/10', bytes(5))).status).toBe(416);
  });

  it('a file larger than maxUploadBytes: video.getUploadUrl refuses its file_size (100), a chunk saying so is a 413', async () => {
    expect(await call({ method: 'video.getUploadUrl', file_size: String(LIMIT + 1) })).toMatchObject({
      error_code: 100,
    });
    const url = await newUpload();
    expect((await chunk(url, `bytes 0-9/${LIMIT + 1}`, bytes(10))).status).toBe(413);
  });

  it('multipart: one file as part "data", its size the file_size given; anything else is a 400', async () => {
    const send = async (url: string, fill: (form: FormData) => void) => {
      const form = new FormData();
      fill(form);
      return (await fetch(url, { method: 'POST', body: form })).status;
    };
    const url = await newUpload(100);
    expect(await send(url, (f) => f.append('video', new Blob([bytes(100)]), 'a.mp4'))).toBe(400);
    expect(await send(url, (f) => f.append('data', new Blob([bytes(99)]), 'a.mp4'))).toBe(400);
    expect(
      await send(url, (f) => {
        f.append('data', new Blob([bytes(100)]), 'a.mp4');
        f.append('data', new Blob([bytes(100)]), 'b.mp4');
      }),
    ).toBe(400);
    expect(await send(url, (f) => f.append('data', new Blob([bytes(100)]), 'a.mp4'))).toBe(200);
    expect(await status(url)).toEqual({ status: 200, text: '100' });
    // The file is there: neither another multipart POST nor a chunk is taken.
    expect(await send(url, (f) => f.append('data', new Blob([bytes(100)]), 'a.mp4'))).toBe(416);
  });

  it('an unknown upload URL is a 404; PUT a 405 with Allow; a CORS preflight allows the chunk headers', async () => {
    expect((await status(`${mock.url}upload/video/abcdef`)).status).toBe(404);
    expect((await chunk(`${mock.url}upload/video/abcdef`, 'bytes 0-9/10', bytes(10))).status).toBe(404);
    const url = await newUpload();
    const put = await fetch(url, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, OPTIONS');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-range, content-disposition, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'content-range, content-disposition, content-type',
    );
  });

  it('video.update: not uploaded yet is 100, then once complete it succeeds; the URL stops working', async () => {
    const answer = await call({ method: 'video.getUploadUrl', file_size: '10' });
    const url = answer.upload_url as string;
    const vid = String(answer.video_id);
    expect(await call({ method: 'video.update', vid, title: 'T' })).toMatchObject({ error_code: 100 });
    expect((await chunk(url, 'bytes 0-9/10', bytes(10))).status).toBe(200);
    expect(await call({ method: 'video.update', vid, title: 'T' })).toEqual({ success: true });
    expect((await status(url)).status).toBe(404);
    expect(await call({ method: 'video.update', vid, description: 'D' })).toEqual({ success: true });
  });
});

describe('moment upload URL', () => {
  it('moments.getUploadUrl gives one photo id; pic1 gets its token; a wrong body gets OK errors', async () => {
    const answer = (await call({ method: 'moments.getUploadUrl' })) as { upload_url: string; photo_ids: string[] };
    expect(answer).toEqual({
      upload_url: expect.stringMatching(/\/upload\/moment\/[0-9a-f]+$/),
      photo_ids: [expect.any(String)],
      expires_ms: expect.any(Number),
      ttl_ms: expect.any(Number),
    });
    const post = async (body: string | FormData) => (await fetch(answer.upload_url, { method: 'POST', body })).json();
    expect(await post('not multipart')).toMatchObject({ error_code: 21 });
    const empty = new FormData();
    empty.append('pic2', new Blob([bytes(10)]), 'a.jpg');
    expect(await post(empty)).toMatchObject({ error_code: 505 });
    const form = new FormData();
    form.append('pic1', new Blob([bytes(10)], { type: 'image/jpeg' }), 'a.jpg');
    expect(await post(form)).toEqual({ photos: { [answer.photo_ids[0]!]: { token: expect.any(String) } } });
    expect(await (await fetch(`${mock.url}upload/moment/abcdef`, { method: 'POST', body: form })).json()).toMatchObject(
      {
        error_code: 100,
      },
    );
  });

  it("a moment's slot is its own: its ids, tokens and messages, refused at a photo's path (and the reverse), not committed", async () => {
    const moment = (await call({ method: 'moments.getUploadUrl' })) as { upload_url: string; photo_ids: string[] };
    const photo = (await call({ method: 'photosV2.getUploadUrl' })) as { upload_url: string; photo_ids: string[] };
    expect(moment.photo_ids).toEqual([expect.stringMatching(/^mockmoment\d{12}$/)]);
    const post = async (url: string, body: FormData) => (await fetch(url, { method: 'POST', body })).json();
    const pic = (part: string) => {
      const form = new FormData();
      form.append(part, new Blob([bytes(10)], { type: 'image/jpeg' }), 'a.jpg');
      return form;
    };
    expect(await post(moment.upload_url, pic('pic2'))).toEqual({
      error_code: 505,
      error_msg: expect.stringMatching(/ : No picture was sent \(part pic1\)$/),
    });
    const unknown = { error_code: 100, error_msg: 'PARAM : Unknown or expired upload URL' };
    const slotOf = (url: string) => url.split('/').at(-1)!;
    expect(await post(`${mock.url}upload/photo/${slotOf(moment.upload_url)}`, pic('pic1'))).toEqual(unknown);
    expect(await post(`${mock.url}upload/moment/${slotOf(photo.upload_url)}`, pic('pic1'))).toEqual(unknown);
    const uploaded = (await post(moment.upload_url, pic('pic1'))) as { photos: Record<string, { token: string }> };
    const [id] = moment.photo_ids;
    expect(uploaded).toEqual({ photos: { [id!]: { token: expect.stringMatching(/^mock-moment-[0-9a-f]{24}$/) } } });
    const { token } = uploaded.photos[id!]!;
    expect(await call({ method: 'photosV2.commit', photo_id: id!, token })).toEqual({
      photos: [{ photo_id: id, status: 'FAILURE' }],
    });
    expect(await call({ method: 'photos.getPhotos' })).toMatchObject({ photos: [] });
  });
});
