// Upload progress: a multipart body is encoded once (so its length is known and sent as Content-Length), a Blob (a
// chunk of a video) is taken as it is; either is then handed to fetch as a stream that counts the bytes fetch reads.
// Node's fetch streams request bodies; browsers stream them only over HTTP/2 and not everywhere, so there the body
// goes as a Blob, and progress is told when it is sent.

const CHUNK_BYTES = 64 * 1024;

const streamsRequests = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Request options that send `body` and report bytes sent so far of all. */
export async function countingBody(
  body: FormData | Blob,
  onProgress: (sentBytes: number, totalBytes: number) => void,
  headers: Readonly<Record<string, string>> | undefined,
): Promise<RequestInit> {
  let blob: Blob;
  let allHeaders: Record<string, string> = { ...headers };
  if (body instanceof FormData) {
    const encoded = new Response(body);
    blob = await encoded.blob();
    allHeaders = { ...allHeaders, 'content-type': encoded.headers.get('content-type')! };
  } else blob = body;
  const total = blob.size;
  onProgress(0, total);
  if (!streamsRequests) {
    return { body: blob, headers: allHeaders };
  }
  // Slices of the body, each counted as fetch takes it: fetch reads ahead only as far as the socket lets it.
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(await blob.slice(sent, sent + CHUNK_BYTES).arrayBuffer());
      sent += chunk.byteLength;
      controller.enqueue(chunk);
      onProgress(sent, total);
    },
  });
  // `duplex` is required by fetch for a stream body; TypeScript's RequestInit does not know it yet.
  return { body: stream, headers: { ...allHeaders, 'content-length': String(total) }, duplex: 'half' } as RequestInit;
}
