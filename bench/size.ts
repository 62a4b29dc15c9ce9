// Bundle size of a one-call app, as a user's bundler would build it from the published package (dist/): esbuild,
// minified, for the browser, then gzip -9. Compared with ky + spark-md5 alone.
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
  'one method function': `import { Client, ServerSession, usersGetInfo } from 'okru';
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
      // Resolve 'okru' to the built package, as an installed copy would.
      alias: { okru: join(root, 'dist/index.js') },
      logLevel: 'error',
    });
    const bytes = result.outputFiles[0]!.contents;
    results.push({ name, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return results;
}
