// The API side of video and moment uploads: video.getUploadUrl reserves a video and its upload URL
// (video-uploads.ts serves it), video.update finishes an uploaded video, moments.getUploadUrl reserves a moment's
// photo id (served as photos are, uploads.ts). Permissions (VIDEO_CONTENT, PHOTO_CONTENT) and parameters are checked
// before these run, as for every call (calls.ts).
import { okError } from './errors.js';
import { list } from './params.js';
import type { ResultContext } from './results.js';
import { reservePhotos } from './uploads.js';
import { videoUploadsOf } from './video-upload-store.js';

/** The owner of what a call creates: the caller, or `uid` for a call without a user session. */
const owner = (c: ResultContext) => c.uid ?? c.params.uid;

export const UPLOAD_HANDLERS: Record<string, (c: ResultContext) => unknown> = {
  'video.getUploadUrl': (c) => {
    const uid = owner(c);
    if (!uid) return okError(100, 'uid is required for a call without a session');
    const declared = Number(c.params.file_size ?? 0);
    const limit = c.state.limits.maxUploadBytes;
    if (declared > limit) return okError(100, `file_size ${declared} is larger than this server takes (${limit})`);
    const upload = videoUploadsOf(c.state).create({
      uid,
      appId: c.app.appId,
      ...(c.params.gid ? { groupId: c.params.gid } : {}),
      ...(c.params.file_name ? { fileName: c.params.file_name } : {}),
      ...(declared > 0 ? { declaredSize: declared } : {}),
    });
    // A number, as OK's upload URLs write video ids (id=4470582224922); clients read it as a number or a string.
    return { upload_url: `${c.baseUrl}upload/video/${upload.slot}`, video_id: Number(upload.videoId) };
  },
  'video.update': (c) => {
    const uid = owner(c);
    if (!uid) return okError(100, 'uid is required for a call without a session');
    const store = videoUploadsOf(c.state);
    const vid = c.params.vid!;
    const details = {
      ...(c.params.title !== undefined ? { title: c.params.title } : {}),
      ...(c.params.description !== undefined ? { description: c.params.description } : {}),
      ...(c.params.privacy !== undefined ? { privacy: c.params.privacy } : {}),
      ...(c.params.tags !== undefined ? { tags: list(c.params.tags) } : {}),
    };
    const finished = store.videos.get(vid);
    if (finished?.ownerId === uid) {
      Object.assign(finished, details);
      return { success: true };
    }
    const upload = store.byVideo.get(vid);
    if (!upload || upload.uid !== uid) return okError(300, `Video ${vid} not found`);
    if (!store.complete(upload))
      return okError(
        100,
        `The file of video ${vid} is not uploaded (${upload.received} of ${upload.total ?? upload.declaredSize ?? '?'} bytes)`,
      );
    store.finish(upload, details);
    return { success: true };
  },
  'moments.getUploadUrl': (c) => {
    // The spec's session rule (required, after apiok.ru's moment upload example) has refused calls without a user.
    return reservePhotos(c.state, c.baseUrl, 1, { media: 'moment', uid: c.uid!, appId: c.app.appId });
  },
};
