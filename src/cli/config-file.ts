// The config file where `okru login` stores credentials and tokens, and where `call` and `upload` look last. It holds
// secrets, so it is written owner-only (directory 0700, file 0600) and replaced atomically.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CliError } from './errors.js';

/** What the file may hold. Every field is optional: flags and environment variables fill in the rest. */
export interface StoredConfig {
  appId?: number | string;
  appKey?: string;
  appSecretKey?: string;
  accessToken?: string;
  sessionSecretKey?: string;
  refreshToken?: string;
  /** When the access token expires, in ms since the epoch. */
  expiresAt?: number;
  baseUrl?: string;
}

const STRING_FIELDS = ['appKey', 'appSecretKey', 'accessToken', 'sessionSecretKey', 'refreshToken', 'baseUrl'] as const;

/**
 * --config, else $OKRU_CONFIG, else $XDG_CONFIG_HOME/okru/config.json, else ~/.config/okru/config.json. Only a file
 * named by --config is `explicit` (must exist to be read): $OKRU_CONFIG may name where `okru login` will write.
 */
export function configPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; explicit: boolean } {
  if (flag) return { path: flag, explicit: true };
  if (env.OKRU_CONFIG) return { path: env.OKRU_CONFIG, explicit: false };
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return { path: join(base, 'okru', 'config.json'), explicit: false };
}

/**
 * Reads the file. A missing file is no config (undefined) unless it was named explicitly. Errors name the path and
 * the field, never a value: the file holds tokens.
 */
export function readConfig(path: string, explicit: boolean): StoredConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    throw new CliError(`cannot read the config file ${path} (${code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`the config file ${path} is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`the config file ${path} must hold a JSON object`);
  const config = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (config[field] !== undefined && typeof config[field] !== 'string')
      throw new CliError(`the config file ${path}: ${field} must be a string`);
  }
  if (config.appId !== undefined && typeof config.appId !== 'string' && typeof config.appId !== 'number')
    throw new CliError(`the config file ${path}: appId must be a number`);
  if (config.expiresAt !== undefined && typeof config.expiresAt !== 'number')
    throw new CliError(`the config file ${path}: expiresAt must be a number (ms since the epoch)`);
  return config as StoredConfig;
}

/** True when others than the owner may read the file (a warning, not an error: it may be on purpose). */
export function readableByOthers(path: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    return (statSync(path).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/**
 * Writes the config: the directory created 0700, the file 0600. The text goes to a temporary file of mode 0600,
 * flushed to disk (fsync), that then replaces the old one, and the directory is flushed too: no moment exists with
 * the tokens in a file others can read, a half-written file, or (after a crash) an empty one. A temporary file is
 * removed when the write fails, and ones left by processes that died are removed on the next write.
 */
export function writeConfig(path: string, config: StoredConfig): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, 0o600); // open's mode is reduced by the umask and ignored for an existing file
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
  chmodSync(path, 0o600);
  syncDirectory(dir);
  removeLeftovers(path);
}

/** Makes the rename itself durable; not every platform can open a directory (Windows), which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Temporary files `<name>.<pid>.tmp` of processes that no longer run: a crash between write and rename left them. */
function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    removeQuietly(join(dirname(path), name));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Where `okru login --mock` keeps its demo tokens: beside the config, never in it. */
export function mockConfigPath(path: string): string {
  return join(dirname(path), 'mock-login.json');
}
