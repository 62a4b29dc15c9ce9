// `npm run generate`: spec/ → generated/.  `npm run generate -- --check`: exit 1 and list the files when generated/
// differs from what the spec gives (CI runs this).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { loadSpec, SpecError } from './load-spec.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'generated');
const check = process.argv.includes('--check');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

async function main(): Promise<void> {
  const started = performance.now();
  let files: Map<string, string>;
  try {
    files = await generate(loadSpec(root));
  } catch (err) {
    if (err instanceof SpecError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const existing = listFiles(outDir);
  const stale = existing.filter((f) => !files.has(f));
  const changed = [...files]
    .filter(([path, text]) => !existsSync(join(outDir, path)) || readFileSync(join(outDir, path), 'utf8') !== text)
    .map(([p]) => p);

  if (check) {
    if (changed.length || stale.length) {
      console.error('generated/ is out of date with spec/. Run `npm run generate` and commit the result.');
      for (const f of changed)
        console.error(`  ${existsSync(join(outDir, f)) ? 'differs' : 'missing'}: generated/${f}`);
      for (const f of stale) console.error(`  not generated from the spec: generated/${f}`);
      process.exit(1);
    }
    console.log(`generated/ is up to date (${files.size} files).`);
  } else {
    for (const f of stale) rmSync(join(outDir, f));
    for (const f of changed) {
      mkdirSync(dirname(join(outDir, f)), { recursive: true });
      writeFileSync(join(outDir, f), files.get(f)!);
    }
    const ms = Math.round(performance.now() - started);
    console.log(
      `generated/: ${files.size} files from the spec, ${changed.length} written, ${stale.length} removed (${ms} ms).`,
    );
  }
}

void main();
