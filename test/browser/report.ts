// What the browser app (app.ts) reports to the test, as JSON: shared so that both sides agree on its shape.

/** A call that failed, as the app saw it: which okru error class it is (by instanceof, in the browser) and its fields. */
export interface FailureSummary {
  /** The most specific okru class the error is an instance of, or `not an okru error`/`did not fail`. */
  class:
    | 'OkApiError'
    | 'OkTimeoutError'
    | 'OkAbortError'
    | 'OkNetworkError'
    | 'OkError'
    | 'not an okru error'
    | 'did not fail';
  message: string;
  /** OkApiError's fields. */
  code?: number;
  codeName?: string;
  data?: unknown;
}

export interface BrowserReport {
  /** location.origin of the page: the test checks that it is not the mock's. */
  pageOrigin: string;
  currentUser: unknown;
  friends: unknown;
  /** users.getInfo through a client with httpMethod: 'POST'. */
  postedUsers: unknown;
  /** A method the user has no permission for: OK error 10. */
  permissionDenied: FailureSummary;
  /** A call to a mock that never answers, aborted by the caller's signal. */
  aborted: FailureSummary;
  /** The same, ended by the call's own timeout. */
  timedOut: FailureSummary;
  /** A call to a mock that sends no CORS headers: the browser must refuse to hand the answer to the page. */
  corsBlocked: FailureSummary;
}

/** Set on globalThis by the app when it is done: the report, or why it could not make one. */
export type AppOutcome = { report: BrowserReport } | { crashed: string };

export const OUTCOME_GLOBAL = 'okruBrowserOutcome';
