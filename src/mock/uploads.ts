// Upload URLs: photos as OK takes them (multipart parts pic1..picN, answered with an upload token per photo id, to be
// committed with photosV2.commit before the upload URL's lifetime ends). A moment's picture goes the same way
// (apiok.ru/dev/examples/moment_upload): moments.getUploadUrl reserves one photo id, and its token is for the step that
// adds the moment. The body is read within the upload size limit; a body that is not valid multipart is OK's error,
// not a failure of the server.
import type { IncomingMessage } from 'node:http';
import { okError } from './errors.js';
import { BodyTooLargeError, bodyStream } from './request-body.js';
import { jsonReply, type Reply } from './reply.js';
import type { MockState, UploadSlot } from './state.js';

/** How a photo's upload URL and a moment's differ: the ids and tokens they make, and what they say when none came. */
const MEDIA = {
  photo: { id: 'mockphoto', digits: 10, token: 'mock-upload-', none: 'No photo was sent (parts pic1..picN)' },
  moment: { id: 'mockmoment', digits: 12, token: 'mock-moment-', none: 'No picture was sent (part pic1)' },
} as const;

/** photosV2.getUploadUrl's answer (and moments.getUploadUrl's, for one id): photo ids and the URL to upload them to. */
export function reservePhotos(
  state: MockState,
  baseUrl: string,
  count: number,
  slot: Omit<UploadSlot, 'photoIds' | 'expiresAt'>,
) {
  const id = state.newSecret(8);
  const photoIds = Array.from(
    { length: count },
    () => `${MEDIA[slot.media].id}${state.newId(MEDIA[slot.media].digits)}`,
  );
  const ttlMs = state.lifetimes.uploadS * 1000;
  const expiresAt = Date.now() + ttlMs;
  state.uploads.set(id, { ...slot, photoIds, expiresAt }, ttlMs);
  return {
    upload_url: `${baseUrl}upload/${slot.media}/${id}`,
    photo_ids: photoIds,
    expires_ms: expiresAt,
    ttl_ms: ttlMs,
  };
}

/** The multipart body, read within `limit` bytes; undefined when it is not valid multipart (video uploads too). */
export async function multipartOf(req: IncomingMessage, limit: number): Promise<FormData | undefined> {
  const body = bodyStream(req, limit);
  try {
    // The platform's own multipart parser (undici, behind Request.formData), fed through the size limit.
    return await new Request('http://upload.local/', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']) },
      body: body.stream,
      duplex: 'half',
    } as RequestInit).formData();
  } catch {
    if (body.tooLarge()) throw new BodyTooLargeError(limit);
    return undefined;
  }
}

/** POST to a photo's or a moment's upload URL: answered `{ photos: { <photo id>: { token } } }`. */
export async function uploadPhotos(
  state: MockState,
  req: IncomingMessage,
  slotId: string,
  media: UploadSlot['media'],
): Promise<Reply> {
  const slot = state.uploads.get(slotId);
  // A photo's slot under /upload/moment/ (or the reverse) is as unknown as a made-up one.
  if (slot?.media !== media) return jsonReply(okError(100, 'Unknown or expired upload URL'));
  if (!String(req.headers['content-type']).startsWith('multipart/form-data'))
    return jsonReply(okError(21, 'The upload must be multipart/form-data'));
  const form = await multipartOf(req, state.limits.maxUploadBytes);
  if (!form) return jsonReply(okError(100, 'The multipart body is malformed'));
  const photos: Record<string, { token: string }> = {};
  for (let i = 0; i < slot.photoIds.length; i++) {
    const file = form.get(`pic${i + 1}`);
    if (!file || typeof file === 'string' || file.size === 0) continue;
    const id = slot.photoIds[i]!;
    const token = `${MEDIA[media].token}${state.newSecret(12)}`;
    state.photos.set(id, {
      id,
      ownerId: slot.uid,
      albumId: slot.albumId,
      groupId: slot.groupId,
      uploadToken: token,
      commitBy: slot.expiresAt,
      committed: false,
      created: state.now(),
      size: file.size,
      ...(media === 'moment' ? { moment: true } : {}),
    });
    photos[id] = { token };
  }
  if (!Object.keys(photos).length) return jsonReply(okError(505, MEDIA[media].none));
  return jsonReply({ photos });
}
