// The mock as an HTTP server, checked from outside with fetch and, for what fetch cannot send, raw bytes over
// node:net: no request ends it (`GET //` used to), methods it does not serve are 405 with `Allow` (a HEAD on a write
// method writes nothing), CORS answers browsers on the API, token and upload endpoints, oversized bodies are 413,
// and connections are capped.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { form, getJson, parseRaw, rawHttp, signed } from './http-client.js';
import { IVAN, WEB_APP, WORLD } from './world.js';

type Config = NonNullable<Parameters<typeof createMockServer>[0]>['config'];

let mock: MockServer;
beforeAll(async () => {
  mock = await createMockServer({ config: WORLD as Config, limits: { maxBodyBytes: 1000, maxUploadBytes: 2000 } });
});
afterAll(() => mock.close());

const INDEX = {
  name: 'okru mock OK API',
  endpoints: ['/fb.do', '/api/<group>/<method>', '/oauth/authorize', '/oauth/token.do'],
  apps: [WEB_APP.appId, 512000000102],
};

/** The server still answers: the index, exactly. */
async function stillServing(server = mock): Promise<void> {
  await expect(getJson(server.url)).resolves.toMatchObject({ status: 200, body: INDEX });
}

const apiUrl = (params: Record<string, string>) => `${mock.url}fb.do?${new URLSearchParams(params)}`;

/** An upload URL of the mock, for Ivan. */
async function uploadUrl(): Promise<string> {
  const { body } = await getJson(apiUrl(signed(WEB_APP, { method: 'photosV2.getUploadUrl' }, IVAN.accessToken)));
  return (body as { upload_url: string }).upload_url;
}

describe('request targets that are not paths: 400, and the server lives on', () => {
  const BAD_REQUEST = 'Bad Request: the request target must be a path such as /fb.do';
  for (const target of ['//', '//evil.example/fb.do', '*', '/%%/..//']) {
    it(`GET ${target}`, async () => {
      const answer = parseRaw(await rawHttp(mock.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
      if (target === '/%%/..//') {
        // A path with odd bytes is still a path: no such endpoint.
        expect(answer.statusLine).toBe('HTTP/1.1 404 Not Found');
      } else {
        expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
        expect(answer.headers).toMatchObject({
          'content-type': 'text/plain;charset=utf-8',
          'content-length': String(BAD_REQUEST.length),
          connection: 'close',
        });
        expect(answer.body).toBe(BAD_REQUEST);
      }
      await stillServing();
    });
  }

  it('the absolute form a proxy sends is served by its path', async () => {
    const answer = parseRaw(
      await rawHttp(mock.port, `GET http://127.0.0.1:${mock.port}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(answer.body)).toEqual(INDEX);
  });

  it('what the HTTP parser itself refuses gets node:http’s 400, and the server lives on', async () => {
    for (const request of [
      'HELLO THERE\r\n\r\n',
      'GET fb.do HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n',
    ]) {
      const answer = await rawHttp(mock.port, request);
      expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
    await stillServing();
  });

  it('an unknown endpoint is 404 with OK’s error body', async () => {
    await expect(getJson(`${mock.url}nope`)).resolves.toMatchObject({
      status: 404,
      body: { error_code: 3, error_msg: 'METHOD : No such endpoint /nope' },
    });
  });
});

describe('methods: GET and POST, OPTIONS for preflights, 405 with Allow otherwise', () => {
  it('HEAD, PUT, DELETE and PATCH on the API are 405', async () => {
    for (const method of ['HEAD', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(apiUrl({ method: 'friends.get' }), { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      await expect(res.text()).resolves.toBe(
        method === 'HEAD' ? '' : 'Method Not Allowed: /fb.do takes GET, POST, OPTIONS',
      );
    }
  });

  it('a HEAD on a write method writes nothing', async () => {
    const create = signed(WEB_APP, { method: 'photos.createAlbum', title: 'Made by HEAD' }, IVAN.accessToken);
    expect((await fetch(apiUrl(create), { method: 'HEAD' })).status).toBe(405);
    const { body } = await getJson(apiUrl(signed(WEB_APP, { method: 'photos.getAlbums' }, IVAN.accessToken)));
    expect(body).toEqual({ albums: [], hasMore: false });
  });

  it('each endpoint names what it takes', async () => {
    const cases: [string, string, string][] = [
      [`${mock.url}oauth/token.do`, 'PUT', 'GET, POST, OPTIONS'],
      [`${mock.url}oauth/authorize`, 'POST', 'GET, OPTIONS'],
      [`${mock.url}dk?st.cmd=OAuth2Login`, 'DELETE', 'GET, POST, OPTIONS'],
      [await uploadUrl(), 'GET', 'POST, OPTIONS'],
      [mock.url, 'POST', 'GET, OPTIONS'],
    ];
    for (const [url, method, allow] of cases) {
      const res = await fetch(url, { method, redirect: 'manual' });
      expect([res.status, res.headers.get('allow')]).toEqual([405, allow]);
    }
  });
});

describe('CORS', () => {
  const preflight = (url: string, server = mock, origin = 'http://localhost:5173') =>
    fetch(url.replace(mock.url, server.url), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('a preflight on the API, token and upload endpoints is answered 204 with what may be sent', async () => {
    for (const url of [
      `${mock.url}fb.do`,
      `${mock.url}api/friends/get`,
      `${mock.url}oauth/token.do`,
      await uploadUrl(),
    ]) {
      const res = await preflight(url);
      expect(res.status).toBe(204);
      expect(
        Object.fromEntries(
          [...res.headers].filter(([k]) => k.startsWith('access-control-') || k === 'allow' || k === 'vary'),
        ),
      ).toEqual({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
        allow: url.includes('/upload/') ? 'POST, OPTIONS' : 'GET, POST, OPTIONS',
        vary: 'Access-Control-Request-Headers',
      });
      await expect(res.text()).resolves.toBe('');
    }
  });

  it('the mock’s own failure (OK error 9999, HTTP 500) carries CORS headers too, so a browser can read it', async () => {
    const photos = mock.state.photos;
    // A failure inside the mock, as a bug would cause one: reading its photos throws.
    Object.defineProperty(mock.state, 'photos', {
      configurable: true,
      get: () => {
        throw new Error('broken state');
      },
    });
    try {
      const res = await fetch(apiUrl(signed(WEB_APP, { method: 'photos.getPhotos' }, IVAN.accessToken)), {
        headers: { origin: 'http://localhost:5173' },
      });
      expect(res.status).toBe(500);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      await expect(res.json()).resolves.toEqual({
        error_code: 9999,
        error_msg: 'SYSTEM : The mock failed on this request (Error)',
      });
    } finally {
      Object.defineProperty(mock.state, 'photos', { configurable: true, writable: true, value: photos });
    }
  });

  it('answers of the API, token and upload endpoints carry Access-Control-Allow-Origin; the dialog’s do not', async () => {
    const origin = { headers: { origin: 'http://localhost:5173' } };
    const api = await fetch(apiUrl(signed(WEB_APP, { method: 'friends.get', uid: IVAN.uid })), origin);
    const token = await fetch(`${mock.url}oauth/token.do`, {
      ...form({ grant_type: 'refresh_token' }),
      ...origin,
      headers: { ...form({}).headers, ...origin.headers },
    });
    const upload = await fetch(await uploadUrl(), { method: 'POST', body: new FormData(), ...origin });
    for (const res of [api, token, upload]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect([api.status, token.status, upload.status]).toEqual([200, 400, 200]);
    const authorize = await fetch(`${mock.url}oauth/authorize?client_id=${WEB_APP.appId}`, {
      ...origin,
      redirect: 'manual',
    });
    const dialog = await fetch(`${mock.url}dk?st.cmd=OAuth2Login`, origin);
    for (const res of [authorize, dialog]) expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const dialogPreflight = await preflight(`${mock.url}oauth/authorize`);
    expect([
      dialogPreflight.status,
      dialogPreflight.headers.get('allow'),
      dialogPreflight.headers.get('access-control-allow-origin'),
    ]).toEqual([204, 'GET, OPTIONS', null]);
  });

  it('a list of origins: the caller’s origin when listed (and Vary: Origin), none otherwise; false: no CORS', async () => {
    const listed = await createMockServer({
      config: WORLD as Config,
      corsOrigin: ['http://localhost:5173', 'https://app.example'],
    });
    const off = await createMockServer({ config: WORLD as Config, corsOrigin: false });
    try {
      const ok = await preflight(`${mock.url}fb.do`, listed, 'https://app.example');
      expect([ok.headers.get('access-control-allow-origin'), ok.headers.get('vary')]).toEqual([
        'https://app.example',
        'Origin, Access-Control-Request-Headers',
      ]);
      const other = await preflight(`${mock.url}fb.do`, listed, 'https://evil.example');
      expect([
        other.status,
        other.headers.get('access-control-allow-origin'),
        other.headers.get('access-control-allow-methods'),
        other.headers.get('vary'),
      ]).toEqual([204, null, null, 'Origin']);
      const call = await fetch(`${listed.url}fb.do`, { headers: { origin: 'http://localhost:5173' } });
      expect(call.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      const none = await preflight(`${mock.url}fb.do`, off);
      expect([none.status, none.headers.get('access-control-allow-origin'), none.headers.get('allow')]).toEqual([
        204,
        null,
        'GET, POST, OPTIONS',
      ]);
    } finally {
      await Promise.all([listed.close(), off.close()]);
    }
  });

  it('a malformed corsOrigin is refused at start', async () => {
    await expect(createMockServer({ corsOrigin: 'localhost:5173/app' })).rejects.toThrow(
      "corsOrigin: 'localhost:5173/app' must be * or an origin like http://localhost:5173 (scheme, host, port; no path)",
    );
  });
});

describe('bodies past the limit: 413, never 500', () => {
  const TOO_LARGE = (limit: number) => `Payload Too Large: at most ${limit} bytes`;
  const formOf = (bytes: number) => ({
    method: 'POST',
    body: `a=${'x'.repeat(bytes - 2)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

  it('API, token endpoint and dialog: 1000 bytes pass, 1001 are 413', async () => {
    for (const path of ['fb.do', 'oauth/token.do', 'dk?st.cmd=OAuth2Login']) {
      const within = await fetch(`${mock.url}${path}`, formOf(1000));
      expect(within.status).not.toBe(413);
      const over = await fetch(`${mock.url}${path}`, formOf(1001));
      expect(over.status).toBe(413);
      expect(over.headers.get('connection')).toBe('close');
      await expect(over.text()).resolves.toBe(TOO_LARGE(1000));
    }
  });

  it('a body many times the limit is 413 too, and so is an upload past its own limit', async () => {
    const huge = await fetch(`${mock.url}fb.do`, formOf(4 * 1024 * 1024));
    expect([huge.status, await huge.text()]).toEqual([413, TOO_LARGE(1000)]);
    const files = new FormData();
    files.append('pic1', new Blob([new Uint8Array(3000)]), 'a.jpg');
    const upload = await fetch(await uploadUrl(), { method: 'POST', body: files });
    expect([upload.status, upload.headers.get('access-control-allow-origin'), await upload.text()]).toEqual([
      413,
      '*',
      TOO_LARGE(2000),
    ]);
  });

  it('over a raw socket: a declared length past the limit is refused before any byte of the body', async () => {
    const answer = parseRaw(
      await rawHttp(
        mock.port,
        'POST /fb.do HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000000\r\n\r\n',
      ),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.headers).toMatchObject({ connection: 'close', 'content-type': 'text/plain;charset=utf-8' });
    expect(answer.body).toBe(TOO_LARGE(1000));
    await stillServing();
  });

  it('over a raw socket: a chunked body that grows past the limit', async () => {
    const chunk = 'x'.repeat(600);
    const chunked = `${(600).toString(16)}\r\n${chunk}\r\n`.repeat(2);
    const answer = parseRaw(
      await rawHttp(
        mock.port,
        `POST /fb.do HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`,
      ),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.body).toBe(TOO_LARGE(1000));
    await stillServing();
  });

  it('a malformed multipart upload is OK’s error 100, not a failure', async () => {
    const res = await fetch(await uploadUrl(), {
      method: 'POST',
      body: 'not multipart at all',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({
      error_code: 100,
      error_msg: 'PARAM : The multipart body is malformed',
    });
  });
});

describe('connections are capped (2 here)', () => {
  /** A keep-alive connection that has had one answer and stays open. */
  function openConnection(port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      socket.once('data', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  /** What a one-request connection gets before it closes (nothing, when the server refuses it). */
  function oneRequest(port: number): Promise<string> {
    return new Promise((resolve) => {
      let received = '';
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      );
      socket.on('data', (d) => (received += d));
      socket.on('error', () => {});
      socket.on('close', () => resolve(received));
    });
  }

  it('a third connection is closed without an answer; once one closes, a new one is served', async () => {
    const capped = await createMockServer({ config: WORLD as Config, limits: { maxConnections: 2 } });
    try {
      const open = [await openConnection(capped.port), await openConnection(capped.port)];
      await expect(oneRequest(capped.port)).resolves.toBe('');
      const closed = new Promise((resolve) => open[0]!.once('close', resolve));
      open[0]!.end();
      await closed;
      // The server learns of the close on its own turn of the event loop: ask until it has.
      let answer = '';
      for (let attempt = 0; attempt < 50 && !answer; attempt++) answer = await oneRequest(capped.port);
      expect(answer.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
      open[1]!.destroy();
    } finally {
      await capped.close();
    }
  });
});
