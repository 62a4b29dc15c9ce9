// A broken spec fails with the file, the path inside it, the line and what is wrong. Each case copies spec/ to a
// temporary project, breaks one thing, and loads it.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpec, SpecError } from '../codegen/load-spec.js';

const root = join(import.meta.dirname, '..');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function withBrokenSpec(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'okru-spec-'));
  temps.push(dir);
  cpSync(join(root, 'spec'), join(dir, 'spec'), { recursive: true });
  const path = join(dir, 'spec', file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

function problems(dir: string) {
  try {
    loadSpec(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).problems;
  }
  throw new Error('the broken spec loaded');
}

describe('spec validation', () => {
  it('the real spec loads, with every method of the facts file', () => {
    const spec = loadSpec(root);
    const facts = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/ok-api-facts.json'), 'utf8')) as {
      methods: { method: string }[];
    };
    expect(spec.groups.flatMap((g) => g.methods.map((m) => m.name)).sort()).toEqual(
      facts.methods.map((m) => m.method).sort(),
    );
  });

  it('an unknown key', () => {
    const dir = withBrokenSpec('methods/users.yaml', (t) =>
      t.replace('  getInfo:\n    summary:', '  getInfo:\n    sumary: typo\n    summary:'),
    );
    expect(problems(dir)).toContainEqual({
      file: 'spec/methods/users.yaml',
      path: 'methods.getInfo.sumary',
      line: expect.any(Number),
      message: "unknown key 'sumary'",
    });
  });

  it('a value of the wrong type', () => {
    const dir = withBrokenSpec('methods/users.yaml', (t) =>
      t.replace(/( {2}getInfo:[\s\S]*?)idempotent: true/, '$1idempotent: yes please'),
    );
    expect(problems(dir)).toContainEqual(
      expect.objectContaining({
        file: 'spec/methods/users.yaml',
        path: 'methods.getInfo.idempotent',
        message: 'must be boolean (got string "yes please")',
      }),
    );
  });

  it('a bad session value, with its line', () => {
    const dir = withBrokenSpec('methods/events.yaml', (t) => t.replace('session: required', 'session: sometimes'));
    const line = lineOfText(join(dir, 'spec/methods/events.yaml'), 'session: sometimes');
    const [p] = problems(dir);
    expect(p).toEqual({
      file: 'spec/methods/events.yaml',
      path: 'methods.get.session',
      line,
      message: 'must be one of required, optional, prohibited, unknown (got "sometimes")',
    });
  });

  /** The 1-based line of the first line of a file that contains `text` (the test fails if there is none). */
  function lineOfText(file: string, text: string): number {
    const index = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text));
    expect(index).toBeGreaterThanOrEqual(0);
    return index + 1;
  }

  it('a duplicate method', () => {
    let lines = 0;
    const dir = withBrokenSpec('methods/events.yaml', (t) => {
      lines = t.trimEnd().split('\n').length;
      return `${t.trimEnd()}\n  get:\n    summary: Again.\n`;
    });
    const [p] = problems(dir);
    expect(p).toMatchObject({
      file: 'spec/methods/events.yaml',
      line: lines + 1,
      message: expect.stringMatching(/^duplicate key/),
    });
  });

  it('a group defined in two files', () => {
    const dir = withBrokenSpec('methods/url.yaml', (t) => t.replace('group: url', 'group: events'));
    const msgs = problems(dir).map((p) => `${p.file}: ${p.message}`);
    expect(msgs).toContain("spec/methods/url.yaml: group 'events' must live in spec/methods/events.yaml, not url.yaml");
    expect(msgs.some((m) => /duplicate group 'events': already defined in spec\/methods\/events\.yaml/.test(m))).toBe(
      true,
    );
  });

  it('an unknown permission', () => {
    const dir = withBrokenSpec('methods/events.yaml', (t) =>
      t.replace('permissions: [ VALUABLE_ACCESS ]', 'permissions: [ VALUABLE_ACCESS, TELEPATHY ]'),
    );
    const line = lineOfText(join(dir, 'spec/methods/events.yaml'), 'TELEPATHY');
    expect(problems(dir)).toEqual([
      {
        file: 'spec/methods/events.yaml',
        path: 'methods.get.permissions.1',
        line,
        message: "unknown permission 'TELEPATHY': not in spec/permissions.yaml",
      },
    ]);
  });

  it('an unknown type, a wrong doc URL, a reserved parameter name', () => {
    const dir = withBrokenSpec('methods/events.yaml', (t) =>
      t
        .replace(/types: \{ type: "string\[\]"/, 'types: { type: "Strng[]"')
        .replace('rest/events/events.get', 'rest/events/events.got')
        .replace('    params:\n', '    params:\n      sig: { type: string, source: okru }\n'),
    );
    const msgs = problems(dir).map((p) => `${p.path}: ${p.message}`);
    expect(msgs).toContain(
      "methods.get.params.types.type: unknown type 'Strng': not a primitive (string, id, integer, long, number, boolean, json), nor an enum in spec/enums/*.yaml, nor a model in spec/models/*.yaml",
    );
    expect(msgs).toContain(
      'methods.get.docs: must be https://apiok.ru/dev/methods/rest/events/events.get (got https://apiok.ru/dev/methods/rest/events/events.got)',
    );
    expect(msgs).toContain(
      "methods.get.params.sig: 'sig' is added by the SDK to every call and cannot be a method parameter",
    );
  });

  it('a missing required key and a bad error entry', () => {
    const dir = withBrokenSpec('errors.yaml', (t) =>
      t.replace('{ code: 3, name: METHOD, meaning: "No such method." }', '{ code: 2, name: METHOD }'),
    );
    const msgs = problems(dir).map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`);
    expect(msgs).toEqual(["spec/errors.yaml:7: errors.2: missing required key 'meaning'"]);
  });

  it('npm run generate prints the problems and exits non-zero', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = withBrokenSpec('methods/events.yaml', (t) => t.replace('session: required', 'session: sometimes'));
    cpSync(join(root, 'codegen'), join(dir, 'codegen'), { recursive: true });
    // The generator shares the spec's type parser with the mock server (src/spec-type.ts).
    cpSync(join(root, 'src/spec-type.ts'), join(dir, 'src/spec-type.ts'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(dir, 'codegen/cli.ts')],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    const line = lineOfText(join(dir, 'spec/methods/events.yaml'), 'session: sometimes');
    expect(run.stderr).toContain(
      `spec/methods/events.yaml:${line}: methods.get.session: must be one of required, optional, prohibited, unknown (got "sometimes")`,
    );
  });
});
