// Every kind of answer: any JSON value is a result; only an object with error_code is an OK error; HTTP failures,
// non-JSON bodies, dropped connections and timeouts are distinct typed errors.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  OkApiError,
  OkError,
  OkErrorCode,
  OkHttpError,
  OkNetworkError,
  OkResponseError,
  OkTimeoutError,
  ServerSession,
  isOkApiError,
  isParamError,
  isPermissionError,
  isRateLimitError,
  isSessionExpired,
  isSignatureError,
} from '../src/index.js';
import { SERVER_VECTOR } from './helpers/credentials.js';

const ok = () => new API(new ServerSession(SERVER_VECTOR));
const answer = (
  status: number,
  body: string | object,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  nock('https://api.ok.ru')
    .get(/fb\.do/)
    .reply(status, body as nock.Body, headers);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('results', () => {
  const cases: [string, string, unknown][] = [
    ['an object', '{"uid":"1","name":"Ян"}', { uid: '1', name: 'Ян' }],
    ['an array', '[{"uid":"1"},{"uid":"2"}]', [{ uid: '1' }, { uid: '2' }]],
    ['a bare string (mediatopic.post returns the new id)', '"154987654321"', '154987654321'],
    ['a number', '42', 42],
    ['true', 'true', true],
    ['false', 'false', false],
    ['null', 'null', null],
    [
      'an object with error-like keys but no error_code',
      '{"error_msg":"not an error","error":1}',
      { error_msg: 'not an error', error: 1 },
    ],
    ['an array holding an error_code object', '[{"error_code":1}]', [{ error_code: 1 }]],
  ];
  for (const [what, body, expected] of cases) {
    it(`returns ${what}`, async () => {
      answer(200, body);
      await expect(ok().call('events.get')).resolves.toEqual(expected);
    });
  }
});

describe('OK errors', () => {
  const body = { error_code: 100, error_msg: 'PARAM : Either session_key or uid must be specified', error_data: 1 };

  it('throws OkApiError with code, name, msg, data, method and the params sent', async () => {
    answer(200, body);
    const err = await ok()
      .friends.get({ fid: '575662066926' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkApiError);
    expect(err).toBeInstanceOf(OkError);
    expect(err).toMatchObject({
      name: 'OkApiError',
      code: 100,
      codeName: 'PARAM',
      msg: 'PARAM : Either session_key or uid must be specified',
      data: 1,
      method: 'friends.get',
      params: { fid: '575662066926' },
    });
    expect((err as Error).message).toBe(
      'friends.get failed with OK error 100 PARAM: PARAM : Either session_key or uid must be specified',
    );
    expect(isParamError(err)).toBe(true);
    expect(isOkApiError(err, OkErrorCode.PARAM)).toBe(true);
    expect(String((err as Error).stack)).toMatch(/^OkApiError: friends\.get failed/);
  });

  it('passError returns the raw error body instead', async () => {
    answer(200, body);
    const api = new API(new ServerSession(SERVER_VECTOR), { passError: true });
    await expect(api.friends.get()).resolves.toEqual(body);
  });

  it("names the code as OK's message does, for codes the spec knows or not", async () => {
    answer(200, { error_code: 102, error_msg: 'PARAM_SESSION_EXPIRED : Session expired' });
    const expired = await ok()
      .call('events.get')
      .catch((e: unknown) => e);
    expect(expired).toMatchObject({ code: 102, codeName: 'PARAM_SESSION_EXPIRED' });
    expect(isSessionExpired(expired)).toBe(true);
    answer(200, { error_code: 4242, error_msg: 'BRAND_NEW : Something new' });
    await expect(ok().call('events.get')).rejects.toMatchObject({ code: 4242, codeName: 'BRAND_NEW', data: undefined });
    answer(200, { error_code: 4243 });
    await expect(ok().call('events.get')).rejects.toMatchObject({ code: 4243, codeName: 'UNKNOWN_CODE', msg: '' });
  });

  it('has guards for the codes people branch on', async () => {
    const codeOf = async (code: number) => {
      answer(200, { error_code: code, error_msg: 'X : y' });
      return ok()
        .call('events.get')
        .catch((e: unknown) => e);
    };
    expect(isPermissionError(await codeOf(10))).toBe(true);
    expect(isPermissionError(await codeOf(200))).toBe(true);
    expect(isRateLimitError(await codeOf(8))).toBe(true);
    expect(isSignatureError(await codeOf(104))).toBe(true);
    expect(isSessionExpired(await codeOf(104))).toBe(false);
    expect(isPermissionError(new Error('x'))).toBe(false);
  });
});

describe('transport failures', () => {
  it('an HTTP failure is OkHttpError with status and a body excerpt', async () => {
    answer(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    const err = await ok()
      .call('events.get')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkHttpError);
    expect(err).toMatchObject({ method: 'events.get', status: 502, body: '<html>Bad Gateway</html>' });
    expect((err as Error).message).toBe('events.get: HTTP 502 Bad Gateway from the server');
  });

  it('a body that is not JSON is OkResponseError', async () => {
    answer(200, 'Service Temporarily Unavailable', { 'content-type': 'text/plain' });
    const err = await ok()
      .call('events.get')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkResponseError);
    expect(err).toMatchObject({ method: 'events.get', status: 200, body: 'Service Temporarily Unavailable' });
  });

  it('an empty body is OkResponseError too', async () => {
    answer(200, '');
    await expect(ok().call('events.get')).rejects.toBeInstanceOf(OkResponseError);
  });

  it('a failed connection is OkNetworkError with the system code', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const err = await ok()
      .call('events.get')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkNetworkError);
    expect(err).not.toBeInstanceOf(OkTimeoutError);
    expect((err as OkNetworkError).method).toBe('events.get');
  });

  it('no answer within the timeout is OkTimeoutError', async () => {
    nock('https://api.ok.ru')
      .get(/fb\.do/)
      .delay(500)
      .reply(200, 'true');
    const api = new API(new ServerSession(SERVER_VECTOR), { timeout: 50 });
    const err = await api.call('events.get').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkTimeoutError);
    expect(err).toMatchObject({ method: 'events.get', timeout: 50 });
    expect((err as Error).message).toBe('events.get: no complete answer within 50 ms');
  });

  it('the fetch option replaces the global fetch', async () => {
    let called = 0;
    const api = new API(new ServerSession(SERVER_VECTOR), {
      fetch: async () => {
        called++;
        return new Response('{"ok":1}');
      },
    });
    await expect(api.call('events.get')).resolves.toEqual({ ok: 1 });
    expect(called).toBe(1);
  });
});
