// Where `call` and `upload` get their credentials: each one from its flag, else its environment variable, else the
// config file (`okru login` writes it). The resolved values go straight into a TokenSession and are never shown.
import { API } from '../api.js';
import { OkConfigError } from '../errors.js';
import { withSlash } from '../oauth/authorize-url.js';
import type { OAuthTokens } from '../oauth/authorizing-session.js';
import { OAuthError } from '../oauth/errors.js';
import { RefreshSession } from '../oauth/refresh-session.js';
import { TokenSession } from '../sessions/token-session.js';
import { stringOption, booleanOption, timeoutOption } from './args.js';
import type { OptionSpec, OptionValues } from './command.js';
import { configPath, readableByOthers, readConfig, writeConfig, type StoredConfig } from './config-file.js';
import { CliError } from './errors.js';
import { err } from './output.js';

export interface Credentials {
  appId?: string;
  appKey?: string;
  appSecretKey?: string;
  accessToken?: string;
  sessionSecretKey?: string;
  baseUrl?: string;
}

/** Each credential: its flag, its environment variable, its field in the config file. */
const SOURCES: { key: keyof Credentials; flag: string; env: string }[] = [
  { key: 'appId', flag: 'app-id', env: 'OKRU_APP_ID' },
  { key: 'appKey', flag: 'app-key', env: 'OKRU_APP_KEY' },
  { key: 'appSecretKey', flag: 'app-secret-key', env: 'OKRU_APP_SECRET_KEY' },
  { key: 'accessToken', flag: 'access-token', env: 'OKRU_ACCESS_TOKEN' },
  { key: 'sessionSecretKey', flag: 'session-secret-key', env: 'OKRU_SESSION_SECRET_KEY' },
  { key: 'baseUrl', flag: 'base-url', env: 'OKRU_BASE_URL' },
];

/** The options of commands that make calls (call, upload). */
export const CREDENTIAL_OPTIONS: Record<string, OptionSpec> = {
  'app-id': { type: 'string', value: 'ID', help: 'the application id ($OKRU_APP_ID)' },
  'app-key': { type: 'string', value: 'KEY', help: "the application's public key ($OKRU_APP_KEY)" },
  'app-secret-key': {
    type: 'string',
    value: 'KEY',
    help: "the application's secret key ($OKRU_APP_SECRET_KEY)",
    secretEnv: 'OKRU_APP_SECRET_KEY',
  },
  'access-token': {
    type: 'string',
    value: 'TOKEN',
    help: "the user's access token ($OKRU_ACCESS_TOKEN)",
    secretEnv: 'OKRU_ACCESS_TOKEN',
  },
  'session-secret-key': {
    type: 'string',
    value: 'KEY',
    help: 'the session secret key, client-server circuit ($OKRU_SESSION_SECRET_KEY)',
    secretEnv: 'OKRU_SESSION_SECRET_KEY',
  },
  'base-url': { type: 'string', value: 'URL', help: 'the API server, https://api.ok.ru/ by default ($OKRU_BASE_URL)' },
  post: { type: 'boolean', help: 'send calls as POST forms (nothing secret in a URL)' },
  timeout: { type: 'string', value: 'MS', help: 'milliseconds for each request, 10000 by default; none for no limit' },
  config: { type: 'string', value: 'FILE', help: 'the config file ($OKRU_CONFIG, else ~/.config/okru/config.json)' },
};

export const CREDENTIALS_HELP = [
  'Credentials come from OKRU_APP_ID, OKRU_APP_KEY, OKRU_APP_SECRET_KEY, OKRU_ACCESS_TOKEN, OKRU_SESSION_SECRET_KEY',
  'and OKRU_BASE_URL, else the config file that `okru login` writes; flags override both, but secrets given as',
  'flags show in `ps` and the shell history (okru warns). The circuit follows',
  'from what is given: app secret key + access token (server), session secret key + access token (client), app',
  'secret key alone (calls without a user session).',
];

/** Flags win over the environment, the environment over the file; an empty value counts as not given. */
export function resolveCredentials(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  file: StoredConfig | undefined,
): Credentials {
  const out: Credentials = {};
  for (const { key, flag, env: name } of SOURCES) {
    const fromFile = file?.[key];
    const value =
      stringOption(values, flag) || env[name] || (fromFile === undefined ? undefined : String(fromFile)) || undefined;
    if (value !== undefined) out[key] = value;
  }
  const appId = out.appId;
  if (appId !== undefined && !/^\d+$/.test(appId)) {
    const from = stringOption(values, 'app-id')
      ? '--app-id'
      : env.OKRU_APP_ID
        ? 'OKRU_APP_ID'
        : 'appId in the config file';
    throw new OkConfigError(`${from} must be a number (the application id), and it is not`);
  }
  return out;
}

/** True when the flags and the environment alone can sign calls: then a broken default config file is not needed. */
function enoughWithoutFile(values: OptionValues, env: NodeJS.ProcessEnv): boolean {
  const c = resolveCredentials(values, env, undefined);
  return !!(c.appId && c.appKey && (c.appSecretKey || (c.accessToken && c.sessionSecretKey)));
}

/**
 * Reads the config file named by --config / $OKRU_CONFIG, or the default one when it exists. A default file that
 * cannot be read does not stand in the way of calls whose credentials all come from flags and the environment: it is
 * skipped with a warning.
 */
export function loadConfigFile(
  values: OptionValues,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; config: StoredConfig | undefined } {
  const { path, explicit } = configPath(stringOption(values, 'config'), env);
  let config: StoredConfig | undefined;
  try {
    config = readConfig(path, explicit);
  } catch (error) {
    if (explicit || !(error instanceof CliError) || !enoughWithoutFile(values, env)) throw error;
    err(`okru: warning: ${error.message}; skipped, since the environment gives every credential`);
    return { path, config: undefined };
  }
  if (config && readableByOthers(path))
    err(`okru: warning: ${path} holds secrets but others may read it; run chmod 600 on it`);
  return { path, config };
}

/** A refresh that OK refuses (the refresh token expired or was revoked) says what to do about it. */
class StoredTokensSession extends RefreshSession {
  protected override async refreshGrant(): Promise<OAuthTokens> {
    try {
      return await super.refreshGrant();
    } catch (error) {
      if (error instanceof OAuthError)
        throw new CliError(`the stored tokens could not be refreshed (${error.message}); run \`okru login\` again`);
      throw error;
    }
  }
}

/**
 * The tokens `okru login` stored, as a session that refreshes them (when they expire, or OK answers 102) and writes
 * the new ones back to the file, so that a login lasts as long as its refresh token.
 */
function storedTokenSession(credentials: Credentials, config: StoredConfig, path: string): RefreshSession {
  return new StoredTokensSession({
    appId: credentials.appId!,
    appKey: credentials.appKey!,
    appSecretKey: credentials.appSecretKey!,
    refreshToken: config.refreshToken!,
    accessToken: credentials.accessToken,
    expiresAt: config.expiresAt,
    ...(credentials.baseUrl ? { oauthBaseUrl: withSlash(credentials.baseUrl) } : {}),
    onTokens: (tokens) => {
      writeConfig(path, {
        ...config,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
      });
      err(`okru: the access token was refreshed; ${path} updated`);
    },
  });
}

/**
 * A client for `call` and `upload`: a TokenSession with the circuit inferred (or, for tokens from the config file
 * with a refresh token, a session that refreshes them), and the API on the chosen server.
 */
export function openClient(
  values: OptionValues,
  env: NodeJS.ProcessEnv = process.env,
): API<TokenSession | RefreshSession> {
  // Checked first: a bad value is a usage error whatever the credentials.
  const timeout = timeoutOption(values, 'timeout');
  const { path, config } = loadConfigFile(values, env);
  const credentials = resolveCredentials(values, env, config);
  const hint = 'or run `okru login`';
  if (!credentials.appId) throw new OkConfigError(`no application id: give --app-id or set OKRU_APP_ID, ${hint}`);
  if (!credentials.appKey) throw new OkConfigError(`no application key: give --app-key or set OKRU_APP_KEY, ${hint}`);
  if (!credentials.appSecretKey && !(credentials.accessToken && credentials.sessionSecretKey)) {
    throw new OkConfigError(
      `nothing to sign calls with: give --app-secret-key (with --access-token for a user's calls), or --access-token with --session-secret-key, ${hint}`,
    );
  }
  const fileToken = config?.accessToken !== undefined && credentials.accessToken === config.accessToken;
  const refreshable =
    fileToken && !!config?.refreshToken && !!credentials.appSecretKey && !credentials.sessionSecretKey;
  if (fileToken && !refreshable && config?.expiresAt !== undefined && config.expiresAt <= Date.now()) {
    err(
      `okru: warning: the stored access token expired at ${new Date(config.expiresAt).toISOString()}; run \`okru login\` again`,
    );
  }
  const session = refreshable
    ? storedTokenSession(credentials, config!, path)
    : new TokenSession({
        appId: credentials.appId,
        appKey: credentials.appKey,
        appSecretKey: credentials.appSecretKey,
        accessToken: credentials.accessToken,
        sessionSecretKey: credentials.sessionSecretKey,
      });
  return new API(session, {
    // The API puts `fb.do` right after the base URL: `http://host:8080` must become `http://host:8080/`.
    ...(credentials.baseUrl ? { baseUrl: withSlash(credentials.baseUrl) } : {}),
    ...(booleanOption(values, 'post') ? { httpMethod: 'POST' as const } : {}),
    // The API's, for each call and each upload exchange; the session's token refresh keeps its own (and its lock's).
    ...(timeout !== undefined ? { timeout } : {}),
  });
}
