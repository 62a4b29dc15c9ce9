// The redirect listener of `okru login`: an HTTP server on 127.0.0.1 that waits for OK's dialog to send the browser
// back to /callback, and lets the caller answer that browser once the code is exchanged.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '../escape-html.js';
import { DEFAULT_MAX_RESPONSE_BYTES, Http } from '../transport/exchange.js';
import { CliError } from './errors.js';

export interface CallbackRequest {
  /** The full URL the browser asked for, with the code and state. */
  url: string;
  /** Answers the browser with a small page; resolves once it is sent. The listener takes no more requests. */
  respond(status: number, title: string, text: string): Promise<void>;
}

export interface CallbackListener {
  /** The redirect URI: `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  /** The first request to /callback; rejects when none comes within `timeoutMs`. */
  wait(timeoutMs: number): Promise<CallbackRequest>;
  close(): Promise<void>;
}

function page(res: ServerResponse, status: number, title: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>okru: ${escapeHtml(title)}</title><body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body>`,
      () => resolve(),
    );
    res.once('close', () => resolve());
  });
}

/** A name, an IPv4 address or a bracketed IPv6 one, and an optional port: what a browser sends, and nothing else. */
const HOST = /^(?:[\w.-]+|\[[\da-f:.]+\])(?::\d{1,5})?$/i;

export async function listenForCallback(port: number): Promise<CallbackListener> {
  let deliver: ((request: CallbackRequest) => void) | undefined;
  const arrived = new Promise<CallbackRequest>((resolve) => {
    deliver = resolve;
  });
  let taken = false;
  const server = createServer((req, res) => {
    // Any local process may connect, so nothing it sends may throw out of this handler: that would be uncaught and end
    // the login. An invalid Host is a 400 (RFC 9112, 3.2); Node itself refuses a missing one.
    if (req.headers.host !== undefined && !HOST.test(req.headers.host))
      return void page(res, 400, 'Bad request', 'The Host header is not a host and port.');
    let url: URL;
    try {
      // A fixed base: the target is all that counts. One such as `//[` fails even so.
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return void page(res, 400, 'Bad request', 'The request target is not a URL this listener can read.');
    }
    // Browsers also ask for /favicon.ico and the like; only the callback counts, and only once.
    if (url.pathname !== '/callback')
      return void page(res, 404, 'Not found', 'This is the okru login listener; it only answers /callback.');
    if (taken) return void page(res, 409, 'Already done', 'This login was already handled; you can close this window.');
    taken = true;
    deliver!({
      url: `${redirectUri}${url.search}${url.hash}`,
      respond: (status, title, text) => page(res, status, title, text),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new CliError(
          `cannot listen on 127.0.0.1:${port} for the login redirect (${(error as NodeJS.ErrnoException).code ?? error.message})`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;

  return {
    redirectUri,
    wait(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CliError(`no redirect came to ${redirectUri} within ${timeoutMs / 1000} s; run okru login again`),
            ),
          timeoutMs,
        );
        // The listening server keeps the process alive while it waits; the timer alone must not, once it is closed.
        timer.unref();
      });
      return Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The browser's last step, for `okru login --mock`: a GET of the redirect URI, which the listener answers once the code
 * is exchanged. Through okru's one exchange, so that a single deadline covers the answer and its page (a listener that
 * stalls cannot hold the login), a redirect is refused rather than followed, and errors never show the code.
 */
export async function visitRedirect(
  url: URL,
  secrets: readonly string[],
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const http = new Http({ timeout: timeoutMs, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
  const { status, text } = await http.exchange({ what: 'the login redirect', url: url.href, method: 'GET', secrets });
  return { status, text };
}
