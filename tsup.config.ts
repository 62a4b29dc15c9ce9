import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import ts from 'typescript';
import { defineConfig } from 'tsup';

// `okru`, `okru/methods`, `okru/login` and `okru/redis` share their modules through chunks (splitting, for CommonJS
// too; one chunk in the ES build, see oneSharedChunk), so that the login sessions and the API see one Session class and
// one set of error classes, and the package carries the core and the method rows once. The rows are functions
// (generated/rows.ts) in a module apart from the per-method functions (generated/groups/), so that `okru/methods`
// shares the core's chunk of rows while `import 'okru'` loads none of its functions.
// The mock server and the `okru` command are Node programs: they are built once, in CommonJS (sharing its chunks),
// and the ES module `okru/mock` re-exports the CommonJS one, so the package carries the mock once.
// spark-md5 is CommonJS: bundled, it skips Node's CommonJS loader at import (and runs on the first hash).
// No source maps: the package stays small.
const entry = {
  index: 'src/index.ts',
  methods: 'src/methods.ts',
  login: 'src/login.ts',
  mock: 'src/mock/index.ts',
  redis: 'src/redis.ts',
};

/**
 * spark-md5 runs its code when it loads, a self-test included (an MD5 of 'hello'): 0.5 ms of `import 'okru'` for a
 * hash that the first signed call needs, not the import. Bundled as an ES module whose default export's `hash` (all
 * that src/md5.ts uses) runs spark-md5's UMD code, unchanged, on its first call.
 */
const sparkMd5OnFirstHash: Plugin = {
  name: 'spark-md5-on-first-hash',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]spark-md5[\\/]spark-md5\.js$/ }, (args) => ({
      contents: [
        'let SparkMD5;',
        'function load() {',
        '  const module = { exports: {} }, exports = module.exports;',
        readFileSync(args.path, 'utf8'),
        '  return module.exports;',
        '}',
        'export default { hash: (text) => (SparkMD5 ??= load()).hash(text) };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const common = {
  target: 'node20',
  sourcemap: false,
  treeshake: true,
  splitting: true,
  minifyWhitespace: true,
  minifySyntax: true,
  esbuildPlugins: [sparkMd5OnFirstHash],
} as const;

/**
 * Declarations, once for both formats: tsc writes one .d.ts per module to dist/types/, a folder whose package.json
 * says CommonJS, so that CommonJS and ES modules can both import them (types carry no run-time format). Each entry
 * then gets a .d.ts (ESM, as its .js is) and a .d.cts (as its .cjs is) that re-export its module there.
 */
function emitDeclarations(): void {
  const options: ts.CompilerOptions = {
    ...ts.getParsedCommandLineOfConfigFile(
      'tsconfig.json',
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir: 'dist/types',
    rootDir: '.',
    customConditions: [],
  };
  const program = ts.createProgram(Object.values(entry), options);
  const result = program.emit();
  const errors = ts
    .getPreEmitDiagnostics(program)
    .concat(result.diagnostics)
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length)
    throw new Error(
      ts.formatDiagnostics(errors, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => '.',
        getNewLine: () => '\n',
      }),
    );
  pruneUnreachableDeclarations(
    Object.values(entry).map((source) => join('dist/types', source.replace(/\.ts$/, '.d.ts'))),
  );
  mkdirSync('dist/types', { recursive: true });
  writeFileSync('dist/types/package.json', '{ "type": "commonjs" }\n');
  for (const [name, source] of Object.entries(entry)) {
    const text = `export * from './types/${source.replace(/\.ts$/, '.js')}';\n`;
    writeFileSync(`dist/${name}.d.ts`, text);
    writeFileSync(`dist/${name}.d.cts`, text);
  }
}

/**
 * tsc writes a declaration for every module of the program, the mock's request handler and the transport's internals
 * included; users reach only those the entries' declarations import (package.json's exports allow no deeper path).
 * The others go: about a third of the declaration files, and what kept the tarball over its budget.
 */
function pruneUnreachableDeclarations(entries: readonly string[]): void {
  const reached = new Set(entries.map((file) => resolve(file)));
  // `from './x.js'` (import, export), `import('./x.js')` (inline types), a bare `import './x.js'`.
  const specifiers = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const file of reached) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(specifiers))
      reached.add(resolve(dirname(file), specifier!.replace(/\.js$/, '.d.ts')));
  }
  const declarations = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
    );
  for (const file of declarations('dist/types')) if (!reached.has(resolve(file))) rmSync(file);
}

/** The ES module `okru/mock`: the CommonJS build's, whose names Node finds (`exports.name = ...`) for `import`. */
function emitMockModule(): void {
  writeFileSync('dist/mock.js', "export * from './mock.cjs';\n");
}

// okru/redis shares the core's chunks too: its StoreError is the one `okru` exports. It brings no Redis client.
const library = { index: entry.index, methods: entry.methods, login: entry.login, redis: entry.redis };

/**
 * esbuild makes a chunk for each set of entries that reach a module, so `import 'okru'` read six files: its own and
 * five chunks (the rows it shares with `okru/methods`, the sessions with `okru/login`, the store's error with
 * `okru/redis`, the errors with both, esbuild's helpers with all), each costing Node's loader about 0.4 ms. A bare
 * import of the `okru` module added to the other library entries (no code, no names: `sideEffects: false` drops it
 * from the output) makes every module of `okru` reached by all four, so esbuild puts them in one chunk: `import 'okru'`
 * reads two files. The other entries load that chunk whole, as they do when an app imports `okru` beside them (it
 * needs `okru` for a client); bundlers still keep only what is used. The modules `okru` loads on first use (`import()`,
 * src/upload/on-first-call.ts) are entries to esbuild too, and get the same import. The ES build only: the CommonJS
 * one keeps its chunks, shared with the mock and the command.
 */
const reachingOkru = /[\\/]src[\\/](methods|login|redis|upload[\\/](photos|video|moments))\.ts$/;
const oneSharedChunk: Plugin = {
  name: 'one-shared-chunk',
  setup(build) {
    build.onLoad({ filter: reachingOkru }, (args) => ({
      contents: `${readFileSync(args.path, 'utf8')}\nimport ${JSON.stringify(resolve(entry.index))};\n`,
      loader: 'ts',
    }));
  },
};

export default defineConfig([
  {
    ...common,
    format: ['esm'],
    noExternal: ['spark-md5'],
    clean: true,
    entry: library,
    // Bundlers read the ES modules, and drop an unused `const USERS_GET_INFO = usersGetInfoRow()` only when its call
    // is marked pure. esbuild's whitespace minifier removes those marks; Terser (only joining lines, renaming
    // nothing) keeps them.
    minifyWhitespace: false,
    minify: 'terser',
    esbuildPlugins: [...common.esbuildPlugins, oneSharedChunk],
    terserOptions: { compress: false, mangle: false, format: { comments: false, preserve_annotations: true } },
  },
  {
    ...common,
    format: ['cjs'],
    noExternal: ['spark-md5'],
    // Local names shortened in CommonJS only (8 KB less in the package); functions and classes keep their names, for
    // stack traces. The ES modules keep every name: they are what bundlers and readers of dist/ meet.
    minifyIdentifiers: true,
    keepNames: true,
    entry: { ...library, mock: entry.mock, cli: 'src/cli/main.ts' },
    onSuccess: async () => {
      emitMockModule();
      emitDeclarations();
    },
  },
]);
