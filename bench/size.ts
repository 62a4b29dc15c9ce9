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

// spark-md5 alone: dist/ bundles it into a chunk, so okru's own code is the bundle less this.
const SPARK_MD5_ALONE = `import SparkMD5 from 'spark-md5';
console.log(SparkMD5.hash('x'));`;

export interface SizeResult {
  name: string;
  min: number;
  gzip: number;
  /** Minified bytes of okru's own code in the bundle: all but its dependencies (for okru, the bundle less spark-md5). */
  own: number;
}

async function bundle(name: string, code: string): Promise<Uint8Array> {
  const entry = join(out, `${name.replace(/\W+/g, '-')}.mjs`);
  writeFileSync(entry, code);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    // Resolve 'okru' to the built package, as an installed copy would.
    alias: { 'okru/methods': join(root, 'dist/methods.js'), okru: join(root, 'dist/index.js') },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.contents;
}

export async function measureSizes(): Promise<SizeResult[]> {
  mkdirSync(out, { recursive: true });
  const sparkMd5 = (await bundle('spark-md5 alone', SPARK_MD5_ALONE)).length;
  const results: SizeResult[] = [];
  for (const [name, code] of Object.entries(ENTRIES)) {
    const bytes = await bundle(name, code);
    const own = name.startsWith('ky') ? 0 : bytes.length - sparkMd5;
    results.push({ name, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, own });
  }
  return results;
}
