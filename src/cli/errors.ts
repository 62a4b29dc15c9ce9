// The CLI's own failures, each with the exit code it ends the process with: 2 for bad usage (the command line was
// wrong, nothing was tried), 1 for a failure while doing the work.

/** The command line is wrong: a missing argument, an unknown option, a malformed value. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/** The work failed for a reason outside the SDK (a file, a timeout, the login listener). Exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode = 1;
}
