// `npm run spec:coverage`: how much of the spec rests on sources, per group and in total: methods with an apiok.ru
// page, facts by source, parameters still inferred, results modelled, departures from the seed table.
// `-- --check` (CI) fails when, against spec/coverage-baseline.json, a method lost its modelled result or gained a
// fact without a source; `-- --update` writes the baseline after such a change was reviewed. `-- --unsourced` lists
// every inferred or okru-sourced fact by method; `-- --json` prints JSON.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec, SpecError } from './load-spec.js';
import type { Spec } from './spec-model.js';
import {
  provenanceRows,
  coverageRegressions,
  methodCoverage,
  summarize,
  type Coverage,
  type MethodCoverage,
} from './spec-tools/coverage.js';
import { percent, textTable } from './spec-tools/text-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BASELINE = join(root, 'spec', 'coverage-baseline.json');
const args = new Set(process.argv.slice(2).filter((a) => a !== '--'));

process.exitCode = main();

function main(): number {
  let spec: Spec;
  try {
    spec = loadSpec(root);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    console.error(err.message);
    return 1;
  }
  const summary = summarize(spec);
  const methods = methodCoverage(spec);
  if (args.has('--update')) {
    writeFileSync(BASELINE, `${JSON.stringify({ methods }, null, 2)}\n`);
    console.log(`spec/coverage-baseline.json: ${Object.keys(methods).length} methods written.`);
    return 0;
  }
  if (args.has('--check')) {
    if (!existsSync(BASELINE)) {
      console.error('spec/coverage-baseline.json is missing: run npm run spec:coverage -- --update');
      return 1;
    }
    const baseline = (JSON.parse(readFileSync(BASELINE, 'utf8')) as { methods: Record<string, MethodCoverage> })
      .methods;
    const problems = coverageRegressions(baseline, methods);
    if (problems.length) {
      console.error(`The spec's coverage got worse (${problems.length}):`);
      for (const p of problems) console.error(`  ${p}`);
      console.error(
        'Give each fact a source, or, when the change is right after review, run npm run spec:coverage -- --update.',
      );
      return 1;
    }
    const improved = Object.keys(methods).filter(
      (n) => baseline[n] && JSON.stringify(baseline[n]) !== JSON.stringify(methods[n]),
    ).length;
    console.log(`spec coverage holds against the baseline (${improved} methods better; --update records them).`);
    return 0;
  }
  if (args.has('--unsourced')) {
    // Every fact this project chose itself, method by method: the list to work down when sources turn up.
    for (const [name, m] of Object.entries(methods))
      if (m.unsourced.length) console.log(`${name}: ${m.unsourced.join(', ')}`);
    return 0;
  }
  if (args.has('--json')) {
    console.log(JSON.stringify({ ...summary, methods }, null, 2));
    return 0;
  }
  const row = (c: Coverage) => [
    c.group,
    c.methods,
    c.withPage,
    c.params,
    c.inferredParams,
    c.knownResults,
    percent(c.knownResultsPct),
    c.departures,
  ];
  console.log(
    textTable(
      ['group', 'methods', 'with page', 'params', 'inferred params', 'results modelled', 'modelled', 'seed departures'],
      summary.groups.map(row),
      {
        footer: row(summary.total),
      },
    ),
  );
  const rows = provenanceRows(summary.provenance);
  console.log('\nFacts by source:');
  console.log(textTable(['source', 'session/permissions', 'params', 'param types', 'results'], rows));
  return 0;
}
