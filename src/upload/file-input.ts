// A file as every upload takes it (photos, moments, videos), read the same way for all: the Blob to send and the
// file name to send it under.

/** A file: a Blob or File, bytes in memory, or either with a file name and MIME type. */
export type FileInput =
  | Blob
  | ArrayBuffer
  | Uint8Array
  | { data: Blob | ArrayBuffer | Uint8Array; name?: string; type?: string };

/** What an upload names when the input does not: e.g. `photo.jpg` and `image/jpeg`. */
export interface FileDefaults {
  name: string;
  type: string;
}

const isBytes = (value: unknown): value is ArrayBuffer | Uint8Array =>
  value instanceof ArrayBuffer || value instanceof Uint8Array;

/**
 * The input's Blob and file name; undefined when it is none of FileInput's forms (each upload says so in its own
 * words). The name is the one given, else the File's own, else the default: `{ data: file, type }` (to set the type)
 * keeps the name of the file the caller picked, and with it the extension the upload server sees, instead of swapping
 * it for a made-up one. The type is the one given, else the Blob's own; bytes without one get the default.
 */
export function fileBlob(input: unknown, defaults: FileDefaults): { blob: Blob; name: string } | undefined {
  if (input instanceof Blob) return { blob: input, name: (input as File).name || defaults.name };
  if (isBytes(input)) return { blob: bytesBlob(input, defaults.type), name: defaults.name };
  if (input === null || typeof input !== 'object') return undefined;
  const { data, name, type } = input as { data?: unknown; name?: unknown; type?: unknown };
  const wanted = typeof type === 'string' && type ? type : undefined;
  const given = typeof name === 'string' && name ? name : undefined;
  if (data instanceof Blob)
    return {
      // A slice of the whole Blob is no copy (a file-backed Blob stays on disk); it only carries the type.
      blob: wanted && wanted !== data.type ? data.slice(0, data.size, wanted) : data,
      name: given ?? ((data as File).name || defaults.name),
    };
  if (isBytes(data)) return { blob: bytesBlob(data, wanted ?? defaults.type), name: given ?? defaults.name };
  return undefined;
}

function bytesBlob(data: ArrayBuffer | Uint8Array, type: string): Blob {
  return new Blob([data instanceof ArrayBuffer ? new Uint8Array(data) : data], { type });
}
