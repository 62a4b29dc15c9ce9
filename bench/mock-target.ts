// A server for bench/mock.ts to load from another process, so that server and client each have a core and the
// server's RSS is its own: `mock` (the okru mock with its demo world) or `bare` (node:http answering the same JSON
// that the mock answers the bench's call with). It reports its port, then its memory and CPU time whenever asked, over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer } from '../src/mock/index.js';

/** friends.get of the demo user, as the mock answers it. */
export const BARE_BODY = JSON.stringify(['575662066927', '575662066928']);

async function start(kind: string): Promise<number> {
  if (kind === 'mock') return (await createMockServer()).port;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, {
      'content-type': 'application/json;charset=utf-8',
      'content-length': String(Buffer.byteLength(BARE_BODY)),
    });
    res.end(BARE_BODY);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

if (process.send) {
  const port = await start(process.argv[2] ?? 'mock');
  const memory = () => {
    // After a full collection (node --expose-gc), what is left is what the server keeps.
    global.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    return { rss, heapUsed, cpuMicros: user + system, user, system };
  };
  process.send({ port, ...memory() });
  process.on('message', (message: string) => {
    if (message === 'memory') process.send!(memory());
    if (message === 'exit') process.exit(0);
  });
}
