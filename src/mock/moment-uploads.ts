// Moments (apiok.ru/dev/examples/moment_upload): moments.getUploadUrl reserves one photo id and an upload URL, and
// the picture goes there as the multipart part pic1, answered as photo uploads are, with a token for the photo id
// (what adding the moment then takes). Slots and tokens expire and are capped like the photo slots (limits.ts).
import type { IncomingMessage } from 'node:http';
import { okError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';
import { jsonReply, type Reply } from './reply.js';
import type { MockState } from './state.js';
import { multipartOf } from './uploads.js';

interface MomentSlot {
  photoId: string;
  uid: string;
  expiresAt: number;
}

/** A moment's picture received: its upload token, for the step that adds the moment. */
export interface MomentUpload {
  photoId: string;
  uid: string;
  token: string;
  size: number;
}

export class MomentUploads {
  readonly slots: ExpiringMap<string, MomentSlot>;
  /** Pictures received, by photo id. */
  readonly uploaded: ExpiringMap<string, MomentUpload>;

  constructor(readonly state: MockState) {
    this.slots = new ExpiringMap(state.limits.maxPending);
    this.uploaded = new ExpiringMap(state.limits.maxPending);
  }

  /** moments.getUploadUrl's answer, for `uid`. */
  reserve(uid: string, baseUrl: string) {
    const ttlMs = this.state.lifetimes.uploadS * 1000;
    const slot = this.state.newSecret(8);
    const photoId = `mockmoment${this.state.newId(12)}`;
    const expiresAt = Date.now() + ttlMs;
    this.slots.set(slot, { photoId, uid, expiresAt }, ttlMs);
    return {
      photo_ids: [photoId],
      upload_url: `${baseUrl}upload/moment/${slot}`,
      expires_ms: expiresAt,
      ttl_ms: ttlMs,
    };
  }
}

const stores = new WeakMap<MockState, MomentUploads>();

export function momentUploadsOf(state: MockState): MomentUploads {
  let store = stores.get(state);
  if (!store) {
    store = new MomentUploads(state);
    stores.set(state, store);
  }
  return store;
}

/** POST to a moment's upload URL: the part pic1, answered `{ photos: { <photo id>: { token } } }`. */
export async function uploadMoment(state: MockState, req: IncomingMessage, slotId: string): Promise<Reply> {
  const store = momentUploadsOf(state);
  const slot = store.slots.get(slotId);
  if (!slot) return jsonReply(okError(100, 'Unknown or expired upload URL'));
  if (!String(req.headers['content-type']).startsWith('multipart/form-data'))
    return jsonReply(okError(21, 'The upload must be multipart/form-data'));
  const form = await multipartOf(req, state.limits.maxUploadBytes);
  if (!form) return jsonReply(okError(100, 'The multipart body is malformed'));
  const file = form.get('pic1');
  if (!file || typeof file === 'string' || file.size === 0)
    return jsonReply(okError(505, 'No picture was sent (part pic1)'));
  const token = `mock-moment-${state.newSecret(12)}`;
  store.uploaded.set(
    slot.photoId,
    { photoId: slot.photoId, uid: slot.uid, token, size: file.size },
    Math.max(0, slot.expiresAt - Date.now()),
  );
  return jsonReply({ photos: { [slot.photoId]: { token } } });
}
