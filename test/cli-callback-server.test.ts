// The redirect listener of `okru login` (src/cli/callback-server.ts), spoken to over raw sockets: any local process
// can reach it, so what fetch would never send (a Host header that is no host, a target no URL parser takes) must be
// a 400 that leaves the listener waiting for the real redirect, not a throw out of the request handler. And the
// browser's request that `okru login --mock` makes itself (visitRedirect) has one deadline and follows no redirect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallbackListener, listenForCallback, visitRedirect } from '../src/cli/callback-server.js';
import { OkRedirectError, OkTimeoutError } from '../src/errors.js';
import { parseRaw, rawHttp } from './mock/http-client.js';

let listener: CallbackListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

const portOf = (l: CallbackListener) => Number(new URL(l.redirectUri).port);
const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>okru: ${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** A chunked body's data (the page is ASCII: characters are bytes). */
function dechunk(body: string): string {
  let data = '';
  for (let at = 0; ; ) {
    const eol = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (!size) return data;
    data += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

describe('the login redirect listener', () => {
  it('answers 400 to a Host that is no host and to an unparsable target, then takes the real redirect', async () => {
    listener = await listenForCallback(0);
    const port = portOf(listener);
    const waiting = listener.wait(10_000);
    const cases: [host: string, target: string, text: string][] = [
      ['[::1', '/callback?code=c&state=s', 'The Host header is not a host and port.'],
      ['127.0.0.1/x', '/callback?code=c&state=s', 'The Host header is not a host and port.'],
      ['127.0.0.1', '//[/callback', 'The request target is not a URL this listener can read.'],
    ];
    for (const [host, target, text] of cases) {
      // Closed after a second at the latest: a handler that threw answers nothing.
      const raw = await rawHttp(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, {
        endAfterMs: 1000,
      });
      const answer = parseRaw(raw);
      expect([
        host,
        answer.statusLine,
        answer.headers['transfer-encoding'] === 'chunked' ? dechunk(answer.body) : '',
      ]).toEqual([host, 'HTTP/1.1 400 Bad Request', page('Bad request', text)]);
    }

    // None of them counted as the redirect: the next one, as a browser sends it, is delivered and answered.
    const browser = fetch(`${listener.redirectUri}?code=the-code&state=the-state`);
    const request = await waiting;
    expect(request.url).toBe(`${listener.redirectUri}?code=the-code&state=the-state`);
    await request.respond(200, 'Logged in', 'done');
    const answer = await browser;
    expect([answer.status, await answer.text()]).toEqual([200, page('Logged in', 'done')]);
  });
});

describe('visitRedirect, the browser of okru login --mock', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('reads the whole page', async () => {
    const base = await serve((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Logged in</h1>'));
    await expect(visitRedirect(new URL(`${base}/callback?code=c`), ['c'], 5000)).resolves.toEqual({
      status: 200,
      text: '<h1>Logged in</h1>',
    });
  });

  it('a listener that sends its headers and then stalls ends in OkTimeoutError naming the deadline, not the code', async () => {
    const base = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<h1>Logged');
    });
    const visit = visitRedirect(new URL(`${base}/callback?code=the-code-0xC0DE&state=s`), ['the-code-0xC0DE'], 300);
    await expect(visit).rejects.toThrow(OkTimeoutError);
    await expect(visit).rejects.toThrow(/^the login redirect: no complete answer within 300 ms$/);
  });

  it('a redirect is refused, not followed', async () => {
    let followed = false;
    const elsewhere = await serve((_, res) => {
      followed = true;
      res.end('followed');
    });
    const base = await serve((_, res) => res.writeHead(302, { location: `${elsewhere}/steal?code=c` }).end());
    const visit = visitRedirect(new URL(`${base}/callback?code=c`), ['c'], 5000);
    await expect(visit).rejects.toThrow(OkRedirectError);
    await expect(visit).rejects.toThrow(
      `the login redirect: the server answered HTTP 302 to ${elsewhere}; okru does not follow redirects here, so nothing was sent there`,
    );
    expect(followed).toBe(false);
  });
});
