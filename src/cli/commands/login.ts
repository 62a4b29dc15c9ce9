// `okru login`: the authorization-code flow from a terminal. A listener on 127.0.0.1 takes the browser's redirect, the
// code is exchanged for tokens, and the tokens go to the config file (owner-only), never to the screen.
import { PERMISSIONS } from '../../../generated/permissions.js';
import { API } from '../../api.js';
import { OkConfigError } from '../../errors.js';
import { createMockServer, type MockServer } from '../../mock/index.js';
import { authorizeUrl, parseRedirect, withSlash } from '../../oauth/authorize-url.js';
import { CodeSession } from '../../oauth/code-session.js';
import { authorizeWithPassword } from '../../oauth/dialog-login.js';
import { OAuthError } from '../../oauth/errors.js';
import { randomState } from '../../oauth/state.js';
import { booleanOption, integerOption, listOption, stringOption } from '../args.js';
import { listenForCallback, visitRedirect, type CallbackRequest } from '../callback-server.js';
import type { Command, OptionValues } from '../command.js';
import { configPath, mockConfigPath, readConfig, writeConfig } from '../config-file.js';
import { CREDENTIAL_OPTIONS, resolveCredentials } from '../credentials.js';
import { UsageError } from '../errors.js';
import { describeError, err, out } from '../output.js';

interface LoginTarget {
  appId: number | string;
  appKey: string;
  appSecretKey: string;
  /** Where oauth/token.do and the API are; OK's own when undefined. */
  baseUrl?: string;
  /** Where the authorization dialog is; OK's own when undefined. */
  connectUrl?: string;
}

function checkScope(scope: string[]): string[] {
  const unknown = scope.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknown.length)
    throw new UsageError(
      `unknown permission${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${PERMISSIONS.join(', ')}`,
    );
  return scope;
}

/** The app to log in to: from the flags, the environment or the config file, as for `call`. */
function targetFromCredentials(values: OptionValues, path: string, explicit: boolean): LoginTarget {
  const credentials = resolveCredentials(values, process.env, readConfig(path, explicit));
  const missing = [
    ['--app-id', 'OKRU_APP_ID', credentials.appId],
    ['--app-key', 'OKRU_APP_KEY', credentials.appKey],
    ['--app-secret-key', 'OKRU_APP_SECRET_KEY', credentials.appSecretKey],
  ].filter(([, , value]) => !value);
  if (missing.length)
    throw new OkConfigError(
      `login needs the app's credentials: give ${missing.map(([flag, env]) => `${flag} (or ${env})`).join(', ')}; or try okru login --mock`,
    );
  const connectUrl = stringOption(values, 'connect-url') || process.env.OKRU_CONNECT_URL || undefined;
  return {
    appId:
      /^\d+$/.test(credentials.appId!) && Number.isSafeInteger(Number(credentials.appId))
        ? Number(credentials.appId)
        : credentials.appId!,
    appKey: credentials.appKey!,
    appSecretKey: credentials.appSecretKey!,
    ...(credentials.baseUrl ? { baseUrl: withSlash(credentials.baseUrl) } : {}),
    ...(connectUrl ? { connectUrl: withSlash(connectUrl) } : {}),
  };
}

/** The user's id, for the closing message; the login stands without it. */
async function loggedInUid(session: CodeSession, baseUrl: string | undefined): Promise<string | undefined> {
  const ok = new API(session, baseUrl ? { baseUrl } : {});
  try {
    return await ok.call('users.getLoggedInUser');
  } catch {
    try {
      return (await ok.call('users.getCurrentUser', { fields: ['uid'] })).uid;
    } catch {
      return undefined;
    }
  }
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'log in through the browser and store the tokens',
  usage: 'login [--port N] [--scope A,B] [--timeout S] [--mock] [options]',
  description: [
    "Runs OK's authorization-code flow: prints the dialog's URL, waits on 127.0.0.1 for the browser to",
    'come back to /callback (register http://127.0.0.1:<port>/callback as a redirect URI of your app and',
    'pass that --port), checks the state, exchanges the code, and stores the app credentials and the',
    'tokens in the config file (mode 0600). The tokens are never printed.',
    '',
    'The app comes from --app-id/--app-key/--app-secret-key, OKRU_APP_ID/OKRU_APP_KEY/OKRU_APP_SECRET_KEY,',
    'or the config file. --mock runs the whole flow against an in-process mock with its demo app and user.',
  ].join('\n'),
  options: {
    port: {
      type: 'string',
      short: 'p',
      value: 'N',
      help: 'the port of the redirect listener, 0 (the default) for a free one',
    },
    scope: { type: 'string', value: 'A,B', help: 'the permissions to ask for, VALUABLE_ACCESS by default' },
    timeout: { type: 'string', value: 'S', help: 'seconds to wait for the redirect, 300 by default' },
    mock: { type: 'boolean', help: 'log in to an in-process mock OK as its demo user (no browser)' },
    config: {
      type: 'string',
      value: 'FILE',
      help: 'where to store the tokens ($OKRU_CONFIG, else ~/.config/okru/config.json)',
    },
    'app-id': CREDENTIAL_OPTIONS['app-id']!,
    'app-key': CREDENTIAL_OPTIONS['app-key']!,
    'app-secret-key': CREDENTIAL_OPTIONS['app-secret-key']!,
    'base-url': {
      type: 'string',
      value: 'URL',
      help: 'where the API and oauth/token.do are, https://api.ok.ru/ by default ($OKRU_BASE_URL)',
    },
    'connect-url': {
      type: 'string',
      value: 'URL',
      help: 'where the dialog is, https://connect.ok.ru/ by default ($OKRU_CONNECT_URL)',
    },
  },
  examples: ['okru login --port 8765 --scope VALUABLE_ACCESS,PHOTO_CONTENT', 'okru login --mock'],

  async run({ values, positionals }) {
    if (positionals.length) throw new UsageError(`login takes no arguments, got '${positionals[0]}'`);
    const port = integerOption(values, 'port', 0, 65535) ?? 0;
    const timeoutMs = (integerOption(values, 'timeout', 1, 86_400) ?? 300) * 1000;
    const scope = checkScope(listOption(values, 'scope') ?? ['VALUABLE_ACCESS']);
    const useMock = booleanOption(values, 'mock');
    const { path: configFile, explicit } = configPath(stringOption(values, 'config'));
    // The demo tokens of --mock go to a file of their own (unless --config names one): the user's config is left alone.
    const path = useMock && !explicit ? mockConfigPath(configFile) : configFile;

    let mock: MockServer | undefined;
    let target: LoginTarget;
    if (useMock) {
      mock = await createMockServer();
      const app = mock.config.apps[0]!;
      target = {
        appId: app.appId,
        appKey: app.appKey,
        appSecretKey: app.appSecretKey,
        baseUrl: mock.url,
        connectUrl: mock.url,
      };
    } else {
      target = targetFromCredentials(values, path, explicit);
    }

    const listener = await listenForCallback(port).catch(async (error: unknown) => {
      await mock?.close();
      throw error;
    });
    let session: CodeSession | undefined;
    try {
      const { redirectUri } = listener;
      const state = randomState();
      out('Open this URL in a browser:');
      out(
        authorizeUrl({
          appId: target.appId,
          scope,
          responseType: 'code',
          redirectUri,
          state,
          ...(target.connectUrl ? { connectBaseUrl: target.connectUrl } : {}),
        }),
      );
      if (!mock) err(`Waiting for the redirect to ${redirectUri} (up to ${timeoutMs / 1000} s) ...`);

      const waiting = listener.wait(timeoutMs);
      // With --mock nobody is there to click: log in through the mock's dialog as its demo user, then deliver the
      // code to our own listener the way a browser would, so that the listener and the state check still run.
      const browser = mock ? playBrowser(mock, target, scope, redirectUri, state, timeoutMs) : undefined;
      const request = await Promise.race([
        waiting,
        ...(browser ? [browser.then((): Promise<never> => new Promise(() => {}))] : []),
      ]);

      session = await exchange(request, target, state, redirectUri);
      // The listener's page, read in full: the login is done once the browser has its answer.
      await browser;

      const uid = await loggedInUid(session, target.baseUrl);
      writeConfig(path, {
        appId: target.appId,
        appKey: target.appKey,
        appSecretKey: target.appSecretKey,
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        expiresAt: session.expiresAt,
        baseUrl: target.baseUrl,
      });
      out(`Logged in${uid ? ` as ${uid}` : ''}, tokens stored in ${path}`);
      if (mock)
        out(
          `(The mock stops now: these tokens were for a demo only${path === configFile ? '' : `; your config ${configFile} is untouched`}.)`,
        );
      return 0;
    } finally {
      await session?.close();
      await listener.close();
      await mock?.close();
    }
  },
};

/** The redirect that came back → the checked code → tokens; the browser is told how it went either way. */
async function exchange(
  request: CallbackRequest,
  target: LoginTarget,
  state: string,
  redirectUri: string,
): Promise<CodeSession> {
  let session: CodeSession | undefined;
  try {
    const redirect = parseRedirect(request.url, { expectedState: state });
    if (redirect.type !== 'code') throw new OAuthError('invalid_response', 'the redirect carries a token, not a code');
    session = new CodeSession({
      appId: target.appId,
      appKey: target.appKey,
      appSecretKey: target.appSecretKey,
      code: redirect.code,
      redirectUri,
      ...(target.baseUrl ? { oauthBaseUrl: target.baseUrl } : {}),
    });
    await session.authorize();
  } catch (error) {
    await session?.close();
    await request.respond(400, 'Login failed', `${describeError(error).message}. Return to the terminal.`);
    throw error;
  }
  await request.respond(200, 'Logged in', 'okru has the tokens. You can close this window.');
  return session;
}

/** The browser's part against the mock: the dialog with the demo user's login, then the redirect to the listener. */
async function playBrowser(
  mock: MockServer,
  target: LoginTarget,
  scope: string[],
  redirectUri: string,
  state: string,
  timeoutMs: number,
): ReturnType<typeof visitRedirect> {
  const user = mock.config.users.find((u) => u.login && u.password);
  if (!user) throw new OkConfigError('the mock has no user with a login and password');
  const redirect = await authorizeWithPassword({
    responseType: 'code',
    appId: target.appId,
    login: user.login!,
    password: user.password!,
    redirectUri,
    scope,
    state,
    connectBaseUrl: mock.url,
  });
  const url = new URL(redirectUri);
  url.searchParams.set('code', redirect.code);
  if (redirect.state !== undefined) url.searchParams.set('state', redirect.state);
  // The browser's request waits no longer than the login waits for it.
  return visitRedirect(url, [redirect.code, state], timeoutMs);
}
