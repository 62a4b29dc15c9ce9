// The documents (README.md, CONTRIBUTING.md, ARCHITECTURE.md, BENCHMARKS.md) stay true to the code they describe:
// their TypeScript examples compile against the package as users import it ('okru'), every npm script they tell
// people to run exists, and their links lead somewhere. npm shows README.md alone (the package holds no other
// document), so its links to the rest of the repository must be absolute, to the repository package.json names.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'test/.readme');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCS = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', 'BENCHMARKS.md'] as const;
const read = (doc: string) => readFileSync(join(root, doc), 'utf8');

const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; repository: { url: string } };
/** `git+https://github.com/okru-sdk/okru.git` → `https://github.com/okru-sdk/okru/blob/main/`. */
const BLOB = `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/`;

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The text outside fenced code blocks, where headings and links are. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Every link target of a document's prose: `[text](target)`. */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** What is wrong with a link to a path of the repository (and maybe an anchor in it), or undefined. */
function repoLinkProblem(path: string, anchor: string | undefined): string | undefined {
  const file = path.replace(/\/$/, '');
  if (!existsSync(join(root, file))) return `${file} does not exist`;
  if (anchor !== undefined && file.endsWith('.md') && !anchors(read(file)).has(anchor))
    return `${file} has no heading #${anchor}`;
  return undefined;
}

describe('the documents', () => {
  it('every ts example type-checks', () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const doc of DOCS) {
      const blocks = tsBlocks(read(doc));
      if (doc === 'README.md') expect(blocks.length).toBeGreaterThan(5);
      blocks.forEach((code, i) => {
        const file = join(dir, `${doc.replace(/\.md$/, '').toLowerCase()}-${i}.ts`);
        // Each block is its own module.
        writeFileSync(file, `${code}\nexport {};\n`);
        files.push(file);
      });
    }
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram(files, { ...config.options, noUnusedLocals: false });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => `${d.file!.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  it('every `npm run <script>` they mention is a script of package.json', () => {
    const mentioned = new Map<string, string>();
    for (const doc of DOCS)
      for (const m of read(doc).matchAll(/npm run (?:-s )?([a-z][a-z:-]*)/g)) mentioned.set(m[1]!, doc);
    expect(mentioned.size).toBeGreaterThan(5);
    expect(
      [...mentioned].filter(([name]) => !(name in pkg.scripts)).map(([name, doc]) => `${doc}: npm run ${name}`),
    ).toEqual([]);
    // The README's two commands: the tour and the tests.
    const readme = read('README.md');
    for (const name of ['start', 'test']) {
      expect(readme).toContain(`npm ${name}`);
      expect(pkg.scripts).toHaveProperty(name);
    }
  });

  it("the README's links work on npm: anchors within it, absolute links to the repository's files", () => {
    const readme = read('README.md');
    const own = anchors(readme);
    const problems: string[] = [];
    for (const target of links(readme)) {
      if (target.startsWith('#')) {
        if (!own.has(target.slice(1))) problems.push(`${target}: no such heading`);
      } else if (target.startsWith(BLOB)) {
        const [path, anchor] = target.slice(BLOB.length).split('#');
        const problem = repoLinkProblem(path!, anchor);
        if (problem) problems.push(`${target}: ${problem}`);
      } else if (!/^https?:\/\//.test(target)) {
        problems.push(`${target}: relative, and npm shows the README alone; link to ${BLOB}<path>`);
      }
    }
    expect(problems).toEqual([]);
    // The documents the README sends readers to.
    for (const doc of DOCS.slice(1)) expect(readme).toContain(`${BLOB}${doc}`);
  });

  it('the other documents link to files and headings that exist', () => {
    const problems: string[] = [];
    for (const doc of DOCS.slice(1)) {
      for (const target of links(read(doc))) {
        if (/^https?:\/\//.test(target)) continue;
        const [path, anchor] = target.split('#');
        const problem = path
          ? repoLinkProblem(path, anchor)
          : anchors(read(doc)).has(anchor!)
            ? undefined
            : `no heading #${anchor}`;
        if (problem) problems.push(`${doc}: ${target}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
