// Options of one call, given as the last argument of every method: `ok.users.getInfo(params, { signal, timeout })`.

export interface CallOptions {
  /**
   * Ends the call when aborted: it rejects at once with OkAbortError (whose `cause` is the signal's reason), whether
   * it is being sent or waits for a rate limit, a retry or a token refresh. Covers the whole call, retries included:
   * `AbortSignal.timeout(5000)` bounds it in all.
   */
  signal?: AbortSignal;
  /** Milliseconds for each exchange of this call (body included), or false for none; the client's timeout otherwise. */
  timeout?: number | false;
}
