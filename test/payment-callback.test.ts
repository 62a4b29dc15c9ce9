// OK's payment callback: the signature check against an independent reference signer, the exact XML answers, and
// the example server answering real HTTP requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OkConfigError } from '../src/index.js';
import {
  PAYMENT_CALLBACK_ERRORS,
  paymentCallbackError,
  paymentCallbackProblem,
  paymentCallbackSuccess,
  verifyPaymentCallback,
} from '../src/callbacks/payment.js';
import { referenceSig } from './reference/sign.js';

const APP_SECRET_KEY = 'APPSECRET-pay-0c5e2d';

/** A callback as OK sends it, signed with the reference signer. */
function callbackQuery(overrides: Record<string, string> = {}, secret = APP_SECRET_KEY): Record<string, string> {
  const params: Record<string, string> = {
    application_key: 'CBAPUBLICKEY',
    call_id: '1714566600123',
    method: 'callbacks.payment',
    uid: '575662066926',
    transaction_id: '2284769102345',
    transaction_time: '2024-05-01 12:30:00',
    product_code: 'gems_100',
    product_option: 'бонус',
    amount: '100',
    currency: 'RUB',
    payment_system: 'BANK_CARD',
    extra_attributes: JSON.stringify({ level: 7, note: 'Кристаллы & золото <x>' }),
    ...overrides,
  };
  params.sig = referenceSig(params, secret);
  return params;
}

const SUCCESS_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<callbacks_payment_response xmlns="http://api.forticom.com/1.0/">true</callbacks_payment_response>';

function errorXml(code: number, msg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ns2:error_response xmlns:ns2="http://api.forticom.com/1.0/"><error_code>${code}</error_code><error_msg>${msg}</error_msg></ns2:error_response>`;
}

describe('verifyPaymentCallback', () => {
  it('accepts a callback signed by OK (record, URLSearchParams, round trip through a URL)', () => {
    const query = callbackQuery();
    expect(verifyPaymentCallback(query, APP_SECRET_KEY)).toBe(true);
    expect(paymentCallbackProblem(query, APP_SECRET_KEY)).toBeUndefined();
    expect(verifyPaymentCallback(new URLSearchParams(query), APP_SECRET_KEY)).toBe(true);
    const url = new URL(`https://game.example/ok/pay?${new URLSearchParams(query)}`);
    expect(verifyPaymentCallback(url.searchParams, APP_SECRET_KEY)).toBe(true);
  });

  it('accepts a callback without the optional parameters (a payment in OKs has no currency)', () => {
    const {
      currency: _c,
      payment_system: _p,
      product_option: _o,
      extra_attributes: _e,
      sig: _s,
      ...rest
    } = callbackQuery();
    expect(verifyPaymentCallback({ ...rest, sig: referenceSig(rest, APP_SECRET_KEY) }, APP_SECRET_KEY)).toBe(true);
  });

  const tampered: [string, (q: Record<string, string>) => unknown, string][] = [
    ['a changed amount', (q) => ({ ...q, amount: '1000' }), 'bad sig'],
    ['a changed product_code', (q) => ({ ...q, product_code: 'gems_1000' }), 'bad sig'],
    [
      'changed Cyrillic in extra_attributes',
      (q) => ({ ...q, extra_attributes: q.extra_attributes!.replace('золото', 'серебро') }),
      'bad sig',
    ],
    ['an added parameter', (q) => ({ ...q, trial_days: '30' }), 'bad sig'],
    ['a removed parameter', (q) => ({ ...q, currency: undefined }), 'bad sig'],
    ['another uid', (q) => ({ ...q, uid: '1' }), 'bad sig'],
    ['an array value', (q) => ({ ...q, amount: ['100', '1'] }), 'repeated parameter "amount"'],
    [
      'a repeated key in URLSearchParams',
      (q) => new URLSearchParams([...Object.entries(q), ['amount', '1']]),
      'repeated parameter "amount"',
    ],
    ['an access_token, which sig would not cover', (q) => ({ ...q, access_token: 'x' }), 'unexpected access_token'],
    ['no sig', (q) => ({ ...q, sig: undefined }), 'missing sig'],
    ['an upper-case sig', (q) => ({ ...q, sig: q.sig!.toUpperCase() }), 'bad sig'],
    ['a sig made with another secret', () => callbackQuery({}, 'another-secret'), 'bad sig'],
  ];
  for (const [what, tamper, problem] of tampered) {
    it(`refuses ${what}: ${problem}`, () => {
      const query = tamper(callbackQuery()) as Record<string, string>;
      expect(verifyPaymentCallback(query, APP_SECRET_KEY)).toBe(false);
      expect(paymentCallbackProblem(query, APP_SECRET_KEY)).toBe(problem);
    });
  }

  it('throws OkConfigError without an application secret key', () => {
    for (const secret of ['', undefined])
      expect(() => verifyPaymentCallback(callbackQuery({}, ''), secret as never)).toThrow(OkConfigError);
  });
});

describe('answers', () => {
  it('success: exactly the documented XML, as application/xml', () => {
    expect(paymentCallbackSuccess()).toEqual({
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: SUCCESS_XML,
    });
  });

  it('error: the ns2:error_response document, HTTP 200, and the invocation-error header', () => {
    expect(paymentCallbackError(PAYMENT_CALLBACK_ERRORS.PARAM_SIGNATURE, 'Invalid request signature')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/xml', 'invocation-error': '104' },
      body: errorXml(104, 'Invalid request signature'),
    });
    expect(paymentCallbackError(1001, 'Цена не совпадает').body).toBe(errorXml(1001, 'Цена не совпадает'));
  });

  it('documents the callback error codes', () => {
    expect(PAYMENT_CALLBACK_ERRORS).toEqual({
      UNKNOWN: 1,
      SERVICE: 2,
      PARAM_SIGNATURE: 104,
      CALLBACK_INVALID_PAYMENT: 1001,
      SYSTEM: 9999,
    });
  });

  it('escapes the message for XML; characters XML 1.0 forbids become U+FFFD', () => {
    expect(paymentCallbackError(1, 'a < b && c > d </error_msg><x>').body).toBe(
      errorXml(1, 'a &lt; b &amp;&amp; c &gt; d &lt;/error_msg&gt;&lt;x&gt;'),
    );
    expect(paymentCallbackError(1, `"q" 'a' ]]>`).body).toBe(errorXml(1, `"q" 'a' ]]&gt;`));
    expect(paymentCallbackError(1, 'bell\u0007 nul\u0000 tab\t lf\n cr\r lone\uD800 ffff\uFFFF').body).toBe(
      errorXml(1, 'bell\uFFFD nul\uFFFD tab\t lf\n cr&#13; lone\uFFFD ffff\uFFFD'),
    );
  });

  it('refuses a code that is not a positive integer with TypeError', () => {
    for (const code of [0, -1, 1.5, NaN, Infinity, '104', undefined, 2 ** 53]) {
      expect(() => paymentCallbackError(code as never, 'x')).toThrow(TypeError);
    }
    expect(() => paymentCallbackError(1, undefined as never)).toThrow(TypeError);
  });

  it('gives a fresh object each time, so changing one answer changes no other', () => {
    const a = paymentCallbackSuccess();
    a.headers['x-extra'] = '1';
    expect(paymentCallbackSuccess().headers).toEqual({ 'content-type': 'application/xml' });
  });
});

describe('examples/payment-callback.ts', () => {
  let child: ChildProcess | undefined;
  let base = '';
  let output = '';

  /** A port nobody uses right now: listen on 0, read it, close. */
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  beforeAll(async () => {
    const port = await freePort();
    // Its own process group, so that tsx and the node process it starts are stopped together.
    child = spawn('node_modules/.bin/tsx', ['--conditions', 'okru-source', 'examples/payment-callback.ts'], {
      env: { ...process.env, PORT: String(port), OKRU_APP_SECRET_KEY: APP_SECRET_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the example did not start:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.on('exit', (code) => reject(new Error(`the example exited with ${code}:\n${output}`)));
    });
    base = `http://127.0.0.1:${port}/ok/payment`;
  });

  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  });

  it('answers a genuine callback with success', async () => {
    const res = await fetch(`${base}?${new URLSearchParams(callbackQuery())}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.headers.get('invocation-error')).toBeNull();
    expect(await res.text()).toBe(SUCCESS_XML);
  });

  it('answers a tampered callback with error 104', async () => {
    const res = await fetch(`${base}?${new URLSearchParams({ ...callbackQuery(), amount: '100000' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.headers.get('invocation-error')).toBe('104');
    expect(await res.text()).toBe(errorXml(104, 'Invalid request signature'));
  });
});
