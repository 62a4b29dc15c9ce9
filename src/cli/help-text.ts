// Help pages: the overview of commands, and each command's usage, description, options and examples.
import type { Command } from './command.js';

export function commandUsage(command: Command): string {
  return `Usage: okru ${command.usage}`;
}

export function renderCommandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.help] as const;
  });
  options.push(['-h, --help', 'show this help']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    commandUsage(command),
    '',
    command.description,
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
    '',
    command.examples.length > 1 ? 'Examples:' : 'Example:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

export function renderOverview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: okru <command> [options]',
    '',
    'A command line for the OK (ok.ru) REST API, built on the okru SDK.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `okru help <command>` or `okru <command> --help` for its options; `okru --version` for the version.',
    '',
    'Example:',
    '  okru mock &                 # a local mock OK; it prints demo credentials to export',
    '  okru call users.getInfo uids=575662066926 fields=first_name',
  ].join('\n');
}
