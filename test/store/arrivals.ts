// A local OK stand-in that notes when each API call went, for the shared rate-limit tests: clients in this process
// and in child processes send real HTTP requests to it, on one clock (the epoch in ms, from the performance clock). A
// client that stamps its requests with the time it handed them to fetch (`x-sent-at`, see `stampingFetch`) is timed by
// that stamp, which a loaded machine does not move as it moves the arrival; other requests by their arrival. It answers each call with its `uid` in a list, or with OK's 8
// FLOOD_BLOCKED when the uid starts with `flood`.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  /** Epoch ms with sub-ms precision. */
  at: number;
  params: Record<string, string>;
}

/** Now, in epoch ms with sub-ms precision: comparable across processes of one machine. */
export const epochNow = () => performance.timeOrigin + performance.now();

async function params(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return Object.fromEntries(new URLSearchParams(req.method === 'POST' ? body : url.search.slice(1)));
}

export async function startArrivals() {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const at = Number(req.headers['x-sent-at']) || epochNow();
    const url = new URL(req.url!, 'http://127.0.0.1');
    params(req, url).then(
      (p) => {
        arrivals.push({ at, params: p });
        const body = p.uid?.startsWith('flood')
          ? { error_code: 8, error_msg: 'FLOOD_BLOCKED : Too many calls' }
          : [p.uid ?? p.method];
        res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** fetch that stamps each request with the time it was handed over (`x-sent-at`), for `startArrivals`. */
export const stampingFetch: typeof fetch = (url, init) =>
  fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-sent-at': String(epochNow()) } });

/** The most arrivals found in any window of `interval` ms. */
export function busiestWindow(times: readonly number[], interval: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= interval) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
