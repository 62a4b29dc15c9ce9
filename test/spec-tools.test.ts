// The spec maintenance commands, spec:lint, spec:add and spec:diff (codegen/spec-*.ts), run as child processes the way
// `npm run` runs them: on the real spec, and on temporary copies of the project (spec/, codegen/, package.json and a
// link to node_modules) that a test may change. Expectations come from loadSpec and from the files themselves, so
// they follow the spec as it grows.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpec } from '../codegen/load-spec.js';
import type { Spec } from '../codegen/spec-model.js';
import { readApiokIndex } from '../codegen/spec-tools/apiok-index.js';
import { parseMethodName } from '../codegen/spec-tools/method-name.js';
import { insertMethod, ScaffoldError } from '../codegen/spec-tools/scaffold.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const fixture = join(root, 'test/fixtures/apiok/rest-index.html');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

type Tool = 'spec-lint.ts' | 'spec-add.ts' | 'spec-diff.ts';

function run(dir: string, tool: Tool, ...args: string[]) {
  const r = spawnSync(process.execPath, [tsx, join(dir, 'codegen', tool), ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As run(), without blocking this process (for a server in this process to answer the child). */
function runAsync(
  dir: string,
  tool: Tool,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, join(dir, 'codegen', tool), ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okru-spec-tools-'));
  temps.push(dir);
  cpSync(join(root, 'spec'), join(dir, 'spec'), { recursive: true });
  cpSync(join(root, 'codegen'), join(dir, 'codegen'), { recursive: true });
  // The generator shares the spec's type parser with the mock server (src/spec-type.ts).
  cpSync(join(root, 'src/spec-type.ts'), join(dir, 'src/spec-type.ts'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Every file under spec/, with its text: to show that a refused command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'spec'), { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out[join(f.parentPath, f.name)] = readFileSync(join(f.parentPath, f.name), 'utf8');
  }
  return out;
}

const methodNames = (spec: Spec) => spec.groups.flatMap((g) => g.methods.map((m) => m.name));

/** A method name the spec does not have yet: `base`, or `base2`, `base3`, ... */
function freshName(spec: Spec, base: string): string {
  const names = new Set(methodNames(spec));
  let name = base;
  for (let i = 2; names.has(name); i++) name = `${base}${i}`;
  return name;
}

/** The 1-based line of the first line of `text` that `test` accepts. */
function lineWhere(text: string, test: (line: string) => boolean): number {
  const i = text.split('\n').findIndex(test);
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

interface LintJson {
  loaded: boolean;
  errors: number;
  warnings: number;
  problems: { severity: string; rule: string; file: string; path: string; line?: number; message: string }[];
  groups: { group: string; methods: number; params: number; deprecated: number; sessionUnknown: number }[];
  total: {
    methods: number;
    params: number;
    deprecated: number;
    typedParams: number;
    describedParams: number;
    knownResults: number;
    sessionUnknown: number;
  };
  provenance: {
    methods: Record<string, number>;
    params: Record<string, number>;
    paramTypes: Record<string, number>;
    inferredParams: number;
  };
}

interface DiffJson {
  listed: { methods: number; groups: number };
  notInSpec: { name: string; url: string }[];
  notListed: string[];
  deprecatedNotListed: string[];
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe('spec:lint', () => {
  it('passes on the real spec, and its summary counts what loadSpec returns', () => {
    const r = run(root, 'spec-lint.ts', '--json');
    const spec = loadSpec(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as LintJson;
    const methods = spec.groups.flatMap((g) => g.methods);
    expect(out.errors).toBe(0);
    expect(out.total.methods).toBe(methods.length);
    expect(out.total.params).toBe(methods.flatMap((m) => m.params).length);
    expect(out.total.deprecated).toBe(methods.filter((m) => m.deprecated).length);
    expect(out.total.sessionUnknown).toBe(methods.filter((m) => m.session === 'unknown').length);
    expect(out.total.typedParams).toBe(methods.flatMap((m) => m.params).filter((p) => !p.inferred).length);
    expect(out.groups.map((g) => [g.group, g.methods])).toEqual(spec.groups.map((g) => [g.name, g.methods.length]));
    // Provenance covers every method and parameter once.
    expect(sum(out.provenance.methods)).toBe(methods.length);
    expect(sum(out.provenance.params)).toBe(out.total.params);
    expect(sum(out.provenance.paramTypes) + out.provenance.inferredParams).toBe(out.total.params);
  });

  it('prints the problems, a table per group with a total, the provenance, and the counts', () => {
    const r = run(root, 'spec-lint.ts');
    expect(r.status).toBe(0);
    const total = r.stdout.split('\n').find((l) => l.startsWith('total '));
    expect(total?.split(/\s+/)[1]).toBe(String(methodNames(loadSpec(root)).length));
    expect(r.stdout).toMatch(
      /^group +methods +deprecated +params +typed params +described params +known results +session unknown$/m,
    );
    expect(r.stdout).toContain('Where the facts come from:');
    expect(r.stdout).toMatch(/^seed +\d+/m);
    expect(r.stdout).toMatch(/^\(inferred\) +0 +0 +\d+/m);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings?\.$/m);
  });

  it('reports broken entries as file:line: path: message, and exits 1 on an error', () => {
    const dir = tempProject();
    const spec = loadSpec(dir);
    const name = freshName(spec, 'url.lintCheck');
    const other = spec.groups.flatMap((g) => g.methods).find((m) => m.group !== 'url')!;
    expect(run(dir, 'spec-add.ts', name).status).toBe(0);
    const method = name.slice('url.'.length);
    const file = 'spec/methods/url.yaml';
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8')
      .replace(
        `    summary: "TODO: one line."\n    session: unknown\n    permissions: []\n    permissionsUnknown: true\n`,
        '    summary: Reads the thing without a period\n    session: unknown\n    permissions: []\n',
      )
      .replace(
        '    params: {}\n',
        '    params:\n' +
          '      q: { type: string, source: apiok }\n' +
          '      guess: { type: integer, source: docrepo, typeSource: php-sdk, inferred: true, description: "A guess." }\n',
      )
      // A second new method with the summary of a method of another group: both are reported.
      .replace(
        `  ${method}:\n`,
        `  ${method}Twin:\n    summary: ${JSON.stringify(other.summary)}\n    session: required\n    permissions: []\n    source: okru\n    idempotent: true\n    docs: https://apiok.ru/dev/methods/rest/url/${name}Twin\n    result: { type: unknown }\n  ${method}:\n`,
      );
    writeFileSync(path, text);
    loadSpec(dir); // still valid for the schema: these are lint's findings

    const r = run(dir, 'spec-lint.ts');
    expect(r.status).toBe(1);
    const lines = text.split('\n');
    const lineOf = (test: (l: string) => boolean, from = 0) => {
      const i = lines.findIndex((l, j) => j >= from && test(l));
      expect(i).toBeGreaterThanOrEqual(0);
      return i + 1;
    };
    const m = lineOf((l) => l === `  ${method}:`);
    const twin = lineOf((l) => l === `  ${method}Twin:`);
    expect(r.stdout).toContain(
      `  ${file}:${lineOf((l) => l.startsWith('    summary: '), m)}: methods.${method}.summary: summary must end with a period`,
    );
    expect(r.stdout).toContain(
      `  ${file}:${lineOf((l) => l.startsWith('      q: '), m)}: methods.${method}.params.q: parameter q has no description (param-description)`,
    );
    expect(r.stdout).toContain(
      `  ${file}:${lineOf((l) => l === '    permissions: []', m)}: methods.${method}.permissions: session is unknown and no permissions are listed`,
    );
    expect(r.stdout).toContain(
      `  ${file}:${lineOf((l) => l.startsWith('      guess: '), m)}: methods.${method}.params.guess.typeSource: guess is inferred`,
    );
    expect(r.stdout).toContain(
      `  ${file}:${lineOf((l) => l.startsWith('    summary: '), twin)}: methods.${method}Twin.summary: summary is the same as that of ${other.name}`,
    );
    // The other method is reported too, at its own file and line.
    const otherLines = readFileSync(join(dir, other.file), 'utf8').split('\n');
    const otherAt = otherLines.indexOf(`  ${other.method}:`);
    const otherSummary = otherLines.findIndex((l, j) => j > otherAt && l.startsWith('    summary: ')) + 1;
    expect(r.stdout).toContain(
      `  ${other.file}:${otherSummary}: methods.${other.method}.summary: summary is the same as that of ${name}Twin`,
    );
    expect(r.stdout).toMatch(/^Errors:$/m);
    expect(r.stdout).toMatch(/^Warnings:$/m);

    const json = JSON.parse(run(dir, 'spec-lint.ts', '--json').stdout) as LintJson;
    expect(json.errors).toBeGreaterThanOrEqual(5);
    expect(json.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual(
      expect.arrayContaining(['summary-period', 'param-description', 'session-unknown-permissions', 'summary-unique']),
    );
    expect(json.problems.find((p) => p.rule === 'inferred-type-source')?.severity).toBe('warning');
    for (const p of json.problems) expect(p.line).toEqual(expect.any(Number));
  });

  it('a spec that does not load: prints loadSpec problems and exits 1', () => {
    const dir = tempProject();
    const path = join(dir, 'spec/methods/url.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/session: \w+/, 'session: sometimes'));
    const r = run(dir, 'spec-lint.ts');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /spec\/methods\/url\.yaml:\d+: methods\.\w+\.session: must be one of required, optional, prohibited, unknown \(got "sometimes"\)/,
    );
  });
});

describe('spec:add', () => {
  const scaffold = (group: string, method: string) =>
    [
      `  ${method}:`,
      '    summary: "TODO: one line."',
      '    session: unknown',
      '    permissions: []',
      '    permissionsUnknown: true',
      '    source: okru',
      '    idempotent: false',
      `    docs: https://apiok.ru/dev/methods/rest/${group}/${group}.${method}`,
      '    params: {}',
      '    result: { type: unknown }',
      '',
    ].join('\n');

  it('adds an entry in alphabetical order, leaves the rest of the file as it was, and the spec loads', () => {
    const dir = tempProject();
    const name = freshName(loadSpec(dir), 'users.getSubscriptions');
    const method = parseMethodName(name)!.method;
    const file = join(dir, 'spec/methods/users.yaml');
    const before = readFileSync(file, 'utf8');
    const oldKeys = Object.keys((parse(before) as { methods: object }).methods);

    const r = run(dir, 'spec-add.ts', name);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = readFileSync(file, 'utf8');
    const line = lineWhere(after, (l) => l === `  ${method}:`);
    expect(r.stdout).toContain(`Added ${name} to spec/methods/users.yaml:${line}.`);
    expect(r.stdout).toContain('npm run spec:lint');
    expect(r.stdout).toContain('npm run generate');
    expect(r.stdout).toContain(`https://apiok.ru/dev/methods/rest/users/${name}`);

    // The entry, exactly; without it, the file is byte for byte what it was.
    const entry = scaffold('users', method);
    const at = after.indexOf(entry);
    expect(at).toBeGreaterThan(0);
    expect(after.slice(0, at) + after.slice(at + entry.length)).toBe(before);

    // In order: after the methods that sort before it, before the first that sorts after it.
    const newKeys = Object.keys((parse(after) as { methods: object }).methods);
    expect(newKeys.filter((k) => k !== method)).toEqual(oldKeys);
    const i = newKeys.indexOf(method);
    if (i > 0) expect(newKeys[i - 1]! < method).toBe(true);
    expect(newKeys[i + 1]).toBe(oldKeys.find((k) => k > method));

    const added = loadSpec(dir)
      .groups.find((g) => g.name === 'users')!
      .methods.find((m) => m.method === method)!;
    expect(added).toMatchObject({
      name,
      summary: 'TODO: one line.',
      session: 'unknown',
      permissions: [],
      permissionsUnknown: true,
      source: 'okru',
      idempotent: false,
      docs: `https://apiok.ru/dev/methods/rest/users/${name}`,
      params: [],
      result: { type: 'unknown' },
    });

    // spec:lint accepts it, with a warning for the TODO at its line.
    const lint = run(dir, 'spec-lint.ts');
    expect(lint.status).toBe(0);
    expect(lint.stdout).toContain(
      `spec/methods/users.yaml:${line + 1}: methods.${method}.summary: summary is still a TODO placeholder`,
    );
    expect(lint.stdout).toContain(
      `spec/methods/users.yaml:${line + 2}: methods.${method}.session: session rule and permissions unknown`,
    );
  });

  it('refuses a method the spec has, a second spelling of one, and malformed names, changing nothing', () => {
    const dir = tempProject();
    const existing = loadSpec(dir).groups.find((g) => g.name === 'users')!.methods[0]!;
    const before = snapshot(dir);

    const dup = run(dir, 'spec-add.ts', existing.name);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain(`${existing.name} is already in the spec`);
    const camel = loadSpec(dir)
      .groups.flatMap((g) => g.methods)
      .find((m) => m.method !== m.method.toLowerCase())!;
    const caseDup = run(dir, 'spec-add.ts', `${camel.group}.${camel.method.toLowerCase()}`);
    expect(caseDup.status).toBe(1);
    expect(caseDup.stderr).toContain(`differs only in case from ${camel.name}`);

    // More malformed names are in the parseMethodName test below; here, that the command refuses them.
    for (const bad of ['users', 'Users.getInfo', 'users.get-info']) {
      const r = run(dir, 'spec-add.ts', bad);
      expect(r.status, bad).toBe(1);
      expect(r.stderr, bad).toMatch(/is not a method name|differs only in case/);
    }
    const none = run(dir, 'spec-add.ts');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('usage: npm run spec:add -- <group.method>');
    expect(snapshot(dir)).toEqual(before);
  });

  it('creates the file of a new group (a dotted one: the method is the part after the last dot)', () => {
    const dir = tempProject();
    const groups = new Set(loadSpec(dir).groups.map((g) => g.name));
    let group = 'vk.test';
    for (let i = 2; groups.has(group); i++) group = `vk.test${i}`;
    const file = join(dir, `spec/methods/${group}.yaml`);
    expect(existsSync(file)).toBe(false);
    expect(run(dir, 'spec-add.ts', `${group}.sendMessage`).status).toBe(0);
    const created = readFileSync(file, 'utf8');
    expect(created.startsWith(`# Methods of the ${group}.* group.`)).toBe(true);
    expect(created).toContain(`\ngroup: ${group}\nmethods:\n${scaffold(group, 'sendMessage')}`);

    // A second method goes before it, in order.
    expect(run(dir, 'spec-add.ts', `${group}.getSettings`).status).toBe(0);
    const loaded = loadSpec(dir).groups.find((g) => g.name === group)!;
    expect(loaded.file).toBe(`spec/methods/${group}.yaml`);
    expect(loaded.methods.map((m) => [m.name, m.docs])).toEqual([
      [`${group}.getSettings`, `https://apiok.ru/dev/methods/rest/${group}/${group}.getSettings`],
      [`${group}.sendMessage`, `https://apiok.ru/dev/methods/rest/${group}/${group}.sendMessage`],
    ]);
    expect(Object.keys((parse(readFileSync(file, 'utf8')) as { methods: object }).methods)).toEqual([
      'getSettings',
      'sendMessage',
    ]);

    // A group that differs from an existing one only in case is refused.
    const r = run(dir, 'spec-add.ts', 'photosv2.getThing');
    if (existsSync(join(dir, 'spec/methods/photosV2.yaml'))) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('differs only in case from spec/methods/photosV2.yaml');
    }
  });
});

describe('spec:add insertion', () => {
  const file = (...methods: string[]) =>
    `group: g\nmethods:\n${methods.map((m) => `  ${m}:\n    summary: X.\n`).join('')}`;

  it('keeps the comments above a method with that method', () => {
    const text = 'group: g\nmethods:\n  alpha:\n    summary: A.\n  # about gamma\n  gamma:\n    summary: G.\n';
    const { text: out, line } = insertMethod(text, 'g', 'beta');
    expect(out.split('\n')[line - 1]).toBe('  beta:');
    expect(out.indexOf('  beta:')).toBeLessThan(out.indexOf('  # about gamma'));
    expect(out.indexOf('    summary: A.\n  beta:')).toBeGreaterThan(0);
  });

  it('appends after the last method, also without a final newline, and first before the first', () => {
    const last = insertMethod(file('alpha', 'beta').trimEnd(), 'g', 'zeta').text;
    expect(last).toMatch(/ {4}summary: X\.\n {2}zeta:\n/);
    expect(last.endsWith('    result: { type: unknown }\n')).toBe(true);
    const first = insertMethod(file('beta'), 'g', 'alpha').text;
    expect(first.startsWith('group: g\nmethods:\n  alpha:\n')).toBe(true);
  });

  it('follows the file: its indentation and its line ends', () => {
    const four = 'group: g\r\nmethods:\r\n    alpha:\r\n        summary: A.\r\n';
    const out = insertMethod(four, 'g', 'beta').text;
    expect(out).toContain('\r\n    beta:\r\n        summary: "TODO: one line."\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses a flow map and an existing method', () => {
    expect(() => insertMethod('group: g\nmethods: { a: { summary: A. } }\n', 'g', 'b')).toThrow(ScaffoldError);
    expect(() => insertMethod(file('alpha'), 'g', 'alpha')).toThrow(/already in the spec/);
    expect(() => insertMethod(file('getInfo'), 'g', 'getinfo')).toThrow(/differs only in case/);
  });

  it('parses method names as OK writes them', () => {
    expect(parseMethodName('users.getInfo')).toEqual({ name: 'users.getInfo', group: 'users', method: 'getInfo' });
    expect(parseMethodName('vk.notifications.sendMessage')).toMatchObject({
      group: 'vk.notifications',
      method: 'sendMessage',
    });
    for (const bad of ['users', 'users.', '.x', 'Users.x', 'users.X', 'a..b', 'a.b-c'])
      expect(parseMethodName(bad), bad).toBeUndefined();
  });
});

describe('spec:diff', () => {
  // An extraction of the fixture independent of the tool's parser: method-page hrefs outside <script>.
  const fixtureHtml = readFileSync(fixture, 'utf8');
  const fixtureNames = [
    ...new Set(
      [
        ...fixtureHtml
          .replace(/<script[\s\S]*?<\/script>/g, '')
          .matchAll(/href="(?:https:\/\/apiok\.ru)?\/dev\/methods\/rest\/([^"/]+)\/([^"/]+)"/g),
      ]
        .filter(([, group, file]) => file!.startsWith(`${group}.`))
        .map(([, , file]) => file!),
    ),
  ];

  function expected(spec: Spec) {
    const methods = spec.groups.flatMap((g) => g.methods);
    const inSpec = new Set(methods.map((m) => m.name));
    const onPage = new Set(fixtureNames);
    return {
      notInSpec: fixtureNames.filter((n) => !inSpec.has(n)).sort(),
      notListed: methods
        .filter((m) => !onPage.has(m.name) && !m.deprecated)
        .map((m) => m.name)
        .sort(),
      deprecatedNotListed: methods
        .filter((m) => !onPage.has(m.name) && m.deprecated)
        .map((m) => m.name)
        .sort(),
    };
  }

  it('the fixture lists mostly spec methods, a few the spec lacks, and misses a few it has', () => {
    const spec = loadSpec(root);
    const e = expected(spec);
    expect(fixtureNames.length).toBeGreaterThan(100);
    expect(e.notInSpec.length).toBeGreaterThan(0);
    expect(e.notListed.length).toBeGreaterThan(0);
    expect(e.deprecatedNotListed.length).toBeGreaterThan(0);
    // Methods of groups the page has no section for are the spec's, not the page's.
    expect(fixtureNames.filter((n) => methodNames(spec).includes(n)).length).toBeGreaterThan(fixtureNames.length - 5);
  });

  it('reports exactly the methods the fixture adds and the ones it misses', () => {
    const r = run(root, 'spec-diff.ts', fixture, '--json');
    const spec = loadSpec(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as DiffJson;
    const e = expected(spec);
    expect(out.listed.methods).toBe(fixtureNames.length);
    expect(out.notInSpec.map((m) => m.name)).toEqual(e.notInSpec);
    expect(out.notListed).toEqual(e.notListed);
    expect(out.deprecatedNotListed).toEqual(e.deprecatedNotListed);
    for (const m of out.notInSpec)
      expect(m.url).toBe(`https://apiok.ru/dev/methods/rest/${parseMethodName(m.name)!.group}/${m.name}`);

    const text = run(root, 'spec-diff.ts', fixture);
    expect(text.status).toBe(0);
    for (const n of [...e.notInSpec, ...e.notListed, ...e.deprecatedNotListed]) expect(text.stdout).toContain(`  ${n}`);
    expect(text.stdout).toContain('Deprecated in the spec, not on apiok.ru (expected)');
  });

  it('after spec:add of what the page adds, nothing is missing from the spec', () => {
    const dir = tempProject();
    const before = JSON.parse(run(dir, 'spec-diff.ts', fixture, '--json').stdout) as DiffJson;
    expect(before.notInSpec.length).toBeGreaterThan(0);
    for (const m of before.notInSpec) expect(run(dir, 'spec-add.ts', m.name).status).toBe(0);
    const after = JSON.parse(run(dir, 'spec-diff.ts', fixture, '--json').stdout) as DiffJson;
    expect(after.notInSpec).toEqual([]);
    expect(after.notListed).toEqual(before.notListed);
  });

  it('fetches the page when given a URL', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/dev/methods/rest/')
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixtureHtml);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const [fromUrl, missing] = await Promise.all([
        runAsync(root, 'spec-diff.ts', `${base}/dev/methods/rest/`, '--json'),
        runAsync(root, 'spec-diff.ts', `${base}/nope`),
      ]);
      const fromFile = JSON.parse(run(root, 'spec-diff.ts', fixture, '--json').stdout) as DiffJson & {
        source?: string;
      };
      expect(fromUrl.status).toBe(0);
      const url = JSON.parse(fromUrl.stdout) as DiffJson & { source?: string };
      expect({ ...url, source: undefined }).toEqual({ ...fromFile, source: undefined });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('HTTP 404');
    } finally {
      server.close();
    }
  });

  it('exits 1 when the page cannot be read, or lists no method', () => {
    const dir = tempProject();
    const absent = run(dir, 'spec-diff.ts', join(dir, 'no-such-page.html'));
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('could not read (ENOENT)');
    writeFileSync(
      join(dir, 'empty.html'),
      '<html><body><a href="/dev/methods/rest/users/">users</a> users.getInfo</body></html>',
    );
    const empty = run(dir, 'spec-diff.ts', join(dir, 'empty.html'));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('lists no method');
    expect(run(dir, 'spec-diff.ts').status).toBe(1);
  });
});

describe('reading an apiok.ru index', () => {
  it('takes method links and unlinked items of method lists, nothing else', () => {
    const html = `<!DOCTYPE html><html><head><script>var x = '<a href="/dev/methods/rest/users/users.fromScript">';</script></head><body>
      <nav><ul><li><a href="/dev/methods/rest/users/">users</a></li><li><a href="/dev/">Документация</a></li></ul></nav>
      <p>Например, <code>users.inProse</code> и <a href="https://example.com/dev/methods/rest/users/users.elsewhere">копия</a>.</p>
      <ul><li>fb.do</li><li>Ответ в JSON</li></ul>
      <ul>
        <li><a href="/dev/methods/rest/users/users.getInfo">users.getInfo</a></li>
        <li><a href="https://apiok.ru/dev/methods/rest/users/users.getCurrentUser#params">users.getCurrentUser</a></li>
        <li><a href="/en/dev/methods/rest/friends/friends.get/">friends.get</a></li>
        <li><a href="/dev/methods/rest/users/friends.getOnline">mismatched group</a></li>
        <li><a href="/dev/methods/rest/vk.notifications/vk.notifications.sendMessage">vk.notifications.sendMessage</a></li>
        <li> users.getNoPage </li>
        <li><a href="/dev/methods/rest/users/users.getInfo">users.getInfo</a> again</li>
      </ul></body></html>`;
    expect(readApiokIndex(html).map((m) => [m.name, m.url])).toEqual([
      ['users.getInfo', 'https://apiok.ru/dev/methods/rest/users/users.getInfo'],
      ['users.getCurrentUser', 'https://apiok.ru/dev/methods/rest/users/users.getCurrentUser'],
      ['friends.get', 'https://apiok.ru/en/dev/methods/rest/friends/friends.get/'],
      [
        'vk.notifications.sendMessage',
        'https://apiok.ru/dev/methods/rest/vk.notifications/vk.notifications.sendMessage',
      ],
      ['users.getNoPage', undefined],
    ]);
  });
});
