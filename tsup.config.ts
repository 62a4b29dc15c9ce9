import { defineConfig } from 'tsup';

// ESM keeps ky as a dependency (it loads lazily, on the first call); CommonJS bundles it, since ky is ESM-only and
// cannot be require()d on Node 20. spark-md5 is CommonJS: bundled, it skips Node's CommonJS loader at import, which
// costs about 4 ms (bench/import-time.ts).
export default defineConfig([
  {
    // cli: the `okru` command (package.json's bin), built alongside so that it shares the SDK's chunks.
    entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    noExternal: ['spark-md5'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    noExternal: ['ky'],
    treeshake: true,
  },
]);
