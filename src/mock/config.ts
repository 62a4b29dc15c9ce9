// What the mock server knows: apps and users. Built-in demo data, or a JSON file of the same shape.
import { readFileSync } from 'node:fs';
import { PERMISSIONS, type Permission } from '../../generated/permissions.js';
import { checkCallLimits, type CallLimits } from './call-limits.js';
import { methodRow } from './spec-data.js';

export interface MockApp {
  appId: number;
  appKey: string;
  appSecretKey: string;
  /**
   * The redirect URIs registered for the app: the authorize endpoint accepts exactly these. Without the list, any
   * http(s) URI is accepted (the demo's way, so that `okru login --mock` may listen on any port).
   */
  redirectUris?: string[];
}

export interface MockUser {
  uid: string;
  name: string;
  /** For the login dialog and auth.login. */
  login?: string;
  password?: string;
  /** A ready token (and its session secret key) that signed calls may use. */
  accessToken?: string;
  sessionSecretKey?: string;
  /** What the user granted the apps. */
  permissions?: Permission[];
  /** The ready token has expired (calls with it get 102). */
  expired?: boolean;
  /** Friends, by uid. */
  friends?: string[];
}

export interface MockConfig {
  apps: MockApp[];
  users: MockUser[];
  /** Calls a second per app and per method; over a limit, OK's 8 FLOOD_BLOCKED. No limit by default. */
  callLimits?: CallLimits;
  /** How many items each paged method's collection holds (`{ "group.getMembers": 50000 }`); 25 by default. */
  collections?: Record<string, number>;
}

/** The demo world of `okru mock` and `npm start`. Fake credentials, printed by the CLI on purpose. */
export const DEMO_CONFIG: MockConfig = {
  apps: [{ appId: 512000000001, appKey: 'CBADEMOAPPKEY', appSecretKey: 'demo-app-secret-key' }],
  users: [
    {
      uid: '575662066926',
      name: 'Ivan Petrov',
      login: 'ivan@example.com',
      password: 'demo-password',
      accessToken: 'demo-token-ivan',
      sessionSecretKey: 'demo-session-secret-ivan',
      permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'VIDEO_CONTENT', 'LONG_ACCESS_TOKEN', 'GET_EMAIL'],
      friends: ['575662066927', '575662066928'],
    },
    { uid: '575662066927', name: 'Maria Ivanova', friends: ['575662066926'] },
    { uid: '575662066928', name: 'Oleg Sidorov', friends: ['575662066926'] },
    {
      uid: '575662066929',
      name: 'Anna Expired',
      accessToken: 'demo-token-expired',
      sessionSecretKey: 'demo-session-secret-expired',
      permissions: ['VALUABLE_ACCESS'],
      expired: true,
    },
  ],
};

/** Schemes a browser would run instead of navigating to: never a redirect target. */
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:']);

/** An absolute URI an app may register (web, or a mobile app's own scheme), never one that runs script. */
export function isRegistrableRedirectUri(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  return !SCRIPT_SCHEMES.has(new URL(uri).protocol);
}

/** Checks a config's shape and says what is wrong (the path and the problem). */
export function checkMockConfig(value: unknown, from = 'config'): MockConfig {
  const fail = (path: string, problem: string): never => {
    throw new TypeError(`${from}: ${path}: ${problem}`);
  };
  if (!value || typeof value !== 'object') fail('(top)', 'must be an object with apps and users');
  const c = value as Record<string, unknown>;
  if (!Array.isArray(c.apps) || c.apps.length === 0) fail('apps', 'must be a non-empty list');
  if (!Array.isArray(c.users)) fail('users', 'must be a list');
  if (c.callLimits !== undefined) checkCallLimits(c.callLimits, fail);
  if (c.collections !== undefined) {
    if (!c.collections || typeof c.collections !== 'object' || Array.isArray(c.collections))
      fail('collections', 'must be an object of method names and item counts');
    for (const [method, size] of Object.entries(c.collections as Record<string, unknown>)) {
      if (!methodRow(method)?.paging) fail(`collections.${method}`, 'is not a method that pages');
      if (!Number.isSafeInteger(size) || (size as number) < 0)
        fail(`collections.${method}`, 'must be a count of items (an integer, 0 or more)');
    }
  }
  (c.apps as unknown[]).forEach((a, i) => {
    const app = a as Record<string, unknown>;
    if (!Number.isSafeInteger(app?.appId)) fail(`apps[${i}].appId`, 'must be an integer');
    for (const k of ['appKey', 'appSecretKey'])
      if (typeof app[k] !== 'string' || !app[k]) fail(`apps[${i}].${k}`, 'must be a non-empty string');
    if (app.redirectUris !== undefined) {
      if (!Array.isArray(app.redirectUris)) fail(`apps[${i}].redirectUris`, 'must be a list');
      (app.redirectUris as unknown[]).forEach((uri, j) => {
        if (typeof uri !== 'string' || !isRegistrableRedirectUri(uri))
          fail(`apps[${i}].redirectUris[${j}]`, 'must be an absolute URI, not javascript:, data: or vbscript:');
      });
    }
  });
  const ids = new Set<number>();
  const keys = new Set<string>();
  (c.apps as MockApp[]).forEach((app, i) => {
    if (ids.has(app.appId)) fail(`apps[${i}].appId`, 'is used twice');
    if (keys.has(app.appKey)) fail(`apps[${i}].appKey`, 'is used twice');
    ids.add(app.appId);
    keys.add(app.appKey);
  });
  const uids = new Set<string>();
  const tokens = new Set<string>();
  (c.users as unknown[]).forEach((u, i) => {
    const user = u as Record<string, unknown>;
    if (typeof user?.uid !== 'string' || !/^\d+$/.test(user.uid)) fail(`users[${i}].uid`, 'must be a string of digits');
    if (uids.has(user.uid as string)) fail(`users[${i}].uid`, 'is used twice');
    uids.add(user.uid as string);
    if (typeof user.name !== 'string') fail(`users[${i}].name`, 'must be a string');
    for (const k of ['login', 'password', 'accessToken', 'sessionSecretKey']) {
      if (user[k] !== undefined && typeof user[k] !== 'string') fail(`users[${i}].${k}`, 'must be a string');
    }
    if (typeof user.accessToken === 'string') {
      if (tokens.has(user.accessToken)) fail(`users[${i}].accessToken`, 'is used by another user');
      tokens.add(user.accessToken);
    }
    if (user.permissions !== undefined) {
      if (!Array.isArray(user.permissions)) fail(`users[${i}].permissions`, 'must be a list');
      for (const p of user.permissions as unknown[])
        if (!(PERMISSIONS as readonly unknown[]).includes(p))
          fail(`users[${i}].permissions`, `unknown permission ${String(p)}`);
    }
  });
  return value as MockConfig;
}

export function loadMockConfig(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TypeError(`${path}: cannot read the mock config (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`${path}: not JSON${whereJsonFailed(text, (err as Error).message)}`);
  }
  return checkMockConfig(value, path);
}

/**
 * Where JSON.parse stopped, as a line and column, when its message says (` at line 3, column 14`); '' otherwise. Never
 * its message itself: V8 quotes the text around the error there, which may be a token or password of the config.
 */
function whereJsonFailed(text: string, message: string): string {
  const position = /\bat position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const lineStart = before.lastIndexOf('\n') + 1;
  return ` at line ${before.split('\n').length}, column ${before.length - lineStart + 1}`;
}
