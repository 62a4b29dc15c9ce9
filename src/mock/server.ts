// The mock OK server: fb.do and /api/<group>/<method> (GET and POST), oauth/token.do, the authorize endpoint with
// its login dialog, and upload URLs; bound to 127.0.0.1 on a given or free port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCall } from './calls.js';
import { DEMO_CONFIG, checkMockConfig, type MockConfig } from './config.js';
import { isOkErrorBody } from './errors.js';
import { faultPlan, type Fault, type FaultOptions } from './faults.js';
import { okError } from './errors.js';
import { authorize, dialog, token, type Reply } from './oauth.js';
import { authLogin, resultOf } from './results.js';
import { MockState } from './state.js';
import { uploadPhotos } from './uploads.js';

export interface MockServerOptions {
  /** Apps and users; the demo world by default. */
  config?: MockConfig;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeds ids, secrets and faults: the same seed, the same run. */
  seed?: number;
  faults?: FaultOptions;
}

export interface MockServer {
  /** Where it listens, ending with `/`: pass it as `baseUrl`, `oauthBaseUrl` and `connectBaseUrl`. */
  readonly url: string;
  readonly port: number;
  readonly config: MockConfig;
  readonly state: MockState;
  /** Requests served, by kind. */
  readonly stats: { api: number; oauth: number; upload: number; faults: number };
  /** Makes the next API call fail this way, whatever the fault plan says (demos, tests of retries). */
  failNext(fault: { okError: 2 | 8 } | { httpStatus: 500 | 502 | 503 } | { drop: true }): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body);
}

const jsonReply = (body: unknown, status = 200): Reply => ({ status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) });

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const config = checkMockConfig(options.config ?? DEMO_CONFIG);
  const seed = options.seed ?? 1;
  const state = new MockState(config, seed);
  const nextFault = faultPlan(options.faults ?? {}, seed);
  const stats = { api: 0, oauth: 0, upload: 0, faults: 0 };
  const forced: Fault[] = [];
  let baseUrl = '';

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, methodFromPath?: string): Promise<void> {
    stats.api++;
    const body = req.method === 'POST' && String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? await readBody(req) : '';
    const params = { ...Object.fromEntries(url.searchParams), ...formOf(body) };
    const fault = forced.shift() ?? nextFault();
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.kind !== 'none') stats.faults++;
    if (fault.kind === 'drop') return void req.socket.destroy();
    if (fault.kind === 'http') return send(res, { status: fault.status, headers: { 'content-type': 'text/plain' }, body: `HTTP ${fault.status} (injected by the okru mock)` });
    if (fault.kind === 'ok-error') return send(res, jsonReply(fault.body));
    if ((methodFromPath ?? params.method) === 'auth.login') return send(res, jsonReply(authLogin(state, params)));
    const call = checkCall(state, params, methodFromPath);
    if (isOkErrorBody(call)) return send(res, jsonReply(call));
    send(res, jsonReply(resultOf({ ...call, state, baseUrl }) ?? null));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock.local');
    const route = async () => {
      if (url.pathname === '/fb.do') return api(req, res, url);
      const path = /^\/api\/([A-Za-z0-9.]+)\/([A-Za-z0-9]+)$/.exec(url.pathname);
      if (path) return api(req, res, url, `${path[1]}.${path[2]}`);
      if (url.pathname === '/oauth/authorize') {
        stats.oauth++;
        return send(res, authorize(state, url));
      }
      if (url.pathname === '/dk') {
        stats.oauth++;
        return send(res, dialog(state, req, url, req.method === 'POST' ? formOf(await readBody(req)) : {}));
      }
      if (url.pathname === '/oauth/token.do') {
        stats.oauth++;
        const body = req.method === 'POST' ? await readBody(req) : '';
        return send(res, token(state, { ...Object.fromEntries(url.searchParams), ...formOf(body) }));
      }
      const upload = /^\/upload\/photo\/([0-9a-f]+)$/.exec(url.pathname);
      if (upload && req.method === 'POST') {
        stats.upload++;
        return send(res, await uploadPhotos(state, req, upload[1]!));
      }
      if (url.pathname === '/') {
        return send(res, jsonReply({ name: 'okru mock OK API', endpoints: ['/fb.do', '/api/<group>/<method>', '/oauth/authorize', '/oauth/token.do'], apps: config.apps.map((a) => a.appId) }));
      }
      send(res, jsonReply({ error_code: 3, error_msg: `METHOD : No such endpoint ${url.pathname}` }, 404));
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) send(res, jsonReply({ error_code: 9999, error_msg: `SYSTEM : ${(err as Error).message}` }, 500));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}/`;
  return {
    url: baseUrl,
    port: address.port,
    config,
    state,
    stats,
    failNext(f) {
      if ('okError' in f) forced.push({ kind: 'ok-error', delayMs: 0, body: okError(f.okError, f.okError === 2 ? 'Service temporarily unavailable (injected by the mock)' : 'Too many requests (injected by the mock)') });
      else if ('httpStatus' in f) forced.push({ kind: 'http', delayMs: 0, status: f.httpStatus });
      else forced.push({ kind: 'drop', delayMs: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
