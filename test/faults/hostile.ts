// Hostile local HTTP servers for the fault tests: each answers every request the way a test scripts it (stall, drip,
// redirect, 5xx, garbage, reset, too much), records what it received, and can be closed with connections still hung.
// They listen on 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  /** The path and query as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Behaviour = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly origin: string;
  readonly hits: Hit[];
  /** Replaces how the server answers from now on. */
  behave(behaviour: Behaviour): void;
  /** Every text the server received: URLs, headers and bodies, to search for secrets. */
  received(): string;
  close(): Promise<void>;
}

export async function startHostile(behaviour: Behaviour = (_req, res) => void res.end('true')): Promise<HostileServer> {
  let current = behaviour;
  const hits: Hit[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const hit: Hit = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    hits.push(hit);
    try {
      await current(req, res, hit);
    } catch {
      res.destroy();
    }
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    hits,
    behave: (b) => {
      current = b;
    },
    received: () => hits.map((h) => `${h.method} ${h.url}\n${JSON.stringify(h.headers)}\n${h.body}`).join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers nothing at all: the request hangs until the client gives up. */
export const stall: Behaviour = () => new Promise(() => {});

/** Sends the headers at once, then nothing more: the body never comes. */
export const stallAfterHeaders: Behaviour = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
  res.write('[');
  return new Promise(() => {});
};

/** Sends a long body one byte every `everyMs`, so that each read finishes quickly and the whole never does. */
export function drip(everyMs: number, bytes = 1000): Behaviour {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('"');
    for (let i = 0; i < bytes && !res.destroyed; i++) {
      res.write('a');
      await wait(everyMs);
    }
    res.end('"');
  };
}

/** Redirects every request to `target` with `status`, the path and query kept (as a hostile host would). */
export function redirectTo(target: string, status = 307): Behaviour {
  return (req, res) => {
    res.writeHead(status, { location: new URL(req.url ?? '/', target).href });
    res.end();
  };
}

export function status(code: number, body = 'oops', headers: Record<string, string> = {}): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };
}

export function json(value: unknown, code = 200): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
}

/** A body that is not JSON (and may echo what it was sent). */
export const garbage: Behaviour = (_req, res, hit) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<html>proxy error for ${hit.url} ${hit.body}</html>`);
};

/** Drops the connection without an answer. */
export const reset: Behaviour = (req) => {
  req.socket.destroy();
};

/** An answer of `bytes` bytes, with or without a Content-Length that says so. */
export function huge(bytes: number, declared = true): Behaviour {
  return async (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declared ? { 'content-length': String(bytes) } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    while (sent < bytes && !res.destroyed) {
      const n = Math.min(chunk.length, bytes - sent);
      const ok = res.write(chunk.subarray(0, n));
      sent += n;
      if (!ok) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  };
}

/**
 * Whether `promise` settles before a timer of `ms` set now fires: by the order of events, not by reading a clock, so a
 * loaded machine cannot change the verdict. A timer set earlier (an abort after 50 ms) fires before it, and what its
 * callback settles is settled before the next timer runs.
 */
export async function settlesBefore(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn`, returns what it threw (or fails the test when it did not) and the milliseconds it took. */
export async function failureOf(fn: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await fn();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected a failure, and the call succeeded');
}
