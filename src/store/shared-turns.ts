// rateLimit() with a shared store: each call books its turn in the store's sliding window (one atomic step, whatever
// the number of processes), waits until then, and goes. A booking already counts the key's flood block; a call that was
// booked before another process met 8 FLOOD_BLOCKED and wakes inside the block gives its turn back and books again,
// behind the block, so that the calls held up do not all go at once when it ends. A call that gives up waiting gives
// its turn back too, for later calls to use, and so does one whose store operation failed, since the store may have
// booked its turn all the same. A call whose wait is over confirms its turn before it goes: the store checks the window
// on the times calls actually went, since a timer that fires late (a busy event loop, a paused process) would otherwise
// send a call after the turns booked behind it, and bunch them.
import { OkAbortError, isOkApiError } from '../errors.js';
import { randomState } from '../oauth/state.js';
import type { OkRequest } from '../transport/pipeline.js';
import { StoreError, callStore, storeFailure } from './errors.js';
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

/** Why a wait ended early: the call's signal (OkAbortError), or the middleware's (its reason, as in one process). */
function stopReason(request: OkRequest, stop: AbortSignal | undefined): unknown {
  if (request.signal?.aborted) return new OkAbortError(request.method, request.signal.reason);
  if (stop?.aborted) return stop.reason;
  return undefined;
}

/**
 * Calls a store method (`work`, failing as StoreError, even when it throws at once) and waits for it, or waits `work`
 * ms, unless the call's or the middleware's signal aborts first. Aborted already: the store is not asked at all.
 */
function stoppable<T>(
  work: (() => Promise<T>) | number,
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
      callStore(work).then(
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

/** A turn of this call: whether the store was asked to book it, and the store operation on it still under way. */
interface Turn {
  readonly id: string;
  booked: boolean;
  pending: Promise<unknown> | undefined;
}

/** Notes a store operation on the turn as under way (the turn is given back only once it settled). */
function track<T>(turn: Turn, operation: Promise<T>): Promise<T> {
  turn.booked = true;
  // As a promise even when a custom store answered with a plain value: giving back waits on it.
  turn.pending = Promise.resolve(operation);
  return operation;
}

/** Waits for the call's turn; rejects when a signal aborts or the store fails, the turn given back either way. */
export async function awaitSharedTurn(
  shared: SharedLimit,
  request: OkRequest,
  onDelay: ((request: OkRequest) => void) | undefined,
  stop: AbortSignal | undefined,
): Promise<void> {
  for (let booking = 1; ; booking++) {
    const turn: Turn = { id: randomState(), booked: false, pending: undefined };
    let went: boolean;
    try {
      went = await bookTurn(shared, turn, booking, request, booking === 1 ? onDelay : undefined, stop);
    } catch (err) {
      // Whatever failed, the store may hold the turn: an abort leaves its booking running, and a StoreError may be a
      // deadline that passed while the store's command still runs (RedisStore's stays queued and books later).
      giveBack(shared, turn);
      throw err;
    }
    if (went) return;
    // Another process met FLOOD_BLOCKED while this call waited: book again, behind the block.
    giveBack(shared, turn);
  }
}

/** Books a turn and waits for it: true once the call may go, false when it must book again behind a new block. */
async function bookTurn(
  shared: SharedLimit,
  turn: Turn,
  booking: number,
  request: OkRequest,
  onDelay: ((request: OkRequest) => void) | undefined,
  stop: AbortSignal | undefined,
): Promise<boolean> {
  const { store, key, limit, interval } = shared;
  const take = () => track(turn, store.takeTurn(key, turn.id, limit, interval));
  const wait = checkWait(await stoppable(take, request, stop, 'take a turn'));
  turn.pending = undefined;
  if (wait <= 0) return true;
  onDelay?.(request);
  await stoppable(wait, request, stop);
  if (
    shared.floodBackoff === 0 ||
    booking === MAX_BOOKINGS ||
    (await stoppable(() => store.blockedFor(key), request, stop, 'read a block')) <= 0
  ) {
    await confirmTurn(shared, turn, request, stop);
    return true;
  }
  return false;
}

/**
 * Waits until the store finds room for a booked turn in the window of the calls that went, and records it as gone.
 * A turn the store counted as gone and then given back (its answer was lost) stays counted among the calls that went:
 * one call less in that window, never one more.
 */
async function confirmTurn(
  shared: SharedLimit,
  turn: Turn,
  request: OkRequest,
  stop: AbortSignal | undefined,
): Promise<void> {
  const { store, key, limit, interval } = shared;
  for (let confirmation = 1; confirmation <= MAX_CONFIRMATIONS; confirmation++) {
    const confirm = () => track(turn, store.confirmTurn(key, turn.id, limit, interval));
    const wait = checkWait(await stoppable(confirm, request, stop, 'take a turn'));
    turn.pending = undefined;
    if (wait <= 0) return;
    await stoppable(wait, request, stop);
  }
  throw new StoreError('take a turn', `the store found no room for a turn in ${MAX_CONFIRMATIONS} tries`);
}

/** A store's answer checked: a wait that is no number would be no wait at all. */
function checkWait(wait: number): number {
  if (typeof wait !== 'number' || Number.isNaN(wait))
    throw new StoreError('take a turn', 'the store answered no number of milliseconds');
  return wait;
}

/**
 * Gives a turn back: at once, or once the operation on it still under way settled, whichever way. A call that gives up
 * waiting leaves its room to later calls, and so does one whose booking failed, since the store may have booked it all
 * the same. For RedisStore the cancel is sent after the booking on the same connection, so Redis runs it after the
 * booking even when the booking's deadline passed first. A store whose operations take effect out of order (SharedStore
 * says they must not) might book a failed turn after its cancel: that turn then holds its place until it lapses, an
 * interval after its time. Giving back is a courtesy to later calls: its failure changes nothing for this one.
 */
function giveBack({ store, key }: SharedLimit, turn: Turn): void {
  if (!turn.booked) return;
  const cancel = () => callStore(() => store.cancelTurn(key, turn.id));
  // At once when nothing is under way: a call booking again behind a block gives its old turn back before it books.
  (turn.pending ? turn.pending.then(cancel, cancel) : cancel()).catch(() => {});
}

/** After OK's 8 FLOOD_BLOCKED, blocks the key in the store: every process waits the block out before its next call. */
export async function shareFloodBlock(shared: SharedLimit, err: unknown): Promise<void> {
  if (shared.floodBackoff === 0 || !isOkApiError(err, 8)) return;
  // The call's own error is what its caller must hear: a store that fails to take the block is not reported.
  await callStore(() => shared.store.block(shared.key, shared.floodBackoff)).catch(() => {});
}
