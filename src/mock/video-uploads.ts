// The upload URLs of video.getUploadUrl, as OK's video upload servers take a file (apiok.ru/dev/examples/video_upload;
// the statuses as OK's own apps read them, src/upload/resumable.ts names the sources):
// - GET: how many bytes of the file the server has, as a bare number (what OK's Max clients read to resume from).
// - POST multipart/form-data: the whole file as the part `data`, one file per request; 200 when taken.
// - POST anything else: one chunk, `Content-Range: bytes a-b/size`; 201 when taken and more is to come, 200 when the
//   file is complete. Chunks come in order: one that starts anywhere but at the bytes received so far (overlapping,
//   out of order, after the end) is a 416, as is a chunk while another is being received; the client asks (GET) and
//   goes on. A malformed or inconsistent Content-Range, or a body of another length, is a 400; a file larger than
//   `maxUploadBytes` a 413; an unknown or expired URL a 404 (OK's apps take a 4xx as "this URL expired").
// Success bodies are empty: no source shows what OK writes there, and its apps read only the status.
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, bodyStream } from './request-body.js';
import { textReply, type Reply } from './reply.js';
import type { MockState } from './state.js';
import { multipartOf } from './uploads.js';
import { videoUploadsOf, type VideoUpload } from './video-upload-store.js';

const CONTENT_RANGE = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/;
/** Room for the multipart framing around a file of the largest size. */
const MULTIPART_FRAMING_BYTES = 64 * 1024;

/** An answer given without reading the body: the rest of it is let go, and the connection closes after. */
function refuse(req: IncomingMessage, status: number, text: string): Reply {
  req.resume();
  return textReply(text, status, { connection: 'close' });
}

/** Reads the body into the upload's hash; the bytes count only when exactly `length` came. */
async function receive(req: IncomingMessage, upload: VideoUpload, length: number): Promise<Reply | undefined> {
  const body = bodyStream(req, length);
  const hash = upload.hash.copy();
  let got = 0;
  try {
    const reader = body.stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got += value.byteLength;
      hash.update(value);
    }
  } catch (error) {
    if (body.tooLarge()) return textReply(`Bad Request: the body is longer than its Content-Range (${length})`, 400);
    throw error;
  }
  if (got !== length) return textReply(`Bad Request: the body has ${got} bytes, its Content-Range says ${length}`, 400);
  upload.hash = hash;
  upload.received += length;
  return undefined;
}

async function chunk(state: MockState, req: IncomingMessage, upload: VideoUpload): Promise<Reply> {
  const range = CONTENT_RANGE.exec(String(req.headers['content-range'] ?? '').trim());
  if (!range)
    return refuse(req, 400, 'Bad Request: a resumable upload needs Content-Range: bytes <first>-<last>/<size>');
  const [first, last, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
  if (first > last || last >= total)
    return refuse(req, 400, 'Bad Request: the Content-Range is not a range of the file');
  const limit = state.limits.maxUploadBytes;
  if (total > limit) {
    req.resume();
    throw new BodyTooLargeError(limit);
  }
  if (upload.declaredSize !== undefined && total !== upload.declaredSize)
    return refuse(
      req,
      400,
      `Bad Request: the file's size ${total} is not the file_size given (${upload.declaredSize})`,
    );
  if (upload.total !== undefined && total !== upload.total)
    return refuse(req, 400, `Bad Request: the file's size ${total} differs from earlier chunks (${upload.total})`);
  if (upload.mode === 'multipart' || upload.busy || first !== upload.received)
    return refuse(
      req,
      416,
      `Requested Range Not Satisfiable: the server has ${upload.received} bytes${upload.busy ? ' and is receiving a chunk' : ''}`,
    );
  upload.busy = true;
  try {
    const refused = await receive(req, upload, last - first + 1);
    if (refused) return refused;
  } finally {
    upload.busy = false;
  }
  upload.total = total;
  upload.mode = 'chunks';
  return textReply('', upload.received === total ? 200 : 201);
}

async function multipart(state: MockState, req: IncomingMessage, upload: VideoUpload): Promise<Reply> {
  if (upload.received > 0 || upload.busy)
    return refuse(req, 416, `Requested Range Not Satisfiable: the server has ${upload.received} bytes already`);
  upload.busy = true;
  let form: FormData | undefined;
  try {
    form = await multipartOf(req, state.limits.maxUploadBytes + MULTIPART_FRAMING_BYTES);
  } finally {
    upload.busy = false;
  }
  if (!form) return textReply('Bad Request: the multipart body is malformed', 400);
  const files = [...form.entries()].filter((entry) => typeof entry[1] !== 'string');
  const file = files[0]?.[1];
  if (files.length !== 1 || files[0]![0] !== 'data' || !(file instanceof Blob))
    return textReply('Bad Request: send one file, as the multipart part "data"', 400);
  if (file.size === 0) return textReply('Bad Request: the file is empty', 400);
  if (file.size > state.limits.maxUploadBytes)
    return textReply(`Payload Too Large: at most ${state.limits.maxUploadBytes} bytes`, 413);
  if (upload.declaredSize !== undefined && file.size !== upload.declaredSize)
    return textReply(
      `Bad Request: the file's size ${file.size} is not the file_size given (${upload.declaredSize})`,
      400,
    );
  upload.hash.update(new Uint8Array(await file.arrayBuffer()));
  upload.received = upload.total = file.size;
  upload.mode = 'multipart';
  return textReply('', 200);
}

/** A request to a video upload URL (GET or POST; routes.ts lets no other method through). */
export function videoUpload(state: MockState, req: IncomingMessage, slot: string): Reply | Promise<Reply> {
  const upload = videoUploadsOf(state).bySlot.get(slot);
  if (!upload) return refuse(req, 404, 'Not Found: unknown or expired upload URL');
  if (req.method === 'GET') return textReply(String(upload.received), 200);
  if (
    String(req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('multipart/form-data')
  )
    return multipart(state, req, upload);
  return chunk(state, req, upload);
}
