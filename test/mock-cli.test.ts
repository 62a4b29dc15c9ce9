// `okru mock` as a process: a request that used to end it (`GET //`, whose target `new URL` could not parse outside
// any error handling) is a 400 and the process serves on; --cors-origin and --max-connections reach the server; bad
// values are usage errors (exit 2).
import { describe, expect, it } from 'vitest';
import { type RunningOkru, startOkru } from './helpers/okru-cli.js';
import { parseRaw, rawHttp } from './mock/http-client.js';

type Running = RunningOkru & { exit: Promise<number | null> };

function okruMock(args: string[]): Running {
  const running = startOkru(['mock', ...args]);
  return { ...running, exit: running.done.then((r) => r.code) };
}

/** Resolves once the mock prints that it is ready, with the port it listens on. */
function ready(mock: Running): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(mock.stdout())?.[1];
      if (port && mock.stdout().includes('Press Ctrl+C')) resolve(Number(port));
    };
    mock.child.stdout!.on('data', check);
    mock.exit.then((code) => reject(new Error(`okru mock exited with ${code}: ${mock.stderr()}`)));
  });
}

describe('okru mock, as a process', () => {
  it('answers GET // with 400 and serves on; --cors-origin and --max-connections apply; Ctrl+C stops it with 0', async () => {
    const mock = okruMock(['--port', '0', '--cors-origin', 'http://localhost:5173', '--max-connections', '8']);
    try {
      const port = await ready(mock);
      expect(mock.stdout()).toContain('CORS: browsers may call from http://localhost:5173');
      const bad = parseRaw(await rawHttp(port, 'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      expect(bad.statusLine).toBe('HTTP/1.1 400 Bad Request');
      expect(bad.body).toBe('Bad Request: the request target must be a path such as /fb.do');

      const index = await fetch(`http://127.0.0.1:${port}/`);
      expect(index.status).toBe(200);
      await expect(index.json()).resolves.toMatchObject({ name: 'okru mock OK API' });
      const preflight = await fetch(`http://127.0.0.1:${port}/fb.do`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      });
      expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([
        204,
        'http://localhost:5173',
      ]);
    } finally {
      mock.child.kill('SIGINT');
    }
    expect(await mock.exit).toBe(0);
  });

  it('a malformed --cors-origin or --max-connections is a usage error, exit 2', async () => {
    const cors = okruMock(['--cors-origin', 'localhost:5173/app']);
    const connections = okruMock(['--max-connections', '0']);
    expect(await cors.exit).toBe(2);
    expect(cors.stderr()).toContain(
      "--cors-origin: 'localhost:5173/app' must be * or an origin like http://localhost:5173",
    );
    expect(await connections.exit).toBe(2);
    expect(connections.stderr()).toContain('--max-connections must be a whole number from 1 to 1000000');
  });
});
