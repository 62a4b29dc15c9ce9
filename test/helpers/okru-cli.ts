// `okru` run as a process from the sources (tsx with the okru-source condition), as the CLI tests run it, and an
// environment that keeps it off the user's own: HOME, XDG_CONFIG_HOME and OKRU_CONFIG in a temporary directory, and
// no OKRU_* variable inherited, so no real config or credential is read or written.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface OkruResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningOkru {
  child: ChildProcess;
  /** Once the process has ended and its output is all read. */
  done: Promise<OkruResult>;
  /** The output so far. */
  stdout(): string;
  stderr(): string;
}

/** Variables set to undefined are left out: a test can unset one that a base environment sets. */
export type Env = Record<string, string | undefined>;

/** Starts `okru <args>` in the repository, with `env` (the test process's own by default) and no stdin. */
export function startOkru(args: readonly string[], env: Env = process.env): RunningOkru {
  const child = spawn(process.execPath, [TSX_CLI, '--conditions', 'okru-source', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<OkruResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `okru <args>` to its end. */
export function runOkru(args: readonly string[], env?: Env): Promise<OkruResult> {
  return startOkru(args, env).done;
}

export interface IsolatedHome {
  /** A new temporary directory, HOME of the processes. */
  home: string;
  /** The test process's environment without OKRU_*, with HOME, XDG_CONFIG_HOME and OKRU_CONFIG inside `home`. */
  env: Record<string, string>;
  remove(): void;
}

/** A temporary home for okru processes (`prefix` names its directory); OKRU_CONFIG names a file that is not there. */
export function isolatedHome(prefix: string): IsolatedHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('OKRU_')),
  );
  return {
    home,
    env: { ...inherited, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), OKRU_CONFIG: join(home, 'no-config.json') },
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
