import { defineConfig } from 'tsup';

// ESM keeps p-throttle a dependency (it loads lazily, on first use); CommonJS bundles it, since it is ESM-only and
// cannot be require()d on Node 20. spark-md5 is CommonJS: bundled, it skips Node's CommonJS loader at import, which
// costs about 4 ms (bench/import-time.ts).
const common = { target: 'node20', dts: true, sourcemap: true, treeshake: true } as const;

export default defineConfig([
  // The package entry in one file: shared chunks would cost extra module loads at import.
  { ...common, entry: { index: 'src/index.ts' }, format: ['esm'], noExternal: ['spark-md5'], clean: true },
  // okru/mock and the `okru` command (package.json's bin), Node-only, sharing chunks between them.
  { ...common, entry: { mock: 'src/mock/index.ts', cli: 'src/cli/main.ts' }, format: ['esm'], platform: 'node', noExternal: ['spark-md5'] },
  { ...common, entry: { index: 'src/index.ts' }, format: ['cjs'], noExternal: ['p-throttle'] },
]);
