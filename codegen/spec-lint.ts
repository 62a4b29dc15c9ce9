// `npm run spec:lint`: loads the spec (schema and cross-file rules, as `npm run generate` does), then runs the checks
// of spec-tools/lint-rules.ts and prints each problem as `file:line: path: message (rule)`, then how complete the spec
// is per group and where its facts come from. Exits 1 when the spec does not load or has an error; warnings (TODOs,
// unknown session rules, ...) are counted but pass. `--json` prints the same as one JSON object.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadSpec, SpecError } from './load-spec.js';
import type { Spec } from './spec-model.js';
import { provenanceRows, summarize, type Coverage } from './spec-tools/coverage.js';
import { lintSpec, type LintProblem } from './spec-tools/lint-rules.js';
import { percent, textTable } from './spec-tools/text-table.js';
import { SpecLines } from './spec-tools/yaml-lines.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');

// Exit codes through process.exitCode: process.exit() could cut a long report short on a pipe.
process.exitCode = main();

function main(): number {
  let spec: Spec;
  try {
    spec = loadSpec(root);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    if (json)
      console.log(
        JSON.stringify(
          {
            loaded: false,
            errors: err.problems.length,
            warnings: 0,
            problems: err.problems.map((p) => ({ severity: 'error', rule: 'load', ...p })),
          },
          null,
          2,
        ),
      );
    console.error(err.message);
    return 1;
  }

  const problems = lintSpec(spec, new SpecLines(root));
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const summary = summarize(spec);

  if (json) {
    console.log(
      JSON.stringify({ loaded: true, errors: errors.length, warnings: warnings.length, problems, ...summary }, null, 2),
    );
  } else {
    const show = (title: string, list: LintProblem[]) => {
      if (!list.length) return;
      console.log(`${title}:`);
      for (const p of list) console.log(formatProblem({ ...p, message: `${p.message} (${p.rule})` }));
      console.log('');
    };
    show('Errors', errors);
    show('Warnings', warnings);

    const row = (c: Coverage) => [
      c.group,
      c.methods,
      c.deprecated,
      c.params,
      percent(c.typedParamsPct),
      percent(c.describedParamsPct),
      percent(c.knownResultsPct),
      c.sessionUnknown,
    ];
    console.log(
      textTable(
        [
          'group',
          'methods',
          'deprecated',
          'params',
          'typed params',
          'described params',
          'known results',
          'session unknown',
        ],
        summary.groups.map(row),
        {
          footer: row(summary.total),
        },
      ),
    );
    console.log('');

    // Provenance: one row per source, whatever column it appears in.
    const rows = provenanceRows(summary.provenance);
    console.log('Where the facts come from:');
    console.log(textTable(['source', 'method session/permissions', 'params', 'param types', 'result types'], rows));
    console.log('');
    console.log(
      `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.`,
    );
  }

  return errors.length ? 1 : 0;
}
