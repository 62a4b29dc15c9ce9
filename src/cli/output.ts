// Everything the CLI writes goes through here: results on stdout, messages and progress on stderr, and errors in the
// one format the tests and scripts rely on. Nothing here ever receives a secret: the SDK's errors carry none, and the
// commands pass only ids, paths and messages.
import { OkApiError, OkError } from '../errors.js';
import { CliError, UsageError } from './errors.js';

export function out(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function err(text = ''): void {
  process.stderr.write(`${text}\n`);
}

/** A result as JSON: indented for people, or compact (`--raw`) for pipes. `undefined` prints as null. */
export function printJson(value: unknown, raw = false): void {
  out(JSON.stringify(value ?? null, null, raw ? undefined : 2));
}

/**
 * One line for an error, and the exit code it ends with. OK's errors read `error <code> <codeName>: <msg>`; OK's
 * own message repeats the code name ("PERMISSION_DENIED : ..."), which is dropped so it is not said twice.
 */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof OkApiError) {
    const prefix = `${error.codeName} : `;
    const msg = error.msg.startsWith(prefix) ? error.msg.slice(prefix.length) : error.msg;
    return { message: `error ${error.code} ${error.codeName}: ${msg}`, exitCode: 1 };
  }
  if (error instanceof UsageError || error instanceof CliError)
    return { message: error.message, exitCode: error.exitCode };
  if (error instanceof OkError) return { message: error.message, exitCode: 1 };
  // A bug or an unexpected system error: the message only, since a stack trace helps nobody running the tool.
  return { message: `okru: ${error instanceof Error ? error.message : String(error)}`, exitCode: 1 };
}
