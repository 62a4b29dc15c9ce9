// What a command is: its name, help text and options (one table serves parseArgs and the help page), and run.

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help, e.g. `N` for `--port N`. */
  value?: string;
  /** May be given more than once. */
  multiple?: boolean;
  /**
   * The value is a secret: given on the command line, it shows in `ps` and the shell's history, so the CLI warns and
   * points at this environment variable (and the config file).
   */
  secretEnv?: string;
  help: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** The synopsis after `okru`, e.g. `call <group.method> [key=value ...] [options]`. */
  usage: string;
  /** A few lines on what the command does, for its help page. */
  description: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Does the work; resolves with the exit code. */
  run(args: ParsedArgs): Promise<number>;
}
