// spec:lint's rules (codegen/spec-tools/lint-rules.ts) on the real spec, and on the same spec with one fact changed
// in memory: a rule fires where it should and stays quiet where a fact justifies the entry.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../codegen/load-spec.js';
import type { Spec } from '../codegen/spec-model.js';
import { lintSpec } from '../codegen/spec-tools/lint-rules.js';
import { SpecLines } from '../codegen/spec-tools/yaml-lines.js';

const root = join(import.meta.dirname, '..');
const lines = new SpecLines(root);

/** The problems of `rule` reported for `method`. */
function problems(spec: Spec, rule: string, method: string) {
  const [group, name] = method.split('.');
  return lintSpec(spec, lines).filter(
    (p) => p.rule === rule && p.file === `spec/methods/${group}.yaml` && p.path.startsWith(`methods.${name}.`),
  );
}

describe('result-source-unknown', () => {
  it('accepts a source on an unknown result when it backs emptyOnSuccess (video.delete, video.update)', () => {
    const spec = loadSpec(root);
    const rows = spec.groups.flatMap((g) => g.methods).filter((m) => m.result.emptyOnSuccess);
    expect(rows.map((m) => [m.name, m.result.source])).toEqual([
      ['video.delete', 'docrepo'],
      ['video.update', 'docrepo'],
    ]);
    expect(problems(spec, 'result-source-unknown', 'video.delete')).toEqual([]);
  });

  it('warns of a source on an unknown result that states nothing', () => {
    const spec = loadSpec(root);
    const method = spec.groups.flatMap((g) => g.methods).find((m) => m.name === 'video.delete')!;
    method.result = { ...method.result, emptyOnSuccess: false };
    expect(problems(spec, 'result-source-unknown', 'video.delete')).toMatchObject([
      { severity: 'warning', file: 'spec/methods/video.yaml', path: 'methods.delete.result.source' },
    ]);
  });
});

describe('result-needs-source', () => {
  const method = (spec: Spec, name: string) => spec.groups.flatMap((g) => g.methods).find((m) => m.name === name)!;

  it('holds for the real spec', () => {
    expect(lintSpec(loadSpec(root), lines).filter((p) => p.rule === 'result-needs-source')).toEqual([]);
  });

  it.each([
    ['users.hasAppPermission', 'result boolean needs a source'],
    ['video.delete', 'result emptyOnSuccess needs a source'],
  ])('fails %s when its result loses its source', (name, message) => {
    const spec = loadSpec(root);
    const m = method(spec, name);
    m.result = { ...m.result, source: undefined };
    expect(problems(spec, 'result-needs-source', name)).toMatchObject([
      { severity: 'error', path: `methods.${name.split('.')[1]}.result`, message: expect.stringContaining(message) },
    ]);
  });
});
