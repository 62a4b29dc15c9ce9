// The browser app: okru bundled for the browser (build-app.ts) making a client-session's calls to the mock OK server,
// which listens on another origin than the page. The mock URLs come in the page's query string. It reports what
// happened on globalThis (for the test) and in the page (for a human looking at it).
import { API, ClientSession, OkAbortError, OkApiError, OkError, OkNetworkError, OkTimeoutError } from 'okru';
import { OUTCOME_GLOBAL, type AppOutcome, type BrowserReport, type FailureSummary } from './report.js';

/**
 * The few DOM members the app uses, declared here: the project type-checks without the DOM library (tsconfig's lib
 * is ES2024), and adding it for one file would change the globals every other file sees.
 */
interface BrowserGlobals {
  location: { search: string; origin: string };
  document: { getElementById(id: string): { textContent: string | null } | null };
}
const browser = globalThis as unknown as BrowserGlobals;

/**
 * The demo app and user of the mock (DEMO_CONFIG in src/mock/config.ts): fake credentials, public on purpose. Written
 * out, not imported: okru/mock is Node-only and must stay out of a browser bundle.
 */
const DEMO_APP = { appId: 512000000001, appKey: 'CBADEMOAPPKEY' };
const IVAN = { accessToken: 'demo-token-ivan', sessionSecretKey: 'demo-session-secret-ivan' };

async function summarizeFailure(call: () => Promise<unknown>): Promise<FailureSummary> {
  try {
    await call();
    return { class: 'did not fail', message: '' };
  } catch (err) {
    // Most specific first: OkTimeoutError is an OkNetworkError.
    if (err instanceof OkApiError)
      return { class: 'OkApiError', message: err.message, code: err.code, codeName: err.codeName, data: err.data };
    if (err instanceof OkTimeoutError) return { class: 'OkTimeoutError', message: err.message };
    if (err instanceof OkAbortError) return { class: 'OkAbortError', message: err.message };
    if (err instanceof OkNetworkError) return { class: 'OkNetworkError', message: err.message };
    if (err instanceof OkError) return { class: 'OkError', message: err.message };
    return { class: 'not an okru error', message: String(err) };
  }
}

async function run(): Promise<BrowserReport> {
  const query = new URLSearchParams(browser.location.search);
  const mockUrl = (name: string) => query.get(name) ?? `(no ${name} URL in the page's query)`;
  // The client-server circuit: what a browser app holds (no application secret key).
  const session = new ClientSession({ ...DEMO_APP, ...IVAN });
  const ok = new API(session, { baseUrl: mockUrl('api') });
  const okByPost = new API(session, { baseUrl: mockUrl('api'), httpMethod: 'POST' });
  const stalling = new API(session, { baseUrl: mockUrl('stalling') });
  const withoutCors = new API(session, { baseUrl: mockUrl('noCors') });

  // One after another: the mock's answers and the request log stay in a known order.
  const currentUser = await ok.users.getCurrentUser({ fields: ['first_name'] });
  const friends = await ok.friends.get();
  const postedUsers = await okByPost.users.getInfo({
    uids: ['575662066927', '575662066928'],
    fields: ['first_name', 'last_name'],
  });
  const permissionDenied = await summarizeFailure(() => ok.group.getMembers({ uid: '53038939046008' }));
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('the user left the page')), 200);
  const aborted = await summarizeFailure(() => stalling.friends.get(undefined, { signal: controller.signal }));
  const timedOut = await summarizeFailure(() => stalling.friends.get(undefined, { timeout: 300 }));
  const corsBlocked = await summarizeFailure(() => withoutCors.friends.get());
  return {
    pageOrigin: browser.location.origin,
    currentUser,
    friends,
    postedUsers,
    permissionDenied,
    aborted,
    timedOut,
    corsBlocked,
  };
}

async function main(): Promise<void> {
  let outcome: AppOutcome;
  try {
    outcome = { report: await run() };
  } catch (err) {
    outcome = { crashed: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  (globalThis as Record<string, unknown>)[OUTCOME_GLOBAL] = outcome;
  const result = browser.document.getElementById('result');
  if (result) result.textContent = JSON.stringify(outcome, null, 2);
}

void main();
