// What an outside client of the mock needs, written from OK's docs and HTTP alone (no okru code): OK's signature with
// node:crypto, a one-host cookie jar, form bodies, a walk through the login dialog's HTML, and raw HTTP over node:net
// for what fetch cannot send.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';

export const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** OK's sig: every parameter but sig and access_token, sorted by key, `key=value` joined, the secret appended, MD5. */
export function sig(params: Record<string, string>, secret: string): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'sig' && k !== 'access_token')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return md5(keys.map((k) => `${k}=${params[k]}`).join('') + secret);
}

export interface App {
  appId: number;
  appKey: string;
  appSecretKey: string;
}

/** A call signed for the server-server circuit (md5(token + app secret)), or app-only without a token. */
export function signed(app: App, params: Record<string, string>, token?: string): Record<string, string> {
  const all = { application_key: app.appKey, format: 'json', ...params };
  const secret = token ? md5(token + app.appSecretKey) : app.appSecretKey;
  return { ...all, sig: sig(all, secret), ...(token ? { access_token: token } : {}) };
}

/** A call signed for the client-server circuit (the session secret key). */
export function signedAsClient(
  app: App,
  params: Record<string, string>,
  token: string,
  sessionSecretKey: string,
): Record<string, string> {
  const all = { application_key: app.appKey, format: 'json', ...params };
  return { ...all, sig: sig(all, sessionSecretKey), access_token: token };
}

export const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

export async function getJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Cookies of one host, as a browser keeps them: set by Set-Cookie, sent back on every request. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed, cookies sent and kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.header() },
    });
    this.take(res);
    return res;
  }
}

/** The first form of an HTML page: its action and its named inputs (what a browser would submit). */
export function firstForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (action === undefined) throw new Error('no form on the page');
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name || /type="(submit|checkbox)"/.test(tag)) continue;
    fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  return { action, fields };
}

/** The values of a redirect's fragment (implicit flow) or query (code flow). */
export function fragmentOf(location: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(new URL(location).hash.slice(1)));
}
export function queryOf(location: string): Record<string, string> {
  return Object.fromEntries(new URL(location).searchParams);
}

/** Sends bytes as they are over a new connection and resolves with everything the server sent until it closed. */
export function rawHttp(port: number, request: string, { endAfterMs }: { endAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      // One complete answer is enough: stop waiting for keep-alive to end.
      if (endAfterMs === undefined && isCompleteResponse(received)) socket.end();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    if (endAfterMs !== undefined) setTimeout(() => socket.end(), endAfterMs);
  });
}

function isCompleteResponse(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return false;
  const head = text.slice(0, end);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) return text.length - end - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) return text.endsWith('0\r\n\r\n');
  return /^HTTP\/1\.1 (204|304)/.test(head) || / 1\d\d /.test(head.split('\r\n')[0]!);
}

/** The status line, headers (lower-cased names) and body of one raw answer. */
export function parseRaw(text: string): { statusLine: string; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine: statusLine!, headers, body: text.slice(end + 4) };
}
