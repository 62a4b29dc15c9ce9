// `okru help [command]`: the overview, or one command's help page.
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { renderCommandHelp, renderOverview } from '../help-text.js';
import { out } from '../output.js';
import { COMMANDS } from '../registry.js';

export const helpCommand: Command = {
  name: 'help',
  summary: "show the commands, or one command's help",
  usage: 'help [command]',
  description: 'Shows the list of commands, or the usage, options and examples of one.',
  options: {},
  examples: ['okru help call'],

  async run({ positionals }) {
    const all = allCommands();
    const [name, ...extra] = positionals;
    if (extra.length) throw new UsageError('help takes one command');
    if (name === undefined) {
      out(renderOverview(all));
      return 0;
    }
    const command = all.find((c) => c.name === name);
    if (!command)
      throw new UsageError(`unknown command '${name}'; the commands are: ${all.map((c) => c.name).join(', ')}`);
    out(renderCommandHelp(command));
    return 0;
  },
};

export function allCommands(): readonly Command[] {
  return [...COMMANDS, helpCommand];
}
