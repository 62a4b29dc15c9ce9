// fb.do and /api/<group>/<method>: the parameters (counted before they are decoded: more than the cap is OK's error
// 100), then the injected fault if any, then auth.login or a checked call, the call limits (8), and its result. A request without a body
// (most GETs) is answered in the same turn, with no promise on the way: the mock's throughput is this path's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkCall } from './calls.js';
import { isOkErrorBody, okError } from './errors.js';
import type { Fault } from './faults.js';
import { hasNoBody, isForm, isTooMany, parseParams, readBody } from './request-body.js';
import { jsonReply, textReply, type Reply } from './reply.js';
import type { RequestTarget } from './routes.js';
import { authLogin, resultOf } from './results.js';
import type { MockState } from './state.js';

export interface ApiContext {
  state: MockState;
  /** The server's own address, ending with `/`: upload URLs and auth.login's api_server. */
  baseUrl: () => string;
  nextFault: () => Fault;
  stats: { faults: number; flood: number };
}

/** What an endpoint answers: a reply, 'drop' (close the connection unanswered), or either later. */
export type Answer = Reply | 'drop';

export function apiCall(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  methodFromPath?: string,
): Answer | Promise<Answer> {
  const { query } = target;
  if (hasNoBody(req)) return answer(ctx, res, query, '', methodFromPath);
  // Read (within the size limit) even when it is not a form, so that an oversized body is a 413 whatever its type.
  return readBody(req, ctx.state.limits.maxBodyBytes).then((body) =>
    answer(ctx, res, query, isForm(req) ? body : '', methodFromPath),
  );
}

function answer(
  ctx: ApiContext,
  res: ServerResponse,
  query: string,
  body: string,
  methodFromPath: string | undefined,
): Answer | Promise<Answer> {
  const params = parseParams(query, body, ctx.state.limits.maxParams);
  if (isTooMany(params)) return jsonReply(okError(100, `Too many parameters: at most ${params.limit} per request`));
  const fault = ctx.nextFault();
  if (fault.kind === 'stall') return stall(ctx, res);
  if (!fault.delayMs) return afterFault(ctx, fault, params, methodFromPath);
  return new Promise<Answer>((resolve) =>
    setTimeout(() => resolve(res.destroyed ? 'drop' : afterFault(ctx, fault, params, methodFromPath)), fault.delayMs),
  );
}

/** No answer: the connection is held until the client gives up, or at most STALL_MS (then dropped). */
function stall(ctx: ApiContext, res: ServerResponse): Promise<Answer> {
  ctx.stats.faults++;
  return new Promise<Answer>((resolve) => {
    const timer = setTimeout(() => resolve('drop'), STALL_MS);
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      resolve('drop');
    });
  });
}

const STALL_MS = 60_000;

function afterFault(
  ctx: ApiContext,
  fault: Fault,
  params: Record<string, string>,
  methodFromPath: string | undefined,
): Answer {
  if (fault.kind !== 'none') ctx.stats.faults++;
  if (fault.kind === 'drop') return 'drop';
  if (fault.kind === 'http') return textReply(`HTTP ${fault.status} (injected by the okru mock)`, fault.status);
  if (fault.kind === 'ok-error') return jsonReply(fault.body);

  const { state } = ctx;
  if ((methodFromPath ?? params.method) === 'auth.login') return jsonReply(authLogin(state, params, ctx.baseUrl()));
  const call = checkCall(state, params, methodFromPath);
  if (isOkErrorBody(call)) return jsonReply(call);
  const overLimit = state.callLimiter.admit(call.app.appId, call.method);
  if (overLimit !== undefined) {
    ctx.stats.flood++;
    return jsonReply(okError(8, `Too many calls: at most ${overLimit}`));
  }
  // The call's own context, extended rather than copied: this runs on every call.
  const context = Object.assign(call, { state, baseUrl: ctx.baseUrl() });
  const result = resultOf(context) ?? null;
  // Carried out, and then the answer is lost.
  if (fault.kind === 'lost-answer') return 'drop';
  return jsonReply(result);
}
