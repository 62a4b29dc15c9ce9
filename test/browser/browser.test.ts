// okru in a real browser: the app in app.ts, bundled with esbuild, runs in headless Chromium (driven by
// playwright-core) on one 127.0.0.1 origin and calls the mock OK server on another, so every call is a cross-origin
// fetch that the mock's CORS headers must allow. Without Chromium the browser part is skipped with a message, except
// in CI (chromium.ts), where .ci/run installs it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { buildApp, nodeOnlyImports, type BuiltApp } from './build-app.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserTestRequired, chromiumMissing } from './chromium.js';
import { OUTCOME_GLOBAL, type AppOutcome, type BrowserReport } from './report.js';
import { startStaticServer, type StaticServer } from './static-server.js';

const missing = chromiumMissing();
const skipBrowser = missing !== undefined && !browserTestRequired();
if (skipBrowser)
  console.warn(`test/browser: the Chromium part is SKIPPED: ${missing}. CI (.ci/run) installs Chromium and runs it.`);

let app: BuiltApp;
beforeAll(async () => {
  app = await buildApp();
});

describe('the browser app, bundled by esbuild', () => {
  it('imports nothing Node-only (no node: module, nothing left external)', () => {
    expect(nodeOnlyImports(app.metafile)).toEqual([]);
  });

  it('has okru from its sources (the okru-source condition), not dist/', () => {
    const inputs = Object.keys(app.metafile.inputs);
    expect(inputs).toContain('src/index.ts');
    expect(inputs.filter((file) => file.startsWith('dist/'))).toEqual([]);
  });
});

/** One answer of the mock as Chromium saw it: what was asked, how, with which Origin, and what the mock allowed. */
interface Exchange {
  httpMethod: string;
  okMethod: string | null;
  /** Whether the URL carries a query (GET calls carry their signed parameters there; POST calls must not). */
  urlHasQuery: boolean;
  origin: string | null;
  allowOrigin: string | null;
}

async function describeExchange(response: Response): Promise<Exchange> {
  const request = response.request();
  const url = new URL(request.url());
  const params = new URLSearchParams(request.method() === 'POST' ? (request.postData() ?? '') : url.search);
  return {
    httpMethod: request.method(),
    okMethod: params.get('method'),
    urlHasQuery: url.search !== '',
    origin: await request.headerValue('origin'),
    allowOrigin: await response.headerValue('access-control-allow-origin'),
  };
}

describe.skipIf(skipBrowser)('okru in headless Chromium, calling the mock from another origin', () => {
  let site: StaticServer | undefined;
  /** Allows the page's origin only: an answer reaches the app only if the request's Origin header was that origin. */
  let api: MockServer | undefined;
  /** Never answers an API call: for the abort and the timeout. */
  let stalling: MockServer | undefined;
  /** Sends no CORS headers: Chromium must keep its answers from the page. */
  let noCors: MockServer | undefined;
  let browser: Browser | undefined;
  let report: BrowserReport;
  let exchanges: Exchange[];

  beforeAll(async () => {
    if (missing)
      throw new Error(`the browser test is required here (CI) but ${missing}; .ci/run installs it with apt-get`);
    site = await startStaticServer({
      '/': {
        contentType: 'text/html; charset=utf-8',
        body: readFileSync(join(import.meta.dirname, 'page.html'), 'utf8'),
      },
      '/app.js': { contentType: 'text/javascript; charset=utf-8', body: app.js },
    });
    api = await createMockServer({ corsOrigin: [site.origin] });
    stalling = await createMockServer({ corsOrigin: [site.origin], faults: { stallRate: 1 } });
    noCors = await createMockServer({ corsOrigin: false });

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 20_000,
    });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const seen: Promise<Exchange>[] = [];
    const apiUrl = api.url;
    page.on('response', (response) => {
      if (response.url().startsWith(apiUrl)) seen.push(describeExchange(response));
    });

    await page.goto(
      `${site.origin}/?${new URLSearchParams({ api: api.url, stalling: stalling.url, noCors: noCors.url })}`,
    );
    await page
      .waitForFunction((name) => name in globalThis, OUTCOME_GLOBAL, { timeout: 15_000 })
      .catch((error: unknown) => {
        throw new Error(`the app reported nothing (page errors: ${pageErrors.join('; ') || 'none'}): ${String(error)}`);
      });
    const outcome = (await page.evaluate(
      (name) => (globalThis as Record<string, unknown>)[name],
      OUTCOME_GLOBAL,
    )) as AppOutcome;
    if ('crashed' in outcome) throw new Error(`the app crashed: ${outcome.crashed}`);
    report = outcome.report;
    exchanges = await Promise.all(seen);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([site?.close(), api?.close(), stalling?.close(), noCors?.close()]);
  });

  it('runs on another origin than the mock', () => {
    expect(report.pageOrigin).toBe(site!.origin);
    expect(new URL(api!.url).origin).not.toBe(site!.origin);
  });

  it('gets the demo user and friends with a client session (GET)', () => {
    expect(report.currentUser).toEqual({ uid: '575662066926', first_name: 'Ivan' });
    expect(report.friends).toEqual(['575662066927', '575662066928']);
  });

  it('calls by POST', () => {
    expect(report.postedUsers).toEqual([
      { uid: '575662066927', first_name: 'Maria', last_name: 'Ivanova' },
      { uid: '575662066928', first_name: 'Oleg', last_name: 'Sidorov' },
    ]);
  });

  it("throws OK's error 10 as an OkApiError for a permission the user did not grant", () => {
    expect(report.permissionDenied).toEqual({
      class: 'OkApiError',
      message:
        'group.getMembers failed with OK error 10 PERMISSION_DENIED: PERMISSION_DENIED : User has not granted the permission GROUP_CONTENT',
      code: 10,
      codeName: 'PERMISSION_DENIED',
      data: 'GROUP_CONTENT',
    });
  });

  it("ends a call that gets no answer by the caller's signal and by its timeout", () => {
    expect(report.aborted).toEqual({ class: 'OkAbortError', message: 'friends.get: aborted: the user left the page' });
    expect(report.timedOut).toEqual({
      class: 'OkTimeoutError',
      message: 'friends.get: no complete answer within 300 ms',
    });
    expect(stalling!.stats).toEqual({ api: 2, oauth: 0, upload: 0, faults: 2, flood: 0 });
  });

  it('sent every call cross-origin with the page as Origin, which the mock allowed by name', () => {
    const expected = (httpMethod: string, okMethod: string) => ({
      httpMethod,
      okMethod,
      urlHasQuery: httpMethod === 'GET',
      origin: site!.origin,
      allowOrigin: site!.origin,
    });
    expect(exchanges).toEqual([
      expected('GET', 'users.getCurrentUser'),
      expected('GET', 'friends.get'),
      expected('POST', 'users.getInfo'),
      expected('GET', 'group.getMembers'),
    ]);
    expect(api!.stats).toEqual({ api: 4, oauth: 0, upload: 0, faults: 0, flood: 0 });
  });

  it('gets no answer from a mock that sends no CORS headers: the browser keeps it from the page', () => {
    expect(report.corsBlocked).toEqual({
      class: 'OkNetworkError',
      message: 'friends.get: request failed: Failed to fetch',
    });
    // The mock did answer: the request was a simple one (no preflight); only the reading was refused.
    expect(noCors!.stats.api).toBe(1);
  });
});
