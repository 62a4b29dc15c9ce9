// Merging reads of many ids: calls of the same method with the same other parameters, made within one turn of the
// event loop (or `windowMs`), go out as as few requests as OK's limit allows (users.getInfo takes 100 uids), and each
// caller gets its own items back, in its own order. A call with more ids than the limit is split the same way; without
// this middleware, such a call is an OkParamError before anything is sent. Which methods qualify, and where the items
// and their ids are, is the spec's `batch` (the row's `batch`): reads only, so merging never changes what OK does.
import { OkAbortError, OkConfigError, OkResponseError } from '../errors.js';
import type { BatchInfo } from '../method-info.js';
import type { Handler, Middleware, OkRequest } from '../transport/pipeline.js';
import { SPLITS_BATCHES } from './batch-marker.js';

export interface CoalesceOptions {
  /** Milliseconds to gather calls before sending; 0 (the default) gathers those made in the same turn. */
  windowMs?: number;
  /** Most ids in one request, when fewer than OK's limit are wanted. */
  maxBatch?: number;
  /** Called for each request sent on behalf of several calls or of one long call, e.g. to log it. */
  onBatch?: (info: { method: string; ids: number; calls: number }) => void;
}

interface Caller {
  readonly ids: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
  /** Removes the listeners this caller's signal holds. */
  cleanup: () => void;
}

interface Gathering {
  readonly request: OkRequest;
  readonly batch: BatchInfo;
  readonly next: Handler;
  readonly callers: Caller[];
}

/**
 * Middleware that merges and splits reads of many ids (users.getInfo, group.getInfo, ...). Put it first, before
 * `retry()` and `rateLimit()`, so that each request it makes is retried alone (a failed part of a long call is tried
 * again without the rest) and counts as one call to the limiter:
 * `middleware: [coalesce(), retry(), rateLimit({ limit: 5, interval: 1000 })]`.
 *
 * @throws OkConfigError when `windowMs` is not a number of milliseconds or `maxBatch` not a positive integer.
 */
export function coalesce(options: CoalesceOptions = {}): Middleware {
  const { windowMs = 0, maxBatch, onBatch } = options ?? {};
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs < 0)
    throw new OkConfigError('coalesce: windowMs must be a number of milliseconds, 0 or more');
  if (maxBatch !== undefined && (!Number.isSafeInteger(maxBatch) || maxBatch < 1))
    throw new OkConfigError('coalesce: maxBatch must be a positive integer');
  const gathering = new Map<string, Gathering>();

  const flush = (key: string) => {
    const group = gathering.get(key)!;
    gathering.delete(key);
    send(group, Math.min(group.batch.max, maxBatch ?? Number.POSITIVE_INFINITY), onBatch);
  };

  const middleware: Middleware = (request, next) => {
    const batch = request.info?.batch;
    const list = batch ? request.params[batch.param] : undefined;
    if (!batch || !list) return next(request);
    const ids = [...new Set(list.split(','))];
    const key = gatheringKey(request, batch);
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(new OkAbortError(request.method, signal.reason));
    return new Promise((resolve, reject) => {
      const caller: Caller = { ids, signal, resolve, reject, settled: false, cleanup: () => {} };
      let group = gathering.get(key);
      if (!group) {
        group = { request, batch, next, callers: [] };
        gathering.set(key, group);
        setTimeout(() => flush(key), windowMs);
      }
      group.callers.push(caller);
      if (signal) {
        // An aborted caller leaves at once; the others' request goes on.
        const onAbort = () => settle(caller, new OkAbortError(request.method, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        caller.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
    });
  };
  Object.defineProperty(middleware, SPLITS_BATCHES, { value: true });
  return middleware;
}

/**
 * Calls merge when they differ only in their ids: same method, circuit, HTTP method, timeout and other parameters.
 * Built by concatenation, the parameters sorted by name: this runs once per call.
 */
function gatheringKey(request: OkRequest, batch: BatchInfo): string {
  let key = `${request.method}\u0000${request.asUser ? 1 : 0}${request.httpMethod}\u0000${String(request.timeout)}`;
  const names = Object.keys(request.params);
  if (names.length > 1) names.sort();
  for (const name of names) if (name !== batch.param) key += `\u0000${name}\u0001${request.params[name]}`;
  return key;
}

function settle(caller: Caller, outcome: unknown, failed = true): void {
  if (caller.settled) return;
  caller.settled = true;
  caller.cleanup();
  if (failed) caller.reject(outcome);
  else caller.resolve(outcome);
}

/** Sends the gathered ids in requests of at most `limit`, then hands each caller its items. */
function send(group: Gathering, limit: number, onBatch: CoalesceOptions['onBatch']): void {
  const callers = group.callers.filter((c) => !c.settled);
  if (callers.length === 0) return;
  const { request, batch, next } = group;
  const ids = [...new Set(callers.flatMap((c) => c.ids))];
  const { signal, release } = sharedSignal(callers);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += limit) chunks.push(ids.slice(i, i + limit));
  const answers = chunks.map((chunk) => {
    onBatch?.({ method: request.method, ids: chunk.length, calls: callers.length });
    const params = { ...request.params, [batch.param]: chunk.join(',') };
    let sent: Promise<unknown>;
    try {
      sent = next({ ...request, params, signal });
    } catch (error) {
      // This runs in a timer: a throw here would be an uncaught exception, not the callers' rejection.
      sent = Promise.reject(error);
    }
    return sent.then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  });
  void Promise.all(answers).then((answered) => {
    release();
    const chunkOf = new Map<string, number>();
    chunks.forEach((chunk, i) => {
      for (const id of chunk) chunkOf.set(id, i);
    });
    const byId = new Map<string, unknown>();
    // An answer whose items cannot be handed out (no list, an item without its id) fails the callers of its request:
    // dropping the items would look like ids OK does not know.
    const settled = answered.map((answer) =>
      answer.ok ? collect(answer.result, batch, request.method, byId) : answer,
    );
    for (const caller of callers) {
      let failure: unknown;
      let failed = false;
      for (const id of caller.ids) {
        const answer = settled[chunkOf.get(id)!]!;
        if (!answer.ok) {
          failure = answer.error;
          failed = true;
          break;
        }
      }
      if (failed) {
        settle(caller, failure);
        continue;
      }
      const items: unknown[] = [];
      for (const id of caller.ids) {
        const item = byId.get(id);
        if (item !== undefined) items.push(item);
      }
      const first = settled[chunkOf.get(caller.ids[0]!)!]!;
      settle(caller, shaped(first.ok ? first.result : undefined, items, batch), false);
    }
  });
}

type Answer = { ok: true; result: unknown } | { ok: false; error: unknown };

/**
 * Files the items of one answer (the answer itself when it is the list, else its `items` property) under their ids;
 * an answer that holds no list, or an item without its id, is an OkResponseError for the callers of that request.
 */
function collect(result: unknown, batch: BatchInfo, method: string, byId: Map<string, unknown>): Answer {
  const list = batch.items === undefined ? result : (result as Record<string, unknown> | null)?.[batch.items];
  const where = batch.items === undefined ? 'the answer' : `the answer's ${batch.items}`;
  const failure = (why: string): Answer => ({
    ok: false,
    error: new OkResponseError(method, 200, '', `${method}: ${why}, so coalesce() cannot tell whose items they are`),
  });
  if (!Array.isArray(list)) return failure(`${where} is not a list`);
  const found = new Map<string, unknown>();
  for (const item of list) {
    const id = (item as Record<string, unknown> | null)?.[batch.key];
    if (typeof id !== 'string' && typeof id !== 'number') return failure(`an item of ${where} has no ${batch.key}`);
    found.set(String(id), item);
  }
  for (const [id, item] of found) byId.set(id, item);
  return { ok: true, result };
}

/** A caller's answer in the shape of one: the list, or the first answer's object with the caller's items. */
function shaped(template: unknown, items: unknown[], batch: BatchInfo): unknown {
  if (batch.items === undefined) return items;
  return { ...(template as Record<string, unknown>), [batch.items]: items };
}

/**
 * Aborted only when every caller aborted (one caller's abort must not end the others' request); `release` removes its
 * listeners once the requests are over, so that a long-lived signal does not collect them.
 */
function sharedSignal(callers: readonly Caller[]): { signal: AbortSignal | undefined; release: () => void } {
  if (callers.some((c) => !c.signal)) return { signal: undefined, release: () => {} };
  const controller = new AbortController();
  const releases: (() => void)[] = [];
  let aborted = 0;
  for (const caller of callers) {
    const signal = caller.signal!;
    const onAbort = () => {
      aborted++;
      if (aborted === callers.length) controller.abort(signal.reason);
    };
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      releases.push(() => signal.removeEventListener('abort', onAbort));
    }
  }
  return {
    signal: controller.signal,
    release: () => {
      for (const release of releases) release();
    },
  };
}
