// Reading what an upload URL answers. OK's upload servers report with HTTP statuses (201: a chunk taken, more to come;
// 200: the file is complete; 416: the range does not fit what the server has; 4xx: the URL is not valid any more; 5xx:
// try again) and may answer with an OK error object (as the photo upload does); their success bodies are not
// documented, so nothing else of them is read. Which failures are worth another try lives here too.
import { OkApiError, OkHttpError, OkNetworkError, OkRedirectError } from '../errors.js';
import { httpError, isErrorBody } from '../transport/api-answer.js';
import type { ExchangeResponse } from '../transport/exchange.js';

/** The answer's status when it is a success; an OkHttpError otherwise, or OkApiError for an OK error object. */
export function checkUploadAnswer(response: ExchangeResponse, secrets: readonly string[]): number {
  if (response.status < 200 || response.status > 299) throw httpError('upload', response, secrets);
  if (response.text.trimStart().startsWith('{')) {
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return response.status;
    }
    if (isErrorBody(body)) throw new OkApiError('upload', body, {}, secrets);
  }
  return response.status;
}

/**
 * A failure after which the server may be asked what it has and the upload go on: the connection failed or timed out,
 * the server failed (5xx), was busy (408, 429) or says the range does not fit (416: it has more or less than was
 * thought). A redirect, a refusal (other 4xx, an OK error) or an abort is final.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof OkNetworkError) return true;
  if (error instanceof OkRedirectError || !(error instanceof OkHttpError)) return false;
  return error.status >= 500 || error.status === 408 || error.status === 416 || error.status === 429;
}
