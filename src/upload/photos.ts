// Photo uploads, OK's three steps in one call: photosV2.getUploadUrl, a multipart POST of the files (parts
// pic1..picN) to the URL it gives, and photosV2.commit with the token the upload returned for each photo.
import type { API } from '../api.js';
import { OkConfigError, OkParamError, OkResponseError } from '../errors.js';
import { checkCallOptions } from '../options-check.js';
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

/** What a value in an answer is, for a message that names what was wrong without quoting it (it may hold secrets). */
function kind(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON answer of the wrong shape. The body is not quoted: the upload URL in it carries a signature. */
const badAnswer = (method: string, problem: string) => new OkResponseError(method, 200, '', `${method}: ${problem}`);

/** The answer as an object, or OkResponseError saying what it is instead. */
function answerObject(method: string, answer: unknown, fields: string): Record<string, unknown> {
  if (isRecord(answer)) return answer;
  throw badAnswer(method, `the answer is ${kind(answer)}, not an object with ${fields}`);
}

/**
 * photosV2.getUploadUrl's or moments.getUploadUrl's answer: the upload URL, and a photo id for each of `count` photos
 * (the file of part picN is photo_ids[N-1]; ids past `count` are not used). OkResponseError names what is missing.
 */
export function readPhotoTarget(method: string, answer: unknown, count: number) {
  const { upload_url: uploadUrl, photo_ids: ids } = answerObject(method, answer, 'upload_url and photo_ids');
  // An upload URL that is not http(s) would otherwise be refused as if the caller had passed it (OkConfigError).
  if (typeof uploadUrl !== 'string' || !/^https?:\/\//.test(uploadUrl))
    throw badAnswer(
      method,
      `the answer's upload_url is ${typeof uploadUrl === 'string' ? 'not an http(s) URL' : kind(uploadUrl)}`,
    );
  if (!Array.isArray(ids)) throw badAnswer(method, `the answer's photo_ids is ${kind(ids)}, not a list of photo ids`);
  if (ids.length < count) throw badAnswer(method, `the answer has ${ids.length} photo ids for ${count} photos`);
  const photoIds = ids.slice(0, count);
  const bad = photoIds.findIndex((id) => typeof id !== 'string' || id === '');
  if (bad >= 0) throw badAnswer(method, `the answer's photo_ids[${bad}] is ${kind(photoIds[bad])}, not a photo id`);
  return { uploadUrl, photoIds: photoIds as string[] };
}

/** The upload's answer (`{ photos: { <photo id>: { token } } }`): the token of each photo id, in order. */
export function readPhotoTokens(answer: unknown, photoIds: readonly string[]): string[] {
  const { photos } = answerObject('upload', answer, 'photos');
  if (!isRecord(photos))
    throw badAnswer('upload', `the answer's photos is ${kind(photos)}, not an object of tokens by photo id`);
  const tokens = photoIds.map((id) => {
    const photo = Object.hasOwn(photos, id) ? photos[id] : undefined;
    return isRecord(photo) && typeof photo.token === 'string' && photo.token !== '' ? photo.token : undefined;
  });
  const missing = tokens.indexOf(undefined);
  if (missing >= 0)
    throw badAnswer(
      'upload',
      `the answer has tokens for ${tokens.filter(Boolean).length} of ${photoIds.length} photos (none for pic${missing + 1})`,
    );
  return tokens as string[];
}

/** photosV2.commit's answer: what it says of each photo, set on `uploaded` (photos it does not name keep no status). */
function readCommit(answer: unknown, uploaded: UploadedPhoto[]): void {
  const { photos: items } = answerObject('photosV2.commit', answer, 'photos');
  if (!Array.isArray(items)) throw badAnswer('photosV2.commit', `the answer's photos is ${kind(items)}, not a list`);
  for (const [i, item] of items.entries()) {
    if (
      !isRecord(item) ||
      typeof item.photo_id !== 'string' ||
      !['string', 'undefined'].includes(typeof item.status) ||
      !['string', 'undefined'].includes(typeof item.assigned_photo_id)
    )
      throw badAnswer('photosV2.commit', `the answer's photos[${i}] is not { photo_id, status?, assigned_photo_id? }`);
    const u = uploaded.find((x) => x.photoId === item.photo_id);
    if (u) {
      u.status = item.status as string | undefined;
      u.assignedPhotoId = item.assigned_photo_id as string | undefined;
    }
  }
}

// The photo upload behind `uploadPhotos` of ./on-first-call.ts (what `okru` exports, and documents).
export async function uploadPhotos(
  ok: API,
  photos: readonly PhotoInput[],
  options: UploadPhotosOptions = {},
): Promise<UploadedPhoto[]> {
  checkCallOptions(WHAT, options);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new OkConfigError(`${WHAT}: onProgress must be a function`);
  if (!Array.isArray(photos) || !photos.length)
    throw new OkParamError(WHAT, 'photos', 'must be a list of at least one photo');
  // Read before anything is sent: a photo that is no photo must not cost an upload URL.
  const files = photos.map((p, i) => photoBlob(p, WHAT, `photos[${i}]`));
  const callOptions: CallOptions = { signal: options.signal, timeout: options.timeout };
  const target = readPhotoTarget(
    'photosV2.getUploadUrl',
    await ok.call(
      'photosV2.getUploadUrl',
      {
        count: photos.length,
        ...(options.aid ? { aid: options.aid } : {}),
        ...(options.gid !== undefined ? { gid: options.gid } : {}),
        ...(options.uid !== undefined ? { uid: options.uid } : {}),
      } as never,
      callOptions as never,
    ),
    photos.length,
  );
  const form = new FormData();
  for (const [i, { blob, name }] of files.entries()) form.append(`pic${i + 1}`, blob, name);
  const answer = await ok.upload(target.uploadUrl, form, { ...callOptions, onProgress: options.onProgress });
  const tokens = readPhotoTokens(answer, target.photoIds);
  const uploaded: UploadedPhoto[] = target.photoIds.map((photoId, i) => ({ photoId, token: tokens[i]! }));
  if (options.commit === false) return uploaded;
  const committed = await ok.call(
    'photosV2.commit',
    {
      photos: uploaded.map((u) => ({
        photo_id: u.photoId,
        token: u.token,
        ...(options.comment ? { comment: options.comment } : {}),
      })),
    } as never,
    callOptions as never,
  );
  readCommit(committed, uploaded);
  return uploaded;
}
