// One reading of a file input for every upload: photos, moments and videos name and type a file the same way (the
// name given, else the File's own, else the upload's default), and refuse what is no file with OkParamError.
import { describe, expect, it } from 'vitest';
import { OkParamError } from '../../src/index.js';
import { fileBlob } from '../../src/upload/file-input.js';
import { photoBlob } from '../../src/upload/photos.js';
import { videoSource } from '../../src/upload/video-source.js';

const DEFAULTS = { name: 'default.bin', type: 'application/x-default' };
const bytes = new Uint8Array([1, 2, 3, 4]);
const file = () => new File([bytes], 'holiday.png', { type: 'image/png' });

/** What an upload would send: the part's file name and type, and its bytes. */
async function sent(result: { blob: Blob; name: string } | undefined) {
  return (
    result && { name: result.name, type: result.blob.type, bytes: [...new Uint8Array(await result.blob.arrayBuffer())] }
  );
}

describe('fileBlob', () => {
  it.each([
    ['a File', () => file(), { name: 'holiday.png', type: 'image/png' }],
    ['a Blob', () => new Blob([bytes], { type: 'image/gif' }), { name: 'default.bin', type: 'image/gif' }],
    ['a Uint8Array', () => bytes, { name: 'default.bin', type: 'application/x-default' }],
    ['an ArrayBuffer', () => bytes.slice().buffer, { name: 'default.bin', type: 'application/x-default' }],
    ['{ data: File }: the File keeps its name', () => ({ data: file() }), { name: 'holiday.png', type: 'image/png' }],
    [
      '{ data: File, type }: the type is set, the name kept',
      () => ({ data: file(), type: 'image/webp' }),
      { name: 'holiday.png', type: 'image/webp' },
    ],
    [
      '{ data: File, name }: the name given wins',
      () => ({ data: file(), name: 'b.png' }),
      { name: 'b.png', type: 'image/png' },
    ],
    ['{ data: Blob }', () => ({ data: new Blob([bytes]) }), { name: 'default.bin', type: '' }],
    [
      '{ data: bytes, name, type }',
      () => ({ data: bytes, name: 'c.jpg', type: 'image/jpeg' }),
      { name: 'c.jpg', type: 'image/jpeg' },
    ],
    [
      '{ data: bytes, name: "" }: the default',
      () => ({ data: bytes, name: '' }),
      { name: 'default.bin', type: 'application/x-default' },
    ],
  ])('%s', async (_what, input, expected) => {
    expect(await sent(fileBlob(input(), DEFAULTS))).toEqual({ ...expected, bytes: [1, 2, 3, 4] });
  });

  it.each([
    ['null', null],
    ['a string', 'photo.jpg'],
    ['a number', 7],
    ['{}', {}],
    ['{ data: a string }', { data: 'text' }],
    ['a list of bytes', [1, 2, 3]],
  ])('%s is no file', (_what, input) => {
    expect(fileBlob(input, DEFAULTS)).toBeUndefined();
  });
});

describe('photos, moments and videos read a file alike', () => {
  it('{ data: File } keeps the name for a photo as for a video', async () => {
    expect(await sent(photoBlob({ data: file() }, 'uploadPhotos', 'photos[0]'))).toEqual({
      name: 'holiday.png',
      type: 'image/png',
      bytes: [1, 2, 3, 4],
    });
    expect(videoSource({ data: file() })).toMatchObject({ name: 'holiday.png', size: 4 });
  });

  it("each upload's own defaults", async () => {
    expect(await sent(photoBlob(bytes, 'uploadPhotos', 'photos[0]'))).toMatchObject({
      name: 'photo.jpg',
      type: 'image/jpeg',
    });
    expect(videoSource(bytes)).toMatchObject({ name: 'video.mp4', type: 'application/octet-stream' });
  });

  it('what is no file: OkParamError naming the parameter', () => {
    expect(() => photoBlob({ data: 'text' }, 'uploadMoment', 'picture')).toThrow(
      new OkParamError(
        'uploadMoment',
        'picture',
        'must be a Blob or File, bytes (an ArrayBuffer or a Uint8Array) or { data, name?, type? }',
      ),
    );
    expect(() => videoSource(null as never)).toThrow(
      "uploadVideo: parameter 'file' must be a Blob or File, bytes (an ArrayBuffer or a Uint8Array), { data, name?, type? } or { stream, size }",
    );
  });
});
