// Bundle size of a one-call app, as a user's bundler would build it from the published package (dist/): esbuild,
// minified, for the browser, then gzip -9; with okru's own code apart from its dependencies (esbuild's metafile).
// Compared with ky + spark-md5 alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const out = join(root, 'bench/.out');

const ENTRIES = {
  'full API, one call': `import { API, ServerSession } from 'okru';
const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }));
ok.users.getInfo({ uids: ['1'], fields: ['name'] }).then(console.log);`,
  'one method function': `import { Client, ServerSession } from 'okru';
import { usersGetInfo } from 'okru/methods';
const client = new Client(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }));
usersGetInfo(client, { uids: ['1'], fields: ['name'] }).then(console.log);`,
  'ky + spark-md5 alone': `import ky from 'ky';
import SparkMD5 from 'spark-md5';
ky.get('https://api.ok.ru/fb.do?sig=' + SparkMD5.hash('x')).json().then(console.log);`,
} as const;

export interface SizeResult {
  name: string;
  min: number;
  gzip: number;
  /** Minified bytes of okru's own code in the bundle (everything but node_modules). */
  own: number;
}

export async function measureSizes(): Promise<SizeResult[]> {
  mkdirSync(out, { recursive: true });
  const results: SizeResult[] = [];
  for (const [name, code] of Object.entries(ENTRIES)) {
    const entry = join(out, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(entry, code);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      // Resolve 'okru' to the built package, as an installed copy would.
      alias: { 'okru/methods': join(root, 'dist/methods.js'), okru: join(root, 'dist/index.js') },
      logLevel: 'error',
    });
    const bytes = result.outputFiles[0]!.contents;
    const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
    // spark-md5 is bundled into dist/, so its bytes are counted by its own marker rather than by path.
    const own = Object.entries(inputs)
      .filter(([path]) => !path.includes('node_modules') && !path.startsWith('bench/'))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    results.push({ name, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, own });
  }
  return results;
}
