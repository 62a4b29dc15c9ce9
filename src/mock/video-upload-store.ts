// What the mock keeps of video uploads: each upload URL video.getUploadUrl handed out (by its slot, and by the video
// id, for video.update), how much of the file it received and a hash of those bytes in order (so that a test can
// check that a resumed upload delivered the file exactly), and the videos video.update finished. Kept beside the
// MockState, not in it: pending uploads expire and are capped like the photo slots (limits.ts), finished videos stay
// as committed photos do.
import { createHash, type Hash } from 'node:crypto';
import { ExpiringMap } from './expiring-map.js';
import type { MockState } from './state.js';

export interface VideoUpload {
  videoId: string;
  /** The secret part of the upload URL. */
  slot: string;
  uid: string;
  appId: number;
  groupId?: string;
  fileName?: string;
  /** video.getUploadUrl's file_size, when one above 0 was given: the file must have exactly this size. */
  declaredSize?: number;
  /** The file's size, once a chunk's Content-Range or the multipart file has said it. */
  total?: number;
  /** Bytes received, from the start of the file, in order. */
  received: number;
  /** SHA-256 of the bytes received, in order. */
  hash: Hash;
  /** How the file is coming: chunks with Content-Range, or one multipart POST. */
  mode?: 'chunks' | 'multipart';
  /** A request is sending bytes now: another one at the same time is refused. */
  busy: boolean;
  expiresAt: number;
}

/** A video finished by video.update. */
export interface VideoRecord {
  id: string;
  ownerId: string;
  groupId?: string;
  title?: string;
  description?: string;
  tags?: string[];
  privacy?: string;
  size: number;
  /** Hex SHA-256 of the file as received. */
  sha256: string;
  created: number;
}

export class VideoUploads {
  /** Pending uploads by the slot of their URL. */
  readonly bySlot: ExpiringMap<string, VideoUpload>;
  /** The same uploads by video id. */
  readonly byVideo: ExpiringMap<string, VideoUpload>;
  readonly videos = new Map<string, VideoRecord>();

  constructor(readonly state: MockState) {
    this.bySlot = new ExpiringMap(state.limits.maxPending);
    this.byVideo = new ExpiringMap(state.limits.maxPending);
  }

  /** A new upload URL's record, living as long as the mock's upload URLs do. */
  create(fields: Pick<VideoUpload, 'uid' | 'appId' | 'groupId' | 'fileName' | 'declaredSize'>): VideoUpload {
    const ttlMs = this.state.lifetimes.uploadS * 1000;
    const upload: VideoUpload = {
      ...fields,
      videoId: this.state.newId(13),
      slot: this.state.newSecret(8),
      received: 0,
      hash: createHash('sha256'),
      busy: false,
      expiresAt: Date.now() + ttlMs,
    };
    this.bySlot.set(upload.slot, upload, ttlMs);
    this.byVideo.set(upload.videoId, upload, ttlMs);
    return upload;
  }

  complete(upload: VideoUpload): boolean {
    return upload.total !== undefined && upload.received === upload.total;
  }

  /** The upload is finished by video.update: its record moves to `videos`, its URL stops working. */
  finish(
    upload: VideoUpload,
    details: Omit<VideoRecord, 'id' | 'ownerId' | 'groupId' | 'size' | 'sha256' | 'created'>,
  ) {
    const record: VideoRecord = {
      id: upload.videoId,
      ownerId: upload.uid,
      ...(upload.groupId ? { groupId: upload.groupId } : {}),
      ...details,
      size: upload.received,
      sha256: upload.hash.copy().digest('hex'),
      created: this.state.now(),
    };
    this.videos.set(record.id, record);
    this.bySlot.delete(upload.slot);
    this.byVideo.delete(upload.videoId);
    return record;
  }
}

const stores = new WeakMap<MockState, VideoUploads>();

/** The video uploads of one mock server, made on first use. */
export function videoUploadsOf(state: MockState): VideoUploads {
  let store = stores.get(state);
  if (!store) {
    store = new VideoUploads(state);
    stores.set(state, store);
  }
  return store;
}
