// `okru methods [group]`: what the spec knows, one method a line: session rule, permissions, summary.
import { methodTable } from '../../method-table.js';
import { docsUrl, groupOf, type MethodInfo } from '../../method-info.js';
import { booleanOption } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { out, printJson } from '../output.js';
import { methodText } from '../spec.js';
import { renderTable } from '../table.js';

// Code-point order, so that the list is the same in every locale.
const ALL = (Object.values(methodTable()) as MethodInfo[]).sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);

export function groupNames(): string[] {
  return [...new Set(ALL.map((m) => groupOf(m.name)))].sort();
}

export const methodsCommand: Command = {
  name: 'methods',
  summary: 'list the methods okru knows, with session rules and permissions',
  usage: 'methods [group] [--json]',
  description: [
    'Lists the methods of the spec: the name, the session rule (required: a user session; optional;',
    'prohibited: calls without one; unknown), the permissions the call needs, and a summary.',
    'Deprecated methods are marked [deprecated]. Give a group (users, photos, ...) to list only it.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', help: "print the list as JSON, with each method's docs link" },
  },
  examples: ['okru methods', 'okru methods photos', 'okru methods --json'],

  async run({ values, positionals }) {
    const [group, ...extra] = positionals;
    if (extra.length) throw new UsageError(`methods takes one group, got ${positionals.length}`);
    if (group !== undefined && !groupNames().includes(group)) {
      throw new UsageError(`no group '${group}'; the groups are: ${groupNames().join(', ')}`);
    }
    const methods = group === undefined ? ALL : ALL.filter((m) => groupOf(m.name) === group);
    if (booleanOption(values, 'json')) {
      printJson(
        methods.map((m) => {
          const text = methodText(m.name);
          return {
            name: m.name,
            group: groupOf(m.name),
            session: m.session,
            permissions: m.permissions,
            idempotent: m.idempotent,
            summary: text?.summary ?? '',
            ...(text?.deprecated ? { deprecated: text.deprecated } : {}),
            docs: docsUrl(m.name),
          };
        }),
      );
      return 0;
    }
    const rows = methods.map((m) => {
      const text = methodText(m.name);
      const summary = `${text?.deprecated ? '[deprecated] ' : ''}${text?.summary ?? ''}`;
      return [m.name, m.session, m.permissions.join(',') || '-', summary];
    });
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    for (const line of renderTable(['METHOD', 'SESSION', 'PERMISSIONS', 'SUMMARY'], rows, width)) out(line);
    return 0;
  },
};
