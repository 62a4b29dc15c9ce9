// Video uploads, OK's three steps in one call (apiok.ru/dev/examples/video_upload): video.getUploadUrl reserves the
// video and gives the URL, the file goes there (resumable chunks by default, or one multipart POST), and video.update
// sets the title and the rest and finishes the upload ("also completes the upload, accepting the agreement and making
// the video available", its page says).
import { videoGetUploadUrlRow, videoUpdateRow } from '../../generated/rows.js';
import type { Client } from '../client.js';
import { OkConfigError, OkParamError, OkResponseError } from '../errors.js';
import { checkCallOptions } from '../options-check.js';
import type { CallOptions } from '../transport/call-options.js';
import type { OkId } from '../types.js';
import { validateParams } from '../validate.js';
import { MAX_RETRY_DELAY, sendResumable } from './resumable.js';
import { checkUploadAnswer } from './upload-answer.js';
import { videoSource, type ByteSource, type VideoInput } from './video-source.js';

export type { VideoInput } from './video-source.js';

/** `signal` ends the whole upload, calls and chunks alike; `timeout` is per exchange (each chunk has its own). */
export interface UploadVideoOptions extends CallOptions {
  /** The title, at most 1000 characters (set by video.update). */
  title?: string;
  /** At most 4000 characters. */
  description?: string;
  tags?: string[];
  /** Who may watch: PUBLIC (everyone) or FRIENDS. */
  privacy?: 'PUBLIC' | 'FRIENDS';
  /** Add the video to a group. */
  gid?: OkId;
  /** The owner, for calls without a user session. */
  uid?: OkId;
  /** Uploaded while creating a post: OK then puts no "video uploaded" event in the feed. */
  postForm?: boolean;
  /**
   * `resumable` (the default): chunks with Content-Range, each retried after a failure from what the server has.
   * `multipart`: one POST, OK's simpler way, for files up to 2 GB and without resuming.
   */
  mode?: 'resumable' | 'multipart';
  /** Bytes per chunk (resumable), 2 MiB by default: each chunk must pass within `timeout`. */
  chunkSize?: number;
  /** Tries after a failed chunk (or status question) before the upload fails; 3 by default, at most 100. */
  retries?: number;
  /** Milliseconds before the first retry, doubled for each further one up to 30 s; 1000 by default, at most 30 000. */
  retryDelay?: number;
  /**
   * An upload begun before (its video.getUploadUrl answer, for the same file): no new video is reserved, and the
   * file goes on from what the server already has.
   */
  resume?: { uploadUrl: string; videoId: OkId };
  /** Bytes sent so far, of all (for multipart: of the whole form). Never goes back. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface UploadedVideo {
  /** The video's id, as video.update and a topic's movie block take it. */
  videoId: string;
  /** The file's size in bytes. */
  size: number;
}

const WHAT = 'uploadVideo';
/** apiok.ru: "Max. file size - 2 Gb" for a multipart upload. */
const MAX_MULTIPART_BYTES = 2 * 1024 ** 3;
const DEFAULT_CHUNK = 2 * 1024 * 1024;
const MIN_CHUNK = 1024;
/**
 * At most this many tries after a failure. With the waits capped at 30 s, a hundred is most of an hour on one chunk:
 * enough to ride out an outage; more (Infinity, a byte count in the wrong option) is a mistake, said at once.
 */
const MAX_RETRIES = 100;

interface Plan {
  mode: 'resumable' | 'multipart';
  chunkSize: number;
  retries: number;
  retryDelay: number;
}

function count(name: string, value: unknown, fallback: number, min: number, max?: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && (max === undefined || value <= max))
    return value;
  throw new OkConfigError(
    `${WHAT}: ${name} must be an integer ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`,
  );
}

/** The options checked, and the upload planned; every problem is found before anything is sent. */
function plan(options: UploadVideoOptions, source: ByteSource): Plan {
  checkCallOptions(WHAT, options);
  const mode = options.mode ?? 'resumable';
  if (mode !== 'resumable' && mode !== 'multipart')
    throw new OkConfigError(`${WHAT}: mode must be 'resumable' or 'multipart'`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new OkConfigError(`${WHAT}: onProgress must be a function`);
  if (source.size < 1) throw new OkParamError(WHAT, 'file', 'is empty');
  // The spec's VideoPrivacy; the types say so, this says it to callers without them.
  if (options.privacy !== undefined && options.privacy !== 'PUBLIC' && options.privacy !== 'FRIENDS')
    throw new OkParamError(WHAT, 'privacy', "must be 'PUBLIC' or 'FRIENDS'");
  if (mode === 'multipart') {
    if (!source.whole)
      throw new OkParamError(WHAT, 'file', "is a stream, which goes in chunks only: use mode 'resumable' or a Blob");
    if (source.size > MAX_MULTIPART_BYTES)
      throw new OkParamError(WHAT, 'file', `is larger than a multipart upload takes (2 GB); use mode 'resumable'`);
  }
  const resume = options.resume;
  if (
    resume !== undefined &&
    (typeof resume !== 'object' ||
      typeof resume.uploadUrl !== 'string' ||
      !/^https?:\/\//.test(resume.uploadUrl) ||
      !['string', 'number', 'bigint'].includes(typeof resume.videoId))
  )
    throw new OkConfigError(`${WHAT}: resume must be { uploadUrl: an http(s) URL, videoId }`);
  return {
    mode,
    chunkSize: count('chunkSize', options.chunkSize, DEFAULT_CHUNK, MIN_CHUNK),
    retries: count('retries', options.retries, 3, 0, MAX_RETRIES),
    // A first wait past the cap would be cut to it anyway: said rather than silently changed.
    retryDelay: count('retryDelay', options.retryDelay, 1000, 0, MAX_RETRY_DELAY),
  };
}

/** video.update's parameters, without the video id. */
function updateParams(options: UploadVideoOptions): Record<string, unknown> {
  return {
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
    ...(options.privacy !== undefined ? { privacy: options.privacy } : {}),
  };
}

/** video.getUploadUrl's answer: `upload_url` and `video_id` (public code reads the id both as a number and a string). */
function readTarget(answer: unknown): { uploadUrl: string; videoId: string } {
  const { upload_url: uploadUrl, video_id: videoId } = (answer ?? {}) as { upload_url?: unknown; video_id?: unknown };
  if (
    typeof uploadUrl !== 'string' ||
    !/^https?:\/\//.test(uploadUrl) ||
    !['string', 'number'].includes(typeof videoId)
  )
    throw new OkResponseError(
      'video.getUploadUrl',
      200,
      '',
      'video.getUploadUrl: the answer has no upload_url (an http(s) URL) and video_id',
    );
  return { uploadUrl, videoId: String(videoId) };
}

/**
 * One multipart POST with the file as part `data` (apiok.ru's example, and every public client seen). Its progress
 * goes to the caller as it comes: one exchange, sent once (nothing retries it), counted up from 0 by the transport.
 */
async function sendMultipart(client: Client, url: string, source: ByteSource, options: UploadVideoOptions) {
  const form = new FormData();
  form.append('data', source.whole!, source.name);
  const { response, secrets } = await client.uploadExchange(url, {
    method: 'POST',
    body: form,
    signal: options.signal,
    timeout: options.timeout,
    onProgress: options.onProgress,
  });
  checkUploadAnswer(response, secrets);
}

// The video upload behind `uploadVideo` of ./on-first-call.ts (what `okru` exports, and documents).
export async function uploadVideo(
  client: Client,
  file: VideoInput,
  options: UploadVideoOptions = {},
): Promise<UploadedVideo> {
  const source = videoSource(file);
  try {
    const how = plan(options, source);
    const callOptions: CallOptions = { signal: options.signal, timeout: options.timeout };
    // Checked now, not after the upload: a title too long would otherwise fail only once the file is sent.
    const update = updateParams(options);
    const updateRow = videoUpdateRow();
    validateParams('video.update', { vid: '0', ...update }, updateRow);
    const target = options.resume
      ? { uploadUrl: options.resume.uploadUrl, videoId: String(options.resume.videoId) }
      : readTarget(
          await client.invoke(
            'video.getUploadUrl',
            videoGetUploadUrlRow(),
            {
              file_name: source.name,
              file_size: source.size,
              ...(options.gid !== undefined ? { gid: options.gid } : {}),
              ...(options.uid !== undefined ? { uid: options.uid } : {}),
              ...(options.postForm !== undefined ? { post_form: options.postForm } : {}),
            },
            callOptions,
          ),
        );
    if (how.mode === 'multipart') await sendMultipart(client, target.uploadUrl, source, options);
    else
      await sendResumable(client, target.uploadUrl, source, {
        ...how,
        signal: options.signal,
        timeout: options.timeout,
        onProgress: options.onProgress,
      });
    await client.invoke('video.update', updateRow, { vid: target.videoId, ...update }, callOptions);
    return { videoId: target.videoId, size: source.size };
  } finally {
    source.close();
  }
}
