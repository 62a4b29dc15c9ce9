import { mkdirSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { defineConfig } from 'tsup';

// `okru`, `okru/login`, `okru/redis`, `okru/mock` and the `okru` command share their modules through chunks
// (splitting, for CommonJS too), so that the login sessions and the API see one Session class and one set of error
// classes, and the package carries the core once. `okru/methods` imports nothing at run time (each function hands its
// row to the client it is given), so it stands alone, and `import 'okru'` does not load its chunk of every row twice.
// spark-md5 is CommonJS: bundled, it skips Node's CommonJS loader at import.
// Whitespace is minified (names are kept, for stack traces), and there are no source maps: the package stays small.
const entry = {
  index: 'src/index.ts',
  methods: 'src/methods.ts',
  login: 'src/login.ts',
  mock: 'src/mock/index.ts',
  redis: 'src/redis.ts',
};
const common = {
  target: 'node20',
  sourcemap: false,
  treeshake: true,
  splitting: true,
  minifyWhitespace: true,
  minifySyntax: true,
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
  mkdirSync('dist/types', { recursive: true });
  writeFileSync('dist/types/package.json', '{ "type": "commonjs" }\n');
  for (const [name, source] of Object.entries(entry)) {
    const text = `export * from './types/${source.replace(/\.ts$/, '.js')}';\n`;
    writeFileSync(`dist/${name}.d.ts`, text);
    writeFileSync(`dist/${name}.d.cts`, text);
  }
}

// okru/redis shares the core's chunks too: its StoreError is the one `okru` exports. It brings no Redis client.
const client = { index: entry.index, login: entry.login, redis: entry.redis };
const methods = { methods: entry.methods };

export default defineConfig([
  {
    ...common,
    format: ['esm'],
    noExternal: ['spark-md5'],
    clean: true,
    entry: { ...client, mock: entry.mock, cli: 'src/cli/main.ts' },
  },
  { ...common, format: ['esm'], entry: methods },
  {
    ...common,
    format: ['cjs'],
    noExternal: ['spark-md5'],
    entry: { ...client, mock: entry.mock },
  },
  { ...common, format: ['cjs'], entry: methods, onSuccess: async () => emitDeclarations() },
]);
