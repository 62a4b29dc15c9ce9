// rateLimit() with a shared store: each call books its turn in the store's sliding window (one atomic step, whatever
// the number of processes), waits until then, and goes. A booking already counts the key's flood block; a call that
// was booked before another process met 8 FLOOD_BLOCKED and wakes inside the block gives its turn back and books
// again, behind the block, so that the calls held up do not all go at once when it ends. A call that gives up
// waiting gives its turn back too, for later calls to use. A call whose wait is over confirms its turn before it
// goes: the store checks the window on the times calls actually went, since a timer that fires late (a busy event
// loop, a paused process) would otherwise send a call after the turns booked behind it, and bunch them.
import { OkAbortError, OkApiError } from '../errors.js';
import { randomState } from '../oauth/state.js';
import type { OkRequest } from '../transport/pipeline.js';
import { StoreError, storeFailure } from './errors.js';
import type { SharedStore } from './store.js';

export interface SharedLimit {
  store: SharedStore;
  /** The store key of this limit (the app's id and the limiter's key, see keys.ts). */
  key: string;
  limit: number;
  interval: number;
  /** Ms that no call of the key starts after one met 8 FLOOD_BLOCKED; 0 for no shared block. */
  floodBackoff: number;
}

/** Bookings per call: a call pushed behind a new block this often goes with its last turn. */
const MAX_BOOKINGS = 5;
/**
 * Confirmations per turn. Each refusal means `limit` other calls went within the interval, so a call is refused this
 * often only if the store is broken (or its clock runs wild): a StoreError then, never a loop without end.
 */
const MAX_CONFIRMATIONS = 1_000;
const FLOOD_BLOCKED = 8;

/** Why a wait ended early: the call's signal (OkAbortError), or the middleware's (its reason, as in one process). */
function stopReason(request: OkRequest, stop: AbortSignal | undefined): unknown {
  if (request.signal?.aborted) return new OkAbortError(request.method, request.signal.reason);
  if (stop?.aborted) return stop.reason;
  return undefined;
}

/**
 * Waits for a store operation (`work`, failing as StoreError) or `work` ms, unless the call's or the middleware's
 * signal aborts first.
 */
function stoppable<T>(
  work: Promise<T> | number,
  request: OkRequest,
  stop: AbortSignal | undefined,
  operation = '',
): Promise<T> {
  const early = stopReason(request, stop);
  if (early !== undefined) return Promise.reject(early);
  const signals = [request.signal, stop].filter((s): s is AbortSignal => s !== undefined);
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      end();
      reject(stopReason(request, stop));
    };
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    if (typeof work === 'number') {
      timer = setTimeout(() => {
        end();
        resolve(undefined as T);
      }, work);
    } else {
      work.then(
        (value) => {
          end();
          resolve(value);
        },
        (err: unknown) => {
          end();
          reject(storeFailure(operation, err));
        },
      );
    }
  });
}

/** Waits for the call's turn; rejects when a signal aborts (the turn is given back) or the store fails. */
export async function awaitSharedTurn(
  shared: SharedLimit,
  request: OkRequest,
  onDelay: ((request: OkRequest) => void) | undefined,
  stop: AbortSignal | undefined,
): Promise<void> {
  const { store, key, limit, interval } = shared;
  for (let booking = 1; ; booking++) {
    const id = randomState();
    const taking = store.takeTurn(key, id, limit, interval);
    let wait: number;
    try {
      wait = await stoppable(taking, request, stop, 'take a turn');
    } catch (err) {
      // Aborted while the store was booking: the turn is booked all the same, so give it back once it is.
      if (!(err instanceof StoreError)) giveBack(taking.then(() => store.cancelTurn(key, id)));
      throw err;
    }
    if (typeof wait !== 'number' || Number.isNaN(wait))
      throw new StoreError('take a turn', 'the store answered no number of milliseconds');
    if (wait <= 0) return;
    if (booking === 1) onDelay?.(request);
    try {
      await stoppable(wait, request, stop);
    } catch (err) {
      giveBack(store.cancelTurn(key, id));
      throw err;
    }
    // Another process met FLOOD_BLOCKED while this call waited: book again, behind the block.
    if (
      shared.floodBackoff === 0 ||
      booking === MAX_BOOKINGS ||
      (await stoppable(store.blockedFor(key), request, stop, 'read a block')) <= 0
    )
      return confirmTurn(shared, id, request, stop);
    giveBack(store.cancelTurn(key, id));
  }
}

/** Waits until the store finds room for a booked turn in the window of the calls that went, and records it as gone. */
async function confirmTurn(
  shared: SharedLimit,
  id: string,
  request: OkRequest,
  stop: AbortSignal | undefined,
): Promise<void> {
  const { store, key, limit, interval } = shared;
  for (let confirmation = 1; confirmation <= MAX_CONFIRMATIONS; confirmation++) {
    const confirming = store.confirmTurn(key, id, limit, interval);
    let wait: number;
    try {
      wait = await stoppable(confirming, request, stop, 'take a turn');
    } catch (err) {
      // Aborted while the store was confirming: a turn it counted as gone stays counted (one call less in that
      // window, never one more); a turn it moved is given back.
      if (!(err instanceof StoreError)) giveBack(confirming.then(() => store.cancelTurn(key, id)));
      throw err;
    }
    if (typeof wait !== 'number' || Number.isNaN(wait))
      throw new StoreError('take a turn', 'the store answered no number of milliseconds');
    if (wait <= 0) return;
    try {
      await stoppable(wait, request, stop);
    } catch (err) {
      giveBack(store.cancelTurn(key, id));
      throw err;
    }
  }
  giveBack(store.cancelTurn(key, id));
  throw new StoreError('take a turn', `the store found no room for a turn in ${MAX_CONFIRMATIONS} tries`);
}

/** Giving a turn back is a courtesy to later calls: its failure changes nothing for this one. */
function giveBack(cancel: Promise<unknown>): void {
  cancel.catch(() => {});
}

/** After OK's 8 FLOOD_BLOCKED, blocks the key in the store: every process waits the block out before its next call. */
export async function shareFloodBlock(shared: SharedLimit, err: unknown): Promise<void> {
  if (shared.floodBackoff === 0 || !(err instanceof OkApiError) || err.code !== FLOOD_BLOCKED) return;
  // The call's own error is what its caller must hear: a store that fails to take the block is not reported.
  await shared.store.block(shared.key, shared.floodBackoff).catch(() => {});
}
