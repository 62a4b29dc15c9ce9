// Plays the browser's part of OK's authorization dialog with a login and password: for scripts, tests and the mock
// server's demos (okru login --mock, npm start), where nobody is there to click.
import type { Permission } from '../../generated/permissions.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Http } from '../transport/exchange.js';
import { checkTimeout } from '../options-check.js';
import { DEFAULT_CONNECT_BASE_URL, withSlash, type CodeRedirect, type TokenRedirect } from './authorize-url.js';
import { loginThroughDialog } from './login-dialog.js';
import { randomState } from './state.js';

export interface DialogLoginOptions {
  appId: number | string;
  login: string;
  password: string;
  redirectUri: string;
  scope?: readonly (Permission | (string & {}))[];
  state?: string;
  connectBaseUrl?: string;
  fetch?: typeof globalThis.fetch;
  timeout?: number | false;
}

/**
 * Logs in through the dialog and agrees to the permissions, then returns where OK redirected: a code
 * (`responseType: 'code'`, to exchange with CodeSession) or a token (`'token'`). The state is checked.
 */
export async function authorizeWithPassword(
  options: DialogLoginOptions & { responseType: 'code' },
): Promise<CodeRedirect>;
export async function authorizeWithPassword(
  options: DialogLoginOptions & { responseType: 'token' },
): Promise<TokenRedirect>;
export async function authorizeWithPassword(
  options: DialogLoginOptions & { responseType: 'code' | 'token' },
): Promise<CodeRedirect | TokenRedirect> {
  const common = {
    http: new Http({
      fetch: options.fetch,
      timeout: checkTimeout('authorizeWithPassword', options.timeout ?? DEFAULT_TIMEOUT),
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    }),
    connectBaseUrl: withSlash(options.connectBaseUrl ?? DEFAULT_CONNECT_BASE_URL),
    appId: options.appId,
    scope: options.scope?.length ? [...options.scope] : ['VALUABLE_ACCESS'],
    redirectUri: options.redirectUri,
    state: options.state ?? randomState(),
    login: options.login,
    password: options.password,
  };
  return options.responseType === 'code'
    ? loginThroughDialog({ ...common, responseType: 'code' })
    : loginThroughDialog({ ...common, responseType: 'token' });
}
