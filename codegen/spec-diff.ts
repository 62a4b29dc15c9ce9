// `npm run spec:diff -- <dir>`: compares saved apiok.ru method pages (a directory of `<group>.<method>.txt` files in
// the format of test/fixtures/apiok/pages: `# <url>`, `# copies: ...`, then the page's text) with the spec, and lists
// per method what a page says that the spec does not. Exits 0 whatever the differences (a report to review).
//
// `npm run spec:diff -- <file-or-url>`: compares an apiok.ru REST method index (https://apiok.ru/dev/methods/rest/,
// fetched when the argument is an http(s) URL, else read as a saved HTML file) with the spec: the methods the page
// lists that the spec lacks, the spec methods the page does not list, and apart from those the deprecated spec
// methods it does not list (expected). A report, not a check: exits 0 whatever the differences, and 1 only when the
// page cannot be read (missing file, failed download, a page listing no methods at all — a wrong address or a new
// layout would otherwise report every method as missing) or the spec does not load. `--json` prints the same as JSON.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec, SpecError } from './load-spec.js';
import type { Spec } from './spec-model.js';
import { readApiokIndex } from './spec-tools/apiok-index.js';
import { diffIndex } from './spec-tools/index-diff.js';
import { readApiokPage } from './spec-tools/apiok-page.js';
import { diffPages } from './spec-tools/page-diff.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');

function fail(message: string): never {
  console.error(`spec:diff: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2).filter((a) => a !== '--' && a !== '--json');
if (args.length !== 1)
  fail(
    'usage: npm run spec:diff -- <file-or-url> | <pages-dir> [--json]   (for example https://apiok.ru/dev/methods/rest/ or test/fixtures/apiok/pages)',
  );
const source = args[0]!;
const isUrl = /^https?:\/\//i.test(source);
const isDir =
  !isUrl &&
  (() => {
    try {
      return statSync(source).isDirectory();
    } catch {
      return false;
    }
  })();

/** The page's HTML, or exit 1 saying why it cannot be had. */
async function readPage(): Promise<string> {
  if (!isUrl) {
    try {
      return readFileSync(source, 'utf8');
    } catch (err) {
      fail(`${source}: could not read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  try {
    const res = await fetch(source, { headers: { 'accept-language': 'ru' }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) fail(`${source}: HTTP ${res.status} ${res.statusText}`);
    return await res.text();
  } catch (err) {
    const { message, cause } = err as Error & { cause?: { code?: string } };
    fail(`${source}: could not fetch (${message}${cause?.code ? `: ${cause.code}` : ''})`);
  }
}

// No top-level await: the tool also runs from copies of codegen/ outside an ESM package (the tests make such copies).
if (isDir) reportPages();
else void readPage().then(report);

function loadOrFail(): Spec {
  try {
    return loadSpec(root);
  } catch (err) {
    if (err instanceof SpecError) fail(err.message);
    throw err;
  }
}

function reportPages(): void {
  const files = readdirSync(source)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  if (!files.length) fail(`${source}: no saved pages (<group>.<method>.txt)`);
  const pages = files.map((f) => readApiokPage(readFileSync(join(source, f), 'utf8')));
  const unreadable = files.filter((_, i) => !pages[i]!.method);
  if (unreadable.length) fail(`${source}: cannot tell the method of ${unreadable.join(', ')}`);
  const differences = diffPages(pages, loadOrFail());
  if (json) {
    console.log(JSON.stringify({ source, pages: pages.length, differences }, null, 2));
    return;
  }
  const methods = new Set(differences.map((d) => d.method));
  console.log(`${source}: ${pages.length} pages; ${differences.length} differences in ${methods.size} methods.`);
  for (const method of methods) {
    console.log(`\n${method}:`);
    for (const d of differences.filter((x) => x.method === method)) console.log(`  ${d.what}`);
  }
}

function report(html: string): void {
  const listed = readApiokIndex(html, isUrl ? source : undefined);
  if (!listed.length)
    fail(
      `${source}: lists no method (no links to /dev/methods/rest/<group>/<group>.<method>): not an apiok.ru REST index, or its layout changed`,
    );

  const diff = diffIndex(listed, loadOrFail());
  if (json) {
    console.log(JSON.stringify({ source, ...diff }, null, 2));
  } else {
    const width = Math.max(0, ...diff.notInSpec.map((m) => m.name.length));
    const section = (title: string, lines: string[], hint?: string) => {
      console.log(`\n${title} (${lines.length}):`);
      console.log(lines.length ? lines.map((l) => `  ${l}`).join('\n') : '  none');
      if (lines.length && hint) console.log(`  ${hint}`);
    };
    console.log(
      `${source}: ${diff.listed.methods} methods in ${diff.listed.groups} groups; the spec: ${diff.spec.methods} methods in ${diff.spec.groups} groups.`,
    );
    section(
      'On apiok.ru, not in the spec',
      diff.notInSpec.map((m) => `${m.name.padEnd(width)}  ${m.url}`),
      'Add each with: npm run spec:add -- <name>, then fill it from its page.',
    );
    section(
      'In the spec, not on apiok.ru',
      diff.notListed,
      'Renamed or retired by OK? Mark retired ones deprecated (with a note naming the replacement).',
    );
    section('Deprecated in the spec, not on apiok.ru (expected)', diff.deprecatedNotListed);
  }
}
