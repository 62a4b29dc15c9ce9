// One HTTP exchange with OK's API server through ky, and the reading of its answer: the body is read and parsed
// once, and only an object with `error_code` is an error.
import type { KyInstance, Options as KyOptions } from 'ky';
import { OkApiError, OkHttpError, OkNetworkError, OkResponseError, OkTimeoutError } from '../errors.js';
import { redactParams, redactText } from '../redact.js';
import type { HttpMethod } from '../types.js';
import { formEncode } from './form.js';

/** Longer GET URLs switch to POST: some proxies and servers refuse URLs beyond about 2 KB. */
export const MAX_GET_URL_LENGTH = 2048;

const BODY_EXCERPT_LENGTH = 300;

let kyLoading: Promise<typeof import('ky').default> | undefined;

/** ky loads on the first call, not at import: importing it costs tens of milliseconds (see LESSONS.md). */
export function loadKy(): Promise<typeof import('ky').default> {
  return (kyLoading ??= import('ky').then((m) => m.default));
}

export interface HttpSettings {
  readonly endpoint: string;
  readonly timeout: number | false;
  readonly fetch?: typeof globalThis.fetch;
}

export async function createKy(settings: Pick<HttpSettings, 'timeout' | 'fetch'>): Promise<KyInstance> {
  const ky = await loadKy();
  const options: KyOptions = { retry: 0, throwHttpErrors: false, timeout: settings.timeout };
  if (settings.fetch) options.fetch = settings.fetch;
  return ky.create(options);
}

export interface Exchange {
  readonly method: string;
  /** Every parameter as sent, signature and token included. */
  readonly wire: Readonly<Record<string, string>>;
  /** The call's own parameters, to report with an OK error. */
  readonly params: Readonly<Record<string, string>>;
  readonly httpMethod: HttpMethod;
  readonly secrets: readonly string[];
}

function isErrorBody(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'error_code' in body;
}

export async function exchange(ky: KyInstance, settings: HttpSettings, x: Exchange): Promise<unknown> {
  const form = formEncode(x.wire);
  const usePost = x.httpMethod === 'POST' || settings.endpoint.length + 1 + form.length > MAX_GET_URL_LENGTH;
  let response: Response;
  try {
    response = usePost
      ? await ky(settings.endpoint, {
          method: 'post',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        })
      : await ky(`${settings.endpoint}?${form}`);
  } catch (err) {
    throw networkError(err, x, settings);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw networkError(err, x, settings);
  }
  if (!response.ok) {
    throw new OkHttpError(x.method, response.status, response.statusText, redactText(text.slice(0, BODY_EXCERPT_LENGTH), x.secrets));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OkResponseError(x.method, response.status, redactText(text.slice(0, BODY_EXCERPT_LENGTH), x.secrets));
  }
  if (isErrorBody(body)) throw new OkApiError(x.method, body, redactParams(x.params, x.secrets), x.secrets);
  return body;
}

/**
 * ky's and fetch's errors carry the request URL, which holds the access token on a GET: they are never passed on.
 * Only a redacted message and the system error code survive.
 */
function networkError(err: unknown, x: Exchange, settings: HttpSettings): Error {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError') return err as Error;
  if (e?.name === 'TimeoutError') return new OkTimeoutError(x.method, settings.timeout === false ? 0 : settings.timeout);
  // URLs are dropped outright: a GET URL holds the token and the signature.
  const detail = [e?.message, e?.cause?.message].filter(Boolean).join(': ').replace(/https?:\/\/\S+/g, '<url>');
  return new OkNetworkError(x.method, `request failed${detail ? `: ${redactText(detail, x.secrets)}` : ''}`, e?.cause?.code);
}
