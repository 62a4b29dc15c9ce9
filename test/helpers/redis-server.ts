// A real redis-server for the shared-store tests: started on a free port of 127.0.0.1, with nothing kept on disk, and
// stopped by the test that started it. Nothing is mocked at the Redis level. Where redis-server is not installed the
// tests skip with a message, except when OKRU_REDIS_TEST=required (.ci/run sets it and installs Debian's package).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { requiredInCi } from './required-in-ci.js';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, for node-redis's createClient({ url }). */
  readonly url: string;
  /** The server process, for tests that need to know it is alive. */
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/** Why the Redis tests cannot run here, or undefined when redis-server is installed. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? 'redis-server not found (Debian: apt-get install redis-server)' : undefined;
}

/** In CI (OKRU_REDIS_TEST=required, or CI=true) a missing redis-server fails the tests instead of skipping them. */
export const redisTestRequired = (env: NodeJS.ProcessEnv = process.env) => requiredInCi('OKRU_REDIS_TEST', env);

/** Whether the Redis tests skip here; says so once when they do. */
export function skipRedisTests(file: string): boolean {
  const missing = redisServerMissing();
  if (missing === undefined || redisTestRequired()) return false;
  console.warn(`${file}: the Redis part is SKIPPED: ${missing}. CI (.ci/run) installs redis-server and runs it.`);
  return true;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether the server answers PING with PONG, within `ms`. */
function answersPing(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let heard = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      heard += chunk.toString('latin1');
      if (heard.includes('\r\n')) done(heard.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

const STARTUP_MS = 10_000;
const STOP_MS = 5_000;

async function startOnce(): Promise<RedisServer | undefined> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
    await exit;
    clearTimeout(timer);
  };
  const started = Date.now();
  while (Date.now() - started < STARTUP_MS && !exited) {
    if (await answersPing(port, 500)) return { port, url: `redis://127.0.0.1:${port}`, process: child, close: stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Another program took the port between freePort and the start, or the server would not answer: try again.
  await stop();
  return undefined;
}

/** Starts a redis-server of its own; throws when none would answer within a few tries. */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = await startOnce();
    if (server) return server;
  }
  throw new Error('redis-server did not start (3 tries): is it installed? (Debian: apt-get install redis-server)');
}
