// Moment uploads (apiok.ru/dev/examples/moment_upload): moments.getUploadUrl reserves a photo id and gives the URL,
// and the picture goes there as the multipart part pic1, as photos do. The answer gives the photo id's token, which
// OK's next step takes to add the moment; the spec has no method for that step yet, so the token is returned.
import { momentsGetUploadUrlRow } from '../../generated/rows.js';
import type { Client } from '../client.js';
import { OkConfigError } from '../errors.js';
import { checkCallOptions } from '../options-check.js';
import type { CallOptions } from '../transport/call-options.js';
import { photoBlob, readPhotoTarget, readPhotoTokens, type PhotoInput } from './photos.js';

/** `signal` ends the whole upload; `timeout` is per exchange. */
export interface UploadMomentOptions extends CallOptions {
  /** Bytes sent so far, of all (the whole multipart form). */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface UploadedMoment {
  /** The photo id moments.getUploadUrl reserved. */
  photoId: string;
  /** The upload's token for it: what adding the moment takes. */
  token: string;
}

const WHAT = 'uploadMoment';

// The moment upload behind `uploadMoment` of ./on-first-call.ts (what `okru` exports, and documents).
export async function uploadMoment(
  client: Client,
  picture: PhotoInput,
  options: UploadMomentOptions = {},
): Promise<UploadedMoment> {
  checkCallOptions(WHAT, options);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new OkConfigError(`${WHAT}: onProgress must be a function`);
  const { blob, name } = photoBlob(picture, WHAT, 'picture');
  const callOptions: CallOptions = { signal: options.signal, timeout: options.timeout };
  const target = readPhotoTarget(
    'moments.getUploadUrl',
    await client.invoke('moments.getUploadUrl', momentsGetUploadUrlRow(), {}, callOptions),
    1,
  );
  const form = new FormData();
  form.append('pic1', blob, name);
  const answer = await client.upload(target.uploadUrl, form, { ...callOptions, onProgress: options.onProgress });
  return { photoId: target.photoIds[0]!, token: readPhotoTokens(answer, target.photoIds)[0]! };
}
