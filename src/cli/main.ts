#!/usr/bin/env node
// The `okru` command: picks the command, parses its options, runs it, and turns what happened into output and an
// exit code (0 done, 1 failed, 2 bad usage).
import pkg from '../../package.json' with { type: 'json' };
import { parseCommandArgs } from './args.js';
import type { Command, OptionValues } from './command.js';
import { allCommands } from './commands/help.js';
import { UsageError } from './errors.js';
import { commandUsage, renderCommandHelp, renderOverview } from './help-text.js';
import { describeError, err, out } from './output.js';

// Piped into `head` and the like: a closed stdout ends the command quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: readonly string[]): Promise<number> {
  const commands = allCommands();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    out(pkg.version);
    return 0;
  }
  if (name === '--help' || name === '-h') {
    out(renderOverview(commands));
    return 0;
  }
  if (name === undefined) {
    err(renderOverview(commands));
    return 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`okru: unknown command '${name}'`);
    err('');
    err(renderOverview(commands));
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      out(renderCommandHelp(command));
      return 0;
    }
    warnAboutSecretFlags(command, args.values);
    return await command.run(args);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    if (error instanceof UsageError) {
      err(`okru ${command.name}: ${message}`);
      err(`${commandUsage(command)}   (okru help ${command.name} for more)`);
    } else err(message);
    return exitCode;
  }
}

/** A secret given as a flag shows in `ps` and the shell history: say so, and say where it belongs. */
function warnAboutSecretFlags(command: Command, values: OptionValues): void {
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.secretEnv && typeof values[name] === 'string') {
      err(
        `okru: warning: --${name} on the command line is visible to other users (ps) and kept in the shell history; set ${spec.secretEnv} or store it in the config file (okru login) instead`,
      );
    }
  }
}

// exitCode rather than exit(): stdout may be a pipe still being written to. A command that leaves nothing running
// lets the process end by itself. No top-level await: the command is built as CommonJS, beside the mock it runs.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
