// Cold import time of the package entry (the built ESM, as users load it), each sample in a fresh Node process.
// Compared with importing ky itself, the HTTP layer okru used to load on its first call.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function sample(specifier: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function measureImport(runs = 15): { okru: number; ky: number } {
  const okru: number[] = [];
  const ky: number[] = [];
  for (let i = 0; i < runs; i++) {
    okru.push(sample(join(root, 'dist/index.js')));
    ky.push(sample('ky'));
  }
  return { okru: median(okru), ky: median(ky) };
}
