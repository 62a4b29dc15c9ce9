// Upload URLs: photos as OK takes them (multipart parts pic1..picN, answered with an upload token per photo id, to be
// committed with photosV2.commit) and videos (any body).
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { MockState } from './state.js';
import type { Reply } from './oauth.js';

const json = (body: unknown, status = 200): Reply => ({ status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) });

export async function uploadPhotos(state: MockState, req: IncomingMessage, slotId: string): Promise<Reply> {
  const slot = state.uploads.get(slotId);
  if (!slot || Date.now() > slot.expiresAt) return json({ error_code: 100, error_msg: 'PARAM : Unknown or expired upload URL' });
  if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return json({ error_code: 21, error_msg: 'NOT_MULTIPART : The upload must be multipart/form-data' });
  // The platform's own multipart parser (undici, behind Request.formData).
  const form = await new Request('http://upload.local/', {
    method: 'POST',
    headers: req.headers as Record<string, string>,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: 'half',
  } as RequestInit).formData();
  const photos: Record<string, { token: string }> = {};
  for (let i = 0; i < slot.photoIds.length; i++) {
    const file = form.get(`pic${i + 1}`);
    if (!file || typeof file === 'string' || file.size === 0) continue;
    const id = slot.photoIds[i]!;
    const token = `mock-upload-${state.newSecret(12)}`;
    state.photos.set(id, { id, ownerId: slot.uid, albumId: slot.albumId, groupId: slot.groupId, uploadToken: token, committed: false, created: state.now() });
    photos[id] = { token };
  }
  if (!Object.keys(photos).length) return json({ error_code: 505, error_msg: 'PHOTO_NO_IMAGE : No photo was sent (parts pic1..picN)' });
  return json({ photos });
}
