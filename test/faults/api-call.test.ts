// API calls against hostile servers: every failure is a typed error within the deadline, nothing follows a redirect,
// and no secret reaches another host or an error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  OkHttpError,
  OkNetworkError,
  OkRedirectError,
  OkResponseError,
  OkResponseTooLargeError,
  OkTimeoutError,
  ServerSession,
  type HttpMethod,
} from '../../src/index.js';
import { LEAKY, leakyServerSession } from '../helpers/credentials.js';
import { expectNoSecrets } from '../helpers/leaks.js';
import {
  type Behaviour,
  drip,
  failureOf,
  garbage,
  huge,
  redirectTo,
  reset,
  stall,
  stallAfterHeaders,
  startHostile,
  status,
  type HostileServer,
} from './hostile.js';

const SECRETS = [LEAKY.accessToken, LEAKY.appSecretKey, encodeURIComponent(LEAKY.accessToken)];

let ok: HostileServer;
let elsewhere: HostileServer;
beforeEach(async () => {
  [ok, elsewhere] = await Promise.all([startHostile(), startHostile()]);
});
afterEach(async () => {
  await Promise.all([ok.close(), elsewhere.close()]);
});

function client(httpMethod: HttpMethod, options: { timeout?: number; maxResponseBytes?: number } = {}) {
  const session = leakyServerSession();
  return new API(session, { baseUrl: ok.url, httpMethod, timeout: 300, ...options });
}

describe.each(['GET', 'POST'] as const)('an API call (%s)', (httpMethod) => {
  it('a server that never answers: OkTimeoutError after the timeout', async () => {
    ok.behave(stall);
    const { error, ms } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(error).toMatchObject({
      method: 'friends.get',
      timeout: 300,
      message: 'friends.get: no complete answer within 300 ms',
    });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5_000);
  });

  it('headers, then a stalled body: the deadline covers the body too', async () => {
    ok.behave(stallAfterHeaders);
    const { error, ms } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(ms).toBeLessThan(5_000);
  });

  it('a body dripped a byte at a time: OkTimeoutError at the deadline, not when the drip ends', async () => {
    ok.behave(drip(20, 5_000)); // would take 100 s in all
    const { error, ms } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkTimeoutError);
    expect(ms).toBeLessThan(5_000);
  });

  it('a redirect to another origin is not followed: OkRedirectError naming status and origin; the other host gets nothing', async () => {
    ok.behave(redirectTo(elsewhere.url, 307));
    const { error } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkRedirectError);
    expect(error).toBeInstanceOf(OkHttpError);
    expect(error).toMatchObject({ method: 'friends.get', status: 307, targetOrigin: elsewhere.origin });
    expect((error as Error).message).toBe(
      `friends.get: the server answered HTTP 307 to ${elsewhere.origin}; okru does not follow redirects here, so nothing was sent there`,
    );
    expect(ok.hits).toHaveLength(1);
    expect(elsewhere.hits).toHaveLength(0);
    expectNoSecrets(error, SECRETS);
  });

  it.each([301, 302, 303, 308])('HTTP %i is refused the same way', async (code) => {
    ok.behave(redirectTo(elsewhere.url, code));
    const { error } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toMatchObject({ name: 'OkRedirectError', status: code, targetOrigin: elsewhere.origin });
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('HTTP 5xx: OkHttpError with the status, a redacted excerpt and the Retry-After', async () => {
    ok.behave(status(503, `down; you sent ${LEAKY.accessToken}`, { 'retry-after': '7' }));
    const { error } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 7000, body: 'down; you sent [redacted]' });
    expectNoSecrets(error, SECRETS);
  });

  it('a body that is not JSON, echoing the request: OkResponseError without a secret', async () => {
    ok.behave(garbage);
    const { error } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkResponseError);
    expect((error as OkResponseError).body).toContain('[redacted]');
    expectNoSecrets(error, SECRETS);
  });

  it('a proxy echoing the signed request (HTTP 502, or a body that is not JSON): no signature, which replays the call', async () => {
    const echo: Behaviour = (_req, res, hit) => {
      res.writeHead(502);
      res.end(`upstream failed for ${hit.url} ${hit.body}`);
    };
    const { appId, appKey, appSecretKey } = LEAKY;
    const sessions = [leakyServerSession, () => new ServerSession({ appId, appKey, appSecretKey })];
    for (const [behaviour, name] of [
      [echo, 'OkHttpError'],
      [garbage, 'OkResponseError'],
    ] as const) {
      for (const session of sessions) {
        ok.behave(behaviour);
        const { error } = await failureOf(() =>
          new API(session(), { baseUrl: ok.url, httpMethod, timeout: 300 }).users.getInfo({
            uids: ['1'],
            fields: ['name'],
          }),
        );
        const hit = ok.hits.at(-1)!;
        const sig = new URLSearchParams(httpMethod === 'GET' ? hit.url.split('?')[1] : hit.body).get('sig')!;
        expect(sig).toMatch(/^[0-9a-f]{32}$/);
        expect(error).toMatchObject({ name });
        expect((error as OkHttpError).body).toContain('&sig=[redacted]');
        expectNoSecrets(error, [...SECRETS, sig]);
      }
    }
  });

  it('a connection dropped without an answer: OkNetworkError, nothing secret, not a timeout', async () => {
    ok.behave(reset);
    const { error, ms } = await failureOf(() => client(httpMethod).friends.get());
    expect(error).toBeInstanceOf(OkNetworkError);
    expect(error).not.toBeInstanceOf(OkTimeoutError);
    expect(ms).toBeLessThan(5_000);
    expectNoSecrets(error, SECRETS);
  });

  it('an answer over maxResponseBytes, declared or not: OkResponseTooLargeError, the rest left unread', async () => {
    for (const declared of [true, false]) {
      ok.behave(huge(3 * 1024 * 1024, declared));
      const { error } = await failureOf(() =>
        client(httpMethod, { maxResponseBytes: 1024 * 1024, timeout: 10_000 }).friends.get(),
      );
      expect(error).toBeInstanceOf(OkResponseTooLargeError);
      expect(error).toMatchObject({ method: 'friends.get', status: 200, limit: 1024 * 1024 });
    }
  });
});

describe('the timeout option', () => {
  it('false means no deadline: a slow answer still arrives', async () => {
    ok.behave(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      res.end('["1"]');
    });
    await expect(client('GET', { timeout: undefined }).friends.get()).resolves.toEqual(['1']);
    const patient = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's' }), {
      baseUrl: ok.url,
      timeout: false,
    });
    await expect(patient.call('friends.get' as never, { uid: '1' } as never)).resolves.toEqual(['1']);
  });
});
