// Reading what a request carries, within bounds: the body up to a size (then HTTP 413, never a buffer that grows
// without end), and form parameters up to a count, counted before any is decoded, so that a body of a million tiny
// parameters costs one linear scan, not a million-key object to build, sort and sign.
import type { IncomingMessage } from 'node:http';

/** The body is larger than the endpoint takes: answered with HTTP 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The declared Content-Length, when it already says the body is too large: refused before reading a byte. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Feeds the body's chunks to `onChunk` until its end, or fails with BodyTooLargeError once they pass `limit` bytes.
 * Past the limit the rest is read and dropped, not left unread: an unread body would make the socket close with a
 * reset, and the client would see that instead of the 413 (an async iterator would also destroy the socket when left).
 */
function eachChunk(req: IncomingMessage, limit: number, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (declaredTooLarge(req, limit)) {
      req.resume();
      return reject(new BodyTooLargeError(limit));
    }
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        return reject(new BodyTooLargeError(limit));
      }
      onChunk(chunk);
    });
    req.on('end', () => resolve());
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client went away before the body ended'));
    });
  });
}

/**
 * A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): nothing to wait for. Read from the
 * raw headers: `req.headers` is built on first use, a cost every GET of the API would pay for nothing.
 */
export function hasNoBody(req: IncomingMessage): boolean {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') return false;
    if (name.length === 14 && name.toLowerCase() === 'content-length' && raw[i + 1]!.trim() !== '0') return false;
  }
  return true;
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  await eachChunk(req, limit, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The body as a web stream (for the platform's multipart parser), erroring past `limit`; `tooLarge()` says afterwards
 * whether that was the reason, since the parser may report it as an error of its own.
 */
export function bodyStream(
  req: IncomingMessage,
  limit: number,
): { stream: ReadableStream<Uint8Array>; tooLarge: () => boolean } {
  let tooLarge = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      eachChunk(req, limit, (chunk) =>
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
      ).then(
        () => controller.close(),
        (err: unknown) => {
          tooLarge = err instanceof BodyTooLargeError;
          controller.error(err);
        },
      );
    },
  });
  return { stream, tooLarge: () => tooLarge };
}

/** The body of a POST that is a form (OK's encoding); any other body is not read as parameters. */
export function isForm(req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    String(req.headers['content-type'] ?? '')
      .toLowerCase()
      .includes('application/x-www-form-urlencoded')
  );
}

/** More parameters than allowed: answered with OK error 100 (or the endpoint's own error). */
export interface TooManyParams {
  tooMany: true;
  limit: number;
}

/** How many `&`-separated pairs a form string holds, counting no further than `stopAfter`. */
function countPairs(text: string, stopAfter: number): number {
  let count = 0;
  let start = 0;
  while (count <= stopAfter && start < text.length) {
    const end = text.indexOf('&', start);
    const stop = end === -1 ? text.length : end;
    if (stop > start) count++;
    if (end === -1) break;
    start = end + 1;
  }
  return count;
}

/**
 * The parameters of the query and the form body (the body wins, as a form field overrides the URL's), or TooManyParams
 * when together they are more than `limit`, found before any is decoded. `__proto__` is a name like any other.
 */
export function parseParams(query: string, body: string, limit: number): Record<string, string> | TooManyParams {
  const inQuery = countPairs(query, limit);
  if (inQuery + countPairs(body, limit - inQuery) > limit) return { tooMany: true, limit };
  // fromEntries defines properties (`__proto__` among them) rather than assigning them, and the later pair wins.
  return Object.fromEntries(new URLSearchParams(body ? `${query}&${body}` : query)) as Record<string, string>;
}

export function isTooMany(value: object): value is TooManyParams {
  return (value as Partial<TooManyParams>).tooMany === true;
}
