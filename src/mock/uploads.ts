// Upload URLs: photos as OK takes them (multipart parts pic1..picN, answered with an upload token per photo id, to be
// committed with photosV2.commit before the upload URL's lifetime ends). The body is read within the upload size
// limit; a body that is not valid multipart is OK's error, not a failure of the server.
import type { IncomingMessage } from 'node:http';
import { okError } from './errors.js';
import { BodyTooLargeError, bodyStream } from './request-body.js';
import { jsonReply, type Reply } from './reply.js';
import type { MockState } from './state.js';

/** The multipart body, read within `limit` bytes; undefined when it is not valid multipart (video and moment uploads too). */
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

export async function uploadPhotos(state: MockState, req: IncomingMessage, slotId: string): Promise<Reply> {
  const slot = state.uploads.get(slotId);
  if (!slot) return jsonReply(okError(100, 'Unknown or expired upload URL'));
  if (!String(req.headers['content-type']).startsWith('multipart/form-data'))
    return jsonReply(okError(21, 'The upload must be multipart/form-data'));
  const form = await multipartOf(req, state.limits.maxUploadBytes);
  if (!form) return jsonReply(okError(100, 'The multipart body is malformed'));
  const photos: Record<string, { token: string }> = {};
  for (let i = 0; i < slot.photoIds.length; i++) {
    const file = form.get(`pic${i + 1}`);
    if (!file || typeof file === 'string' || file.size === 0) continue;
    const id = slot.photoIds[i]!;
    const token = `mock-upload-${state.newSecret(12)}`;
    state.photos.set(id, {
      id,
      ownerId: slot.uid,
      albumId: slot.albumId,
      groupId: slot.groupId,
      uploadToken: token,
      commitBy: slot.expiresAt,
      committed: false,
      created: state.now(),
    });
    photos[id] = { token };
  }
  if (!Object.keys(photos).length) return jsonReply(okError(505, 'No photo was sent (parts pic1..picN)'));
  return jsonReply({ photos });
}
