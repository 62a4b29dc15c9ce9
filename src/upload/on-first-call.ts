// The uploads as `okru` exports them: each loads its module on its first call, so that `import 'okru'` does not
// compile the uploads' code (15 KB with the video's sources and resumable chunks) for apps that never upload (issue
// #12: the cold import's budget). They are async functions already, so callers see no difference: a bad input
// rejects as before, one load later.
import type { API } from '../api.js';
import type { Client } from '../client.js';
import type { UploadedMoment, UploadMomentOptions } from './moments.js';
import type { PhotoInput, UploadedPhoto, UploadPhotosOptions } from './photos.js';
import type { UploadedVideo, UploadVideoOptions, VideoInput } from './video.js';

/**
 * Uploads photos: photosV2.getUploadUrl, one multipart POST of the files (parts pic1..picN), then photosV2.commit
 * (unless `commit: false`).
 */
export async function uploadPhotos(
  ok: API,
  photos: readonly PhotoInput[],
  options: UploadPhotosOptions = {},
): Promise<UploadedPhoto[]> {
  const { uploadPhotos } = await import('./photos.js');
  return uploadPhotos(ok, photos, options);
}

/**
 * Uploads a video and finishes it: video.getUploadUrl (unless `resume` names an upload begun before), the file in
 * chunks (or one multipart POST), then video.update with the title and the rest. In Node, pass a file as
 * `await fs.openAsBlob(path)`: it is read chunk by chunk, never whole. Rejects with OkParamError or OkConfigError
 * before anything is sent when the input or options cannot work.
 */
export async function uploadVideo(
  client: Client,
  file: VideoInput,
  options: UploadVideoOptions = {},
): Promise<UploadedVideo> {
  const { uploadVideo } = await import('./video.js');
  return uploadVideo(client, file, options);
}

/** Uploads a moment's picture: moments.getUploadUrl, then the multipart POST of part pic1. */
export async function uploadMoment(
  client: Client,
  picture: PhotoInput,
  options: UploadMomentOptions = {},
): Promise<UploadedMoment> {
  const { uploadMoment } = await import('./moments.js');
  return uploadMoment(client, picture, options);
}
