// Command-line parsing on node:util parseArgs: each command's option table, plus --help, with parseArgs' own
// errors turned into UsageError (exit 2) so that a mistyped option never looks like a failed call.
import { parseArgs } from 'node:util';
import type { Command, OptionValues, ParsedArgs } from './command.js';
import { UsageError } from './errors.js';

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs & { help: boolean } {
  const options: NonNullable<ParseArgsOptions> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages name the option and sometimes add advice; keep the first sentence.
    const message = error instanceof Error ? error.message.split('. ')[0]!.replace(/\.$/, '') : String(error);
    throw new UsageError(message);
  }
  const values = parsed.values as OptionValues;
  return { values, positionals: parsed.positionals, help: values.help === true };
}

/** A string option's value, when given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** A whole number in a range (ports, seeds, seconds), or a UsageError naming the option. */
export function integerOption(values: OptionValues, name: string, min: number, max: number): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return number;
}

/** The longest delay setTimeout keeps (2^31 - 1 ms, ~24.8 days): a longer one fires at once, with only a warning. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * `--timeout MS`: milliseconds for each exchange, as the client's `timeout` option takes them, or `none` for no limit
 * (the client's `false`). 0 is refused, not taken for `none`: some tools read 0 as no limit, others as at once.
 */
export function timeoutOption(values: OptionValues, name: string): number | false | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === 'none') return false;
  const number = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(number) || number < 1 || number > MAX_TIMER_MS) {
    throw new UsageError(
      `--${name} must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, or none; got '${text}'`,
    );
  }
  return number;
}

/** A comma-separated list option (`--scope A,B`), empty items dropped. */
export function listOption(values: OptionValues, name: string): string[] | undefined {
  const text = stringOption(values, name);
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}
