// What uploadVideo takes, and how it reads the bytes of one chunk: a Blob is sliced (a Blob from Node's
// `fs.openAsBlob(path)` is backed by the file, so a 1 GB video is never in memory; only the chunk being sent is read),
// bytes in memory are wrapped in one, and a ReadableStream of known size is read forward, keeping only the chunk that
// may have to be sent again.
import { OkError, OkParamError } from '../errors.js';
import { fileBlob, type FileInput } from './file-input.js';

/** A video file: a Blob or File, bytes in memory, or a stream of known size (sent in chunks only). */
export type VideoInput =
  | FileInput
  | {
      /** The file's bytes, read once from start to end. */
      stream: ReadableStream<Uint8Array>;
      /** Its size in bytes, which OK wants before the upload (file_size, and each chunk's Content-Range). */
      size: number;
      name?: string;
      type?: string;
    };

/** The bytes of a video, as the upload reads them. */
export interface ByteSource {
  readonly size: number;
  readonly name: string;
  readonly type: string;
  /** The whole file, for a multipart upload; undefined for a stream (which would have to be read into memory). */
  readonly whole: Blob | undefined;
  /** Bytes [start, end) as a Blob, to send as one chunk. */
  read(start: number, end: number): Promise<Blob>;
  /** Lets go of what the source holds (a stream's reader). */
  close(): void;
}

const WHAT = 'uploadVideo';
const DEFAULTS = { name: 'video.mp4', type: 'application/octet-stream' };

function blobSource(blob: Blob, name: string): ByteSource {
  return {
    size: blob.size,
    name,
    type: blob.type || DEFAULTS.type,
    whole: blob,
    read: (start, end) => Promise.resolve(blob.slice(start, end)),
    close: () => {},
  };
}

/**
 * A stream read forward only. It holds the bytes from the start of the chunk last read, so that a chunk that failed
 * can be sent again from where the server says it stopped; further back than that, a stream cannot go.
 */
function streamSource(stream: ReadableStream<Uint8Array>, size: number, name: string, type: string): ByteSource {
  const reader = stream.getReader();
  // Invariant: `held` is the stream's bytes [base, base + heldBytes).
  let base = 0;
  let held: Uint8Array[] = [];
  let heldBytes = 0;

  const dropHeld = (bytes: number) => {
    let drop = bytes;
    while (drop > 0) {
      const first = held[0]!;
      const n = Math.min(first.byteLength, drop);
      if (n === first.byteLength) held.shift();
      else held[0] = first.subarray(n);
      drop -= n;
      heldBytes -= n;
      base += n;
    }
  };

  return {
    size,
    name,
    type,
    whole: undefined,
    async read(start, end) {
      if (start < base)
        throw new OkError(
          `${WHAT}: the server has fewer bytes (${start}) than a stream can give again (from ${base}); pass a Blob to resume from further back`,
        );
      dropHeld(Math.min(start, base + heldBytes) - base);
      // Bounded by the stream: each turn takes at least one more of its bytes, up to `end`.
      while (base + heldBytes < end) {
        const { done, value } = await reader.read();
        if (done)
          throw new OkParamError(
            WHAT,
            'file',
            `the stream ended after ${base + heldBytes} bytes, before its size (${size})`,
          );
        // Bytes before `start` (the server has them) are skipped; nothing is held then.
        const skip = Math.min(value.byteLength, Math.max(0, start - base));
        base += skip;
        if (skip < value.byteLength) {
          held.push(value.subarray(skip));
          heldBytes += value.byteLength - skip;
        }
      }
      const parts: Uint8Array[] = [];
      let want = end - start;
      for (const piece of held) {
        if (want <= 0) break;
        const part = piece.byteLength <= want ? piece : piece.subarray(0, want);
        parts.push(part);
        want -= part.byteLength;
      }
      return new Blob(parts, { type: 'application/octet-stream' });
    },
    close() {
      held = [];
      heldBytes = 0;
      void reader.cancel().catch(() => {});
    },
  };
}

/** The input as a ByteSource, or OkParamError before anything is sent. */
export function videoSource(input: VideoInput): ByteSource {
  // A Blob has a stream() method of its own: it is a file, not a stream input.
  if (input !== null && typeof input === 'object' && !(input instanceof Blob) && 'stream' in input) {
    if (!(input.stream instanceof ReadableStream))
      throw new OkParamError(WHAT, 'file', 'stream must be a ReadableStream');
    if (!Number.isSafeInteger(input.size) || input.size < 1)
      throw new OkParamError(WHAT, 'file', "size must be the stream's length in bytes, a positive integer");
    return streamSource(input.stream, input.size, input.name || DEFAULTS.name, input.type || DEFAULTS.type);
  }
  const file = fileBlob(input, DEFAULTS);
  if (!file)
    throw new OkParamError(
      WHAT,
      'file',
      'must be a Blob or File, bytes (an ArrayBuffer or a Uint8Array), { data, name?, type? } or { stream, size }',
    );
  return blobSource(file.blob, file.name);
}
