// Which endpoint a request is for, and what HTTP allows on it: the request target parsed without trusting it (a
// target that is not a plain path is a 400, never an exception), the methods each endpoint takes (405 otherwise, with
// `Allow`), and which endpoints answer browsers across origins (CORS).

export type Route =
  | { kind: 'api'; methodFromPath?: string }
  | { kind: 'token' }
  | { kind: 'upload'; slot: string; media: 'photo' | 'moment' }
  | { kind: 'videoUpload'; slot: string }
  | { kind: 'authorize' }
  | { kind: 'dialog' }
  | { kind: 'index' };

export type RouteKind = Route['kind'];

/** The methods each endpoint serves; OPTIONS is answered on all of them (the CORS preflight where CORS applies). */
export const ROUTE_METHODS: Record<RouteKind, readonly string[]> = {
  api: ['GET', 'POST'],
  token: ['GET', 'POST'],
  upload: ['POST'],
  // GET asks how much of the file the server has (resumable uploads, src/mock/video-uploads.ts).
  videoUpload: ['GET', 'POST'],
  authorize: ['GET'],
  dialog: ['GET', 'POST'],
  index: ['GET'],
};

/** What a browser app calls with fetch; the dialog pages are navigations. */
export const CORS_ROUTES: ReadonlySet<RouteKind> = new Set<RouteKind>(['api', 'token', 'upload', 'videoUpload']);

export const allowHeader = (kind: RouteKind) => [...ROUTE_METHODS[kind], 'OPTIONS'].join(', ');

/** The path and the raw query of a request, as the endpoints read them. */
export interface RequestTarget {
  pathname: string;
  /** Without the `?`; decoded by URLSearchParams where it is read. */
  query: string;
}

const ORIGIN = 'http://mock.local';
/** A path with nothing to normalize (no `%`, no `.` or `..` segment, no backslash): taken as it is. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*)*\/?$/;

/**
 * The request target's path and query, or undefined when it is not one this server serves: not a path (`*`, garbage),
 * or a path starting with `//`, which a URL parser reads as a host (`GET //` used to throw here and end the process).
 * The absolute form a proxy sends (`GET http://host/fb.do`) is taken for its path and query, as HTTP/1.1 requires. A
 * plain path is split without a URL parser (the mock's throughput depends on it); anything else is normalized by one.
 */
export function parseTarget(target: string | undefined): RequestTarget | undefined {
  if (!target) return undefined;
  if (target.startsWith('/') && !target.startsWith('//')) {
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const hash = target.indexOf('#');
    if (PLAIN_PATH.test(pathname) && hash === -1) return { pathname, query: q === -1 ? '' : target.slice(q + 1) };
  }
  try {
    if (/^https?:\/\//i.test(target)) {
      const absolute = new URL(target);
      return parseTarget(`${absolute.pathname}${absolute.search}`);
    }
    if (!target.startsWith('/') || target.startsWith('//')) return undefined;
    const url = new URL(target, ORIGIN);
    return url.origin === ORIGIN ? { pathname: url.pathname, query: url.search.slice(1) } : undefined;
  } catch {
    return undefined;
  }
}

const API_PATH = /^\/api\/([A-Za-z0-9.]+)\/([A-Za-z0-9]+)$/;
const UPLOAD_PATH = /^\/upload\/(photo|moment|video)\/([0-9a-f]+)$/;

export function matchRoute(pathname: string): Route | undefined {
  switch (pathname) {
    case '/fb.do':
      return { kind: 'api' };
    case '/oauth/token.do':
      return { kind: 'token' };
    case '/oauth/authorize':
      return { kind: 'authorize' };
    case '/dk':
      return { kind: 'dialog' };
    case '/':
      return { kind: 'index' };
  }
  const api = API_PATH.exec(pathname);
  if (api) return { kind: 'api', methodFromPath: `${api[1]}.${api[2]}` };
  const upload = UPLOAD_PATH.exec(pathname);
  if (upload)
    return upload[1] === 'video'
      ? { kind: 'videoUpload', slot: upload[2]! }
      : { kind: 'upload', slot: upload[2]!, media: upload[1] as 'photo' | 'moment' };
  return undefined;
}
