// Photo uploads, OK's three steps in one call: photosV2.getUploadUrl, a multipart POST of the files (parts
// pic1..picN) to the URL it gives, and photosV2.commit with the token the upload returned for each photo.
import type { API } from '../api.js';
import { OkError, OkParamError } from '../errors.js';
import type { CallOptions } from '../transport/call-options.js';
import type { OkId } from '../types.js';
import { fileBlob, type FileInput } from './file-input.js';

/** A photo: its bytes, optionally with a file name and MIME type. */
export type PhotoInput = FileInput;

/** `signal` ends the whole upload (the calls and the POST); `timeout` is per exchange. */
export interface UploadPhotosOptions extends CallOptions {
  /** The album (a personal one when omitted). */
  aid?: string;
  /** Upload to a group's album (with aid) or for a group topic. */
  gid?: OkId;
  /** Whose photos, for calls without a user session. */
  uid?: OkId;
  /** A description for every photo, set on commit. */
  comment?: string;
  /** Commit the photos (true by default); false leaves the tokens for a topic's attachment instead. */
  commit?: boolean;
  /** Bytes sent so far, of all. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface UploadedPhoto {
  /** The id reserved by getUploadUrl. */
  photoId: string;
  /** The upload token: commit it, or put it in a topic's photo block (`{ type: 'photo', list: [{ id: token }] }`). */
  token: string;
  /** After commit: OK's status for the photo (SUCCESS) and the id it was saved under. */
  status?: string;
  assignedPhotoId?: string;
}

const WHAT = 'uploadPhotos';
const PHOTO = { name: 'photo.jpg', type: 'image/jpeg' };

/** A photo as the Blob and file name of its multipart part (moments are uploaded the same way), or OkParamError. */
export function photoBlob(input: unknown, what: string, param: string): { blob: Blob; name: string } {
  const file = fileBlob(input, PHOTO);
  if (!file)
    throw new OkParamError(
      what,
      param,
      'must be a Blob or File, bytes (an ArrayBuffer or a Uint8Array) or { data, name?, type? }',
    );
  return file;
}

// The photo upload behind `uploadPhotos` of ./on-first-call.ts (what `okru` exports, and documents).
export async function uploadPhotos(
  ok: API,
  photos: readonly PhotoInput[],
  options: UploadPhotosOptions = {},
): Promise<UploadedPhoto[]> {
  if (!Array.isArray(photos) || !photos.length)
    throw new OkParamError(WHAT, 'photos', 'must be a list of at least one photo');
  // Read before anything is sent: a photo that is no photo must not cost an upload URL.
  const files = photos.map((p, i) => photoBlob(p, WHAT, `photos[${i}]`));
  const callOptions: CallOptions = { signal: options.signal, timeout: options.timeout };
  const target = await ok.call(
    'photosV2.getUploadUrl',
    {
      count: photos.length,
      ...(options.aid ? { aid: options.aid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
    } as never,
    callOptions as never,
  );
  const { upload_url: uploadUrl, photo_ids: photoIds } = target as { upload_url: string; photo_ids: string[] };
  const form = new FormData();
  for (const [i, { blob, name }] of files.entries()) form.append(`pic${i + 1}`, blob, name);
  const answer = (await ok.upload(uploadUrl, form, { ...callOptions, onProgress: options.onProgress })) as {
    photos?: Record<string, { token: string }>;
  };
  const uploaded: UploadedPhoto[] = photoIds
    .filter((id) => answer.photos?.[id])
    .map((id) => ({ photoId: id, token: answer.photos![id]!.token }));
  if (uploaded.length !== photos.length)
    throw new OkError(`uploadPhotos: the upload answered for ${uploaded.length} of ${photos.length} photos`);
  if (options.commit === false) return uploaded;
  const committed = (await ok.call(
    'photosV2.commit',
    {
      photos: uploaded.map((u) => ({
        photo_id: u.photoId,
        token: u.token,
        ...(options.comment ? { comment: options.comment } : {}),
      })),
    } as never,
    callOptions as never,
  )) as { photos?: { photo_id: string; status?: string; assigned_photo_id?: string }[] };
  for (const c of committed.photos ?? []) {
    const u = uploaded.find((x) => x.photoId === c.photo_id);
    if (u) {
      u.status = c.status;
      u.assignedPhotoId = c.assigned_photo_id;
    }
  }
  return uploaded;
}
