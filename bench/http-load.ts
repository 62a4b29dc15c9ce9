// A load generator that costs the client little, so that the server is what is measured: raw keep-alive connections
// over node:net, each sending one request, reading the answer (by its Content-Length), then sending the next.
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Answers whose status was not the expected one. */
  unexpected: number;
}

/** One connection's loop: `count` requests made by `request(i)`, one after another. */
function runConnection(
  port: number,
  count: number,
  request: (i: number) => string,
  expectStatus: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let sent = 0;
    let unexpected = 0;
    let buffer = '';
    const next = () => {
      if (sent === count) {
        socket.end();
        return resolve(unexpected);
      }
      socket.write(request(sent++));
    };
    socket.setEncoding('latin1');
    socket.on('connect', next);
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(buffer.slice(0, headEnd))?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        if (!buffer.startsWith(`HTTP/1.1 ${expectStatus} `)) unexpected++;
        buffer = buffer.slice(headEnd + 4 + length);
        next();
      }
    });
  });
}

/** `total` requests over `connections` keep-alive connections; `request(i)` gives the bytes of the i-th. */
export async function load(
  port: number,
  total: number,
  connections: number,
  request: (i: number) => string,
  expectStatus = 200,
): Promise<LoadResult> {
  const per = Math.ceil(total / connections);
  const started = performance.now();
  const unexpected = await Promise.all(
    Array.from({ length: connections }, (_, c) => runConnection(port, per, (i) => request(c * per + i), expectStatus)),
  );
  return {
    requests: per * connections,
    seconds: (performance.now() - started) / 1000,
    unexpected: unexpected.reduce((a, b) => a + b, 0),
  };
}
