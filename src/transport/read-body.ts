// Reads a response body to the end, within the exchange's deadline and a size cap. A body is read chunk by chunk, so
// a server that drips or stalls is cut off by the deadline, and one that sends too much is cut off at the cap.

/** The body went over the cap; the exchange turns this into OkResponseTooLargeError. */
export class BodyTooLarge extends Error {}

export async function readBody(
  response: Response,
  maxBytes: number,
  race: <T>(p: Promise<T>) => Promise<T>,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await race(reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new BodyTooLarge();
      chunks.push(value);
    }
  } catch (err) {
    // Lets the connection go instead of leaving the rest of the body to arrive.
    void reader.cancel().catch(() => {});
    throw err;
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return decoder.decode(all);
}

// UTF-8, replacing bad bytes, without a BOM: what response.text() does.
const decoder = new TextDecoder();
