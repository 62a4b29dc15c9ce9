// `npm run bench`: builds the package, then prints per-call overhead, bundle sizes and cold import time, with the
// targets of issue #2 beside them. Figures vary with the machine; compare the ratios.
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { measureImport } from './import-time.js';
import { measureOverhead } from './overhead.js';
import { measureSizes } from './size.js';
import { printTypecheck } from './typecheck.js';
import { measureMock } from './mock.js';
import { printSoak, soak } from './soak.js';
import { measureFleet, printFleet } from './fleet.js';
import { measureBulk, measurePaging, printBulk } from './bulk.js';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const kb = (n: number) => (n / 1024).toFixed(1);

if (want('size') || want('import') || want('typecheck')) execSync('npx tsup --silent', { cwd: root, stdio: 'inherit' });

if (want('overhead')) {
  const r = await measureOverhead();
  console.log('\nPer-call overhead (stubbed fetch, median of 15 rounds of 5000 calls)');
  console.table({
    'raw fetch': { 'µs/call': r.rawFetch.toFixed(1), 'vs bare ky': (r.rawFetch / r.bareKy).toFixed(2) },
    'bare ky': { 'µs/call': r.bareKy.toFixed(1), 'vs bare ky': '1.00' },
    okru: { 'µs/call': r.okru.toFixed(1), 'vs bare ky': (r.okru / r.bareKy).toFixed(2), target: '≤ 1.10' },
  });
}

if (want('size')) {
  const sizes = await measureSizes();
  const targets: Record<string, string> = {
    'full API, one call': '≤ 40 / 12 KB',
    'one method function': 'own ≤ 9 KB',
  };
  console.log('\nBundle size (esbuild --minify, browser, gzip -9)');
  console.table(
    Object.fromEntries(
      sizes.map((s) => [
        s.name,
        {
          'min KB': kb(s.min),
          'gzip KB': kb(s.gzip),
          'okru own KB': s.own ? kb(s.own) : '',
          target: targets[s.name] ?? '',
        },
      ]),
    ),
  );
}

if (want('import')) {
  const r = measureImport();
  console.log('\nCold import (fresh process, median of 15)');
  console.table({
    'okru (dist/index.js)': { ms: r.okru.toFixed(1), target: '≤ 10' },
    'ky alone (for reference: okru no longer loads it)': { ms: r.ky.toFixed(1) },
  });
}

if (want('typecheck')) printTypecheck();

if (want('mock')) {
  const r = await measureMock();
  console.log(
    '\nMock server (start-up median of 10; signed friends.get from 16 keep-alive clients in the same process for 3 s)',
  );
  console.table({
    'okru mock': { 'start ms': r.startMs.toFixed(1), 'requests/s': Math.round(r.requestsPerSecond), errors: r.failed },
  });
}

if (want('soak')) printSoak(await soak());

if (want('fleet')) printFleet(await measureFleet());

if (want('bulk') || want('paging')) {
  const callsPerSecond = 100;
  const bulk = want('bulk') ? await measureBulk(callsPerSecond) : [];
  printBulk(bulk, want('paging') ? await measurePaging(callsPerSecond) : undefined, callsPerSecond);
}
