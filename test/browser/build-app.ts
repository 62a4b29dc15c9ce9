// Bundles app.ts for the browser, as an app's own bundler would: okru from its sources (the `okru-source` export
// condition of package.json), platform browser, ESM, in memory. The metafile lets the test see every import.
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

export interface BuiltApp {
  js: string;
  metafile: Metafile;
}

export async function buildApp(): Promise<BuiltApp> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'app.ts')],
    absWorkingDir: join(import.meta.dirname, '../..'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['okru-source'],
    write: false,
    outfile: 'app.js',
    metafile: true,
    logLevel: 'silent',
  });
  return { js: result.outputFiles[0]!.text, metafile: result.metafile };
}

/** Every import the bundle's inputs and output make that esbuild did not bundle or that names a Node module. */
export function nodeOnlyImports(metafile: Metafile): string[] {
  const imports = [
    ...Object.entries(metafile.inputs).flatMap(([file, input]) => input.imports.map((i) => ({ from: file, ...i }))),
    ...Object.entries(metafile.outputs).flatMap(([file, output]) => output.imports.map((i) => ({ from: file, ...i }))),
  ];
  return imports.filter((i) => i.external || i.path.startsWith('node:')).map((i) => `${i.from} imports ${i.path}`);
}
