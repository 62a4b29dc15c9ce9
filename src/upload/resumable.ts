// OK's resumable ("renewable") video upload: the file goes to the upload URL in chunks, each a POST of raw bytes whose
// Content-Range names its place in the file; a GET to the same URL asks the server how much it has. After a failure
// the upload goes on from what the server says it has, never from what okru thinks it sent.
//
// Sources, and what each settled:
// - apiok.ru/dev/examples/video_upload (ru and en): any Content-Type but multipart/form-data makes an upload resumable;
//   Content-Range carries the chunk's range and the file's size; a GET to the upload URL answers the upload's status,
//   the file's size and the last byte it has; after 416 (REQUESTED_RANGE_NOT_SATISFIABLE) or 500 ask again and go on.
// - KometTeam/kolibri, kolibri-net/src/media/upload.rs (a client of OK's Max messenger, whose videos go to the same
//   upload servers, vu.mycdn.me): the GET's body is a bare number, read as the byte count to resume from; chunks
//   are POSTs with Content-Type `application/x-binary; charset=x-user-defined`, `Content-Disposition: attachment;
//   fileName="..."` (on the GET too), `Content-Range: bytes a-b/size`; 200 or 201 means the chunk was taken.
// - The Max Android app's `one.video.upload` (decompiled smali in public repositories): 201 a chunk taken, 200 the
//   file complete, a 4xx means the URL expired, a 5xx an error to retry; it asks the status first, as kolibri does.
// Inferred, not stated anywhere: that the GET's number is the count of bytes the server has (kolibri reads it so; if
// OK meant the index of the last byte, resuming from it sends one byte twice, where the other reading would lose one);
// a default chunk size (none is documented); chunks sent one after another, without kolibri's `X-Uploading-Mode:
// parallel`, which lets a server take them out of order.
import type { Client } from '../client.js';
import { OkError, OkResponseError } from '../errors.js';
import { excerpt } from '../transport/api-answer.js';
import type { CallOptions } from '../transport/call-options.js';
import { sleep } from '../transport/deadline.js';
import { checkUploadAnswer, isRetryable } from './upload-answer.js';
import type { ByteSource } from './video-source.js';

export interface ResumableOptions extends CallOptions {
  chunkSize: number;
  /** Tries after a failure, per chunk (and per status question), before the upload fails. */
  retries: number;
  /** Milliseconds before the first retry; doubled for each further one, up to MAX_RETRY_DELAY. */
  retryDelay: number;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** The Content-Type OK's own apps send chunks with (kolibri, the Max app); anything but multipart is resumable. */
const CHUNK_TYPE = 'application/x-binary; charset=x-user-defined';

/**
 * The longest wait before a retry. Doubling is for a server that needs a moment; past half a minute, waiting longer
 * mostly lets the upload URL age (OK's expire) and the user wait, and an unbounded doubling soon passes what a timer
 * can hold (2^31 - 1 ms, after which Node fires it at once, and the retries would run without any pause).
 */
export const MAX_RETRY_DELAY = 30_000;

/** Milliseconds to wait after the `failures`-th failure in a row: `retryDelay` doubled each time, capped. */
export function retryDelayFor(retryDelay: number, failures: number): number {
  // 2^15 ms is past the cap from any delay of 1 ms or more; doubling no further keeps 0 from becoming 0 * Infinity.
  return Math.min(retryDelay * 2 ** Math.min(failures - 1, 15), MAX_RETRY_DELAY);
}

/**
 * Sends `source` to `url` in chunks, resuming after failures from what the server has; resolves once it has all. The
 * source is the caller's, and left open: uploadVideo closes it once, whatever happens here.
 */
export async function sendResumable(
  client: Client,
  url: string,
  source: ByteSource,
  options: ResumableOptions,
): Promise<void> {
  const { size } = source;
  const { signal, timeout } = options;
  // The same name on every request of the upload, as OK's apps send it; encoded, since a header is not UTF-8.
  const disposition = `attachment; filename="${encodeURIComponent(source.name)}"`;
  let reported = -1;
  const report = (bytes: number) => {
    // Never backwards: bytes the server lost and gets again are counted once.
    if (bytes <= reported) return;
    reported = bytes;
    options.onProgress?.(bytes, size);
  };

  /** How many bytes the server has (a GET to the upload URL), checked against the file. */
  const serverOffset = async (): Promise<number> => {
    const { response, secrets } = await client.uploadExchange(url, {
      method: 'GET',
      headers: { 'content-disposition': disposition },
      signal,
      timeout,
    });
    checkUploadAnswer(response, secrets);
    const text = response.text.trim();
    const offset = text === '' ? 0 : /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
    if (!(offset >= 0 && offset <= size))
      throw new OkResponseError(
        'upload',
        response.status,
        excerpt(response.text, secrets),
        `upload: the upload status is not a byte count from 0 to ${size}`,
      );
    return offset;
  };

  const sendChunk = async (start: number, end: number): Promise<void> => {
    const body = await source.read(start, end);
    const { response, secrets } = await client.uploadExchange(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': CHUNK_TYPE,
        'content-disposition': disposition,
        'content-range': `bytes ${start}-${end - 1}/${size}`,
      },
      signal,
      timeout,
      ...(options.onProgress ? { onProgress: (sent: number) => report(start + sent) } : {}),
    });
    checkUploadAnswer(response, secrets);
  };

  let failures = 0;
  /** After a failure: give up when it is final or the tries are spent, else wait (longer each time). */
  const afterFailure = async (error: unknown): Promise<void> => {
    if (!isRetryable(error) || failures >= options.retries) throw error;
    failures++;
    await sleep('upload', retryDelayFor(options.retryDelay, failures), signal);
  };
  /** What the server has, asked until it answers (within the tries left). */
  const askServer = async (): Promise<number> => {
    for (;;) {
      try {
        return await serverOffset();
      } catch (error) {
        await afterFailure(error);
      }
    }
  };

  // OK's apps ask first too: an upload URL given again (a resumed upload) may already hold part of the file.
  let offset = await askServer();
  report(offset);
  // Each turn sends one chunk. A server that loses what it had makes chunks go again, so the bound is generous: every
  // chunk twice, each after all its tries. Past it, the server is not taking the file and the upload ends.
  const maxTurns = 2 * Math.ceil(size / options.chunkSize) * (options.retries + 1) + 1;
  for (let turn = 0; offset < size; turn++) {
    if (turn >= maxTurns) throw new OkError(`upload: the server did not take the file in ${maxTurns} requests`);
    const end = Math.min(offset + options.chunkSize, size);
    try {
      await sendChunk(offset, end);
      offset = end;
      failures = 0;
      report(offset);
    } catch (error) {
      await afterFailure(error);
      offset = await askServer();
    }
  }
}
