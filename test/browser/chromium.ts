// How the browser test gets its browser: Debian's chromium package, never a downloaded one (none can be downloaded
// here), started with the flags this machine needs. Where Chromium is missing, the test is skipped with a message,
// except in CI, where .ci/run installs it and a missing browser must fail the run instead of hiding the test.
import { existsSync } from 'node:fs';
import { requiredInCi } from '../helpers/required-in-ci.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * --headless comes from Playwright's `headless: true`, and the fresh profile directory from `launch()` itself (it
 * makes a new temporary --user-data-dir per launch and refuses one in `args`). The background-networking flags keep
 * Chromium from calling Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CI: .ci/run sets OKRU_BROWSER_TEST=required; most CI services set CI=true. */
export const browserTestRequired = (env: NodeJS.ProcessEnv = process.env) => requiredInCi('OKRU_BROWSER_TEST', env);

/** Why the browser test cannot run here, or undefined when Chromium is installed. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (Debian: apt-get install chromium)`;
}
