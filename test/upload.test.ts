// uploadPhotos: the three steps on the wire (getUploadUrl, the multipart POST with parts pic1..picN, commit with the
// tokens), progress, and the failures.
import { describe, expect, it } from 'vitest';
import { API, OkError, OkParamError, OkResponseError, ServerSession, uploadPhotos } from '../src/index.js';
import { json } from './helpers/wire.js';

function fakeOk(answerUpload: (form: FormData) => unknown) {
  const calls: { method: string; params: Record<string, string>; form?: FormData }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.pathname === '/upload') {
      const form = await request.formData();
      calls.push({ method: 'upload', params: {}, form });
      return json(answerUpload(form));
    }
    const params = Object.fromEntries(url.searchParams);
    calls.push({ method: params.method!, params });
    if (params.method === 'photosV2.getUploadUrl')
      return json({ upload_url: 'https://upload.example/upload?sid=1', photo_ids: ['p1', 'p2'] });
    if (params.method === 'photosV2.commit') {
      const photos = JSON.parse(params.photos!) as { photo_id: string }[];
      return json({
        photos: photos.map((p) => ({
          photo_id: p.photo_id,
          status: 'SUCCESS',
          assigned_photo_id: `saved-${p.photo_id}`,
        })),
      });
    }
    return json({ error_code: 3, error_msg: 'METHOD : unexpected' });
  }) as typeof globalThis.fetch;
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), { fetch });
  return { ok, calls };
}

describe('uploadPhotos', () => {
  it('gets an upload URL, posts the files as pic1..picN, commits the tokens', async () => {
    const { ok, calls } = fakeOk((form) => ({
      photos: { p1: { token: `tok1-${(form.get('pic1') as File).size}` }, p2: { token: 'tok2' } },
    }));
    const progress: number[] = [];
    const result = await uploadPhotos(
      ok,
      [new Uint8Array([1, 2, 3]), { data: new Blob(['abcd']), name: 'b.png', type: 'image/png' }],
      {
        aid: 'album1',
        comment: 'Holidays',
        onProgress: (sent, total) => progress.push(sent / Math.max(total, 1)),
      },
    );
    expect(calls.map((c) => c.method)).toEqual(['photosV2.getUploadUrl', 'upload', 'photosV2.commit']);
    expect(calls[0]!.params).toMatchObject({ count: '2', aid: 'album1' });
    const form = calls[1]!.form!;
    expect([...form.keys()]).toEqual(['pic1', 'pic2']);
    expect((form.get('pic2') as File).name).toBe('b.png');
    expect(await (form.get('pic2') as File).text()).toBe('abcd');
    expect(JSON.parse(calls[2]!.params.photos!)).toEqual([
      { photo_id: 'p1', token: 'tok1-3', comment: 'Holidays' },
      { photo_id: 'p2', token: 'tok2', comment: 'Holidays' },
    ]);
    expect(result).toEqual([
      { photoId: 'p1', token: 'tok1-3', status: 'SUCCESS', assignedPhotoId: 'saved-p1' },
      { photoId: 'p2', token: 'tok2', status: 'SUCCESS', assignedPhotoId: 'saved-p2' },
    ]);
    expect(progress.at(-1)).toBe(1);
  });

  it('commit: false returns the tokens without committing', async () => {
    const { ok, calls } = fakeOk(() => ({ photos: { p1: { token: 't1' }, p2: { token: 't2' } } }));
    await expect(uploadPhotos(ok, [new Uint8Array([1]), new Uint8Array([2])], { commit: false })).resolves.toEqual([
      { photoId: 'p1', token: 't1' },
      { photoId: 'p2', token: 't2' },
    ]);
    expect(calls.map((c) => c.method)).toEqual(['photosV2.getUploadUrl', 'upload']);
  });

  it('fails clearly when the upload answers for fewer photos, or with an OK error', async () => {
    const partial = fakeOk(() => ({ photos: { p1: { token: 't1' } } }));
    await expect(uploadPhotos(partial.ok, [new Uint8Array([1]), new Uint8Array([2])])).rejects.toThrow(
      new OkResponseError('upload', 200, '', 'upload: the answer has tokens for 1 of 2 photos (none for pic2)'),
    );
    const refused = fakeOk(() => ({ error_code: 503, error_msg: 'PHOTO_INVALID_FORMAT : Not an image' }));
    await expect(uploadPhotos(refused.ok, [new Uint8Array([1])])).rejects.toMatchObject({
      name: 'OkApiError',
      code: 503,
      method: 'upload',
    });
    await expect(uploadPhotos(refused.ok, [])).rejects.toBeInstanceOf(OkError);
  });

  it('{ data: File, type } sends the File under its own name, with the type given', async () => {
    const { ok, calls } = fakeOk(() => ({ photos: { p1: { token: 't1' }, p2: { token: 't2' } } }));
    const holiday = new File([new Uint8Array([9, 9])], 'holiday.png');
    await uploadPhotos(ok, [{ data: holiday, type: 'image/png' }, new Uint8Array([1])], { commit: false });
    const [first, second] = [calls[1]!.form!.get('pic1') as File, calls[1]!.form!.get('pic2') as File];
    expect([first.name, first.type, first.size]).toEqual(['holiday.png', 'image/png', 2]);
    expect([second.name, second.type]).toEqual(['photo.jpg', 'image/jpeg']);
  });

  it('what is no photo (or no list of them) fails with OkParamError before anything is sent', async () => {
    const { ok, calls } = fakeOk(() => ({}));
    await expect(uploadPhotos(ok, [new Uint8Array([1]), { data: 'text' } as never])).rejects.toThrow(
      new OkParamError(
        'uploadPhotos',
        'photos[1]',
        'must be a Blob or File, bytes (an ArrayBuffer or a Uint8Array) or { data, name?, type? }',
      ),
    );
    await expect(uploadPhotos(ok, null as never)).rejects.toThrow(
      "uploadPhotos: parameter 'photos' must be a list of at least one photo",
    );
    expect(calls).toHaveLength(0);
  });
});
