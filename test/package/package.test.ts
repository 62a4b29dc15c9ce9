// The published package as a new user meets it: `npm pack` (which builds dist/), unpacked into the node_modules of
// small consumer projects, then type-checked with skipLibCheck off (every declaration okru ships is checked) and run:
// a CommonJS TypeScript project, a browser-only one (DOM lib, no @types/node), an ES module one; require() of every
// entry; and what the tarball holds and weighs. The checks of arethetypeswrong and publint run in CI beside it.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let work: string;
let tarball: string;
let unpacked: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'okru-package-'));
  // Built first and packed without scripts: the build's own output (tsup, esbuild warnings such as `[WARNING]`) would
  // otherwise share stdout with the JSON that `npm pack --json` prints.
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  tarball = join(work, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A consumer project with okru installed from the tarball (its dependencies linked from this checkout). */
function project(name: string, files: Record<string, string>, packageJson: object): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(join(unpacked, 'package'), join(dir, 'node_modules/okru'), { recursive: true });
  symlinkSync(join(root, 'node_modules/spark-md5'), join(dir, 'node_modules/spark-md5'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...packageJson }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function typecheck(dir: string): string {
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

/** Runs Node in a consumer project and returns what it printed. */
function node(dir: string, ...args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
}

const USE = `const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }));
export const call = ok.users.getInfo({ uids: ['1'], fields: ['first_name'] }, { timeout: 5000 });
export const fn = usersGetInfo(ok, { uids: ['1'], fields: ['first_name'] });
export const login = ImplicitSession;
export const options: APIOptions = { timeout: 1000 };
`;

describe('the published package', () => {
  /**
   * A signed call and a moment upload against the mock, from the built package: the mock refuses a wrong signature, and
   * the upload's module is loaded on its first call.
   */
  const SIGNED_CALL_AND_UPLOAD = `const mock = await createMockServer();
const app = DEMO_CONFIG.apps[0]!;
const ok = new API(new ServerSession({ ...app, accessToken: DEMO_CONFIG.users[0]!.accessToken! }), { baseUrl: mock.url });
console.log(JSON.stringify(await ok.friends.get()));
const moment = await uploadMoment(ok, { data: new Uint8Array(10), name: 'a.jpg', type: 'image/jpeg' });
console.log(moment.photoId.startsWith('mockmoment'), moment.token.length > 0);
await mock.close();
`;
  const CALLED_AND_UPLOADED = '["575662066927","575662066928"]\ntrue true\n';

  it('a CommonJS TypeScript project type-checks every declaration (skipLibCheck off) and require()s every entry', () => {
    const dir = project(
      'cjs',
      {
        'index.ts': `import { API, ServerSession, type APIOptions } from 'okru';\nimport { usersGetInfo } from 'okru/methods';\nimport { ImplicitSession } from 'okru/login';\nimport { createMockServer } from 'okru/mock';\nimport { RedisStore } from 'okru/redis';\n${USE}export const mock = createMockServer;\nexport const redis = RedisStore;\n`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'node16',
            moduleResolution: 'node16',
            target: 'ES2022',
            skipLibCheck: false,
            noEmit: true,
            types: ['node'],
          },
          files: ['index.ts'],
        }),
      },
      { type: 'commonjs' },
    );
    symlinkSync(join(root, 'node_modules/@types'), join(dir, 'node_modules/@types'));
    expect(typecheck(dir)).toBe('');
    const loaded = node(
      dir,
      '-e',
      "for (const e of ['okru', 'okru/methods', 'okru/login', 'okru/mock', 'okru/redis']) console.log(e, Object.keys(require(e)).length > 0)",
    );
    expect(loaded).toBe('okru true\nokru/methods true\nokru/login true\nokru/mock true\nokru/redis true\n');
    const sameSession = node(
      dir,
      '-e',
      "const { API } = require('okru'); const { ImplicitSession } = require('okru/login'); new API(new ImplicitSession({ appId: 1, appKey: 'k', login: 'l', password: 'p' })); console.log('one Session class')",
    );
    expect(sameSession).toBe('one Session class\n');
    const sameErrors = node(
      dir,
      '-e',
      "const { OkConfigError } = require('okru'); try { new (require('okru/redis').RedisStore)({}) } catch (e) { console.log(e instanceof OkConfigError) }",
    );
    expect(sameErrors).toBe('true\n');
    // The CommonJS build signs (spark-md5, run on the first hash) and loads the upload on its first call (import()).
    writeFileSync(
      join(dir, 'run.cjs'),
      `const { API, ServerSession, uploadMoment } = require('okru');\nconst { createMockServer, DEMO_CONFIG } = require('okru/mock');\n(async () => {\n${SIGNED_CALL_AND_UPLOAD.replace(/!/g, '')}})();\n`,
    );
    expect(node(dir, 'run.cjs')).toBe(CALLED_AND_UPLOADED);
  });

  it('a browser-only project (DOM lib, no @types/node, skipLibCheck off) type-checks', () => {
    const dir = project(
      'browser',
      {
        'index.ts': `import { API, ClientSession } from 'okru';\nimport { friendsGet } from 'okru/methods';\nconst ok = new API(new ClientSession({ appId: 1, appKey: 'k', accessToken: 't', sessionSecretKey: 's' }));\nexport const a = ok.friends.get({}, { signal: AbortSignal.timeout(1000) });\nexport const b = friendsGet(ok);\n`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'ESNext',
            moduleResolution: 'bundler',
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            types: [],
            skipLibCheck: false,
            noEmit: true,
          },
          files: ['index.ts'],
        }),
      },
      { type: 'module' },
    );
    expect(typecheck(dir)).toBe('');
  });

  it('an ES module project type-checks and runs a call against the mock', () => {
    const dir = project(
      'esm',
      {
        'index.ts': `import { API, ServerSession, uploadMoment } from 'okru';\nimport { createMockServer, DEMO_CONFIG } from 'okru/mock';\n${SIGNED_CALL_AND_UPLOAD}`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            skipLibCheck: false,
            outDir: 'out',
            types: ['node'],
          },
          files: ['index.ts'],
        }),
      },
      { type: 'module' },
    );
    symlinkSync(join(root, 'node_modules/@types'), join(dir, 'node_modules/@types'));
    expect(typecheck(dir)).toBe('');
    expect(node(dir, 'out/index.js')).toBe(CALLED_AND_UPLOADED);
  });

  it("the `okru` command, as npm links it from package.json's bin, runs from the tarball alone", () => {
    const dir = project('bin', {}, {});
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/okru/package.json'), 'utf8')) as {
      bin: { okru: string };
    };
    const help = node(dir, join(dir, 'node_modules/okru', pkg.bin.okru), '--help');
    expect(help).toMatch(/^Usage: okru <command> \[options\]/);
    const methods = node(dir, join(dir, 'node_modules/okru', pkg.bin.okru), 'methods', 'video');
    expect(methods).toContain('video.update');
  });

  it('arethetypeswrong finds no problem for any entry, in any resolution; publint finds nothing, even strict', () => {
    const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    const report = JSON.parse(
      execFileSync(process.execPath, [attw, tarball, '--format', 'json'], { encoding: 'utf8' }),
    ) as { problems: Record<string, unknown>; analysis: { entrypoints: Record<string, unknown> } };
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([
      '.',
      './login',
      './methods',
      './mock',
      './package.json',
      './redis',
    ]);
    const publint = join(root, 'node_modules/publint/src/cli.js');
    expect(execFileSync(process.execPath, [publint, 'run', tarball, '--strict'], { encoding: 'utf8' })).toContain(
      'All good!',
    );
  });

  it("import 'okru' reads two files: its entry and the one chunk that every library entry shares", () => {
    // Each file costs Node's loader about 0.4 ms of a cold import (BENCHMARKS.md, "Cold import"): tsup.config.ts
    // makes esbuild put the shared modules in one chunk, and the uploads load on first use (import(), not followed).
    const dist = join(unpacked, 'package/dist');
    const staticImports = (file: string): string[] =>
      [...readFileSync(join(dist, file), 'utf8').matchAll(/\b(?:from|import)\s*["']\.\/([^"']+)["']/g)].map(
        (m) => m[1]!,
      );
    const reads = (entry: string): string[] => {
      const seen = new Set([entry]);
      for (const file of seen) for (const next of staticImports(file)) seen.add(next);
      return [...seen];
    };
    const index = reads('index.js');
    expect(index).toHaveLength(2);
    for (const entry of ['methods.js', 'login.js', 'redis.js']) expect(reads(entry)).toEqual([entry, index[1]]);
  });

  it('holds dist/, the README and the LICENSE only, without source maps or a second copy of the declarations', () => {
    const files = (readdirSync(join(unpacked, 'package'), { recursive: true }) as string[]).filter((f) =>
      statSync(join(unpacked, 'package', f)).isFile(),
    );
    expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // One set of declarations (dist/types/) for both formats; the entries' .d.ts and .d.cts only re-export it.
    expect(files.filter((f) => /\.d\.c?ts$/.test(f) && !f.startsWith('dist/types/')).sort()).toEqual(
      ['index', 'login', 'methods', 'mock', 'redis'].flatMap((e) => [`dist/${e}.d.cts`, `dist/${e}.d.ts`]),
    );
  });
});
