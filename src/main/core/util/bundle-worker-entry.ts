/**
 * Bundles a worker entry (TypeScript) into one CommonJS string for `new Worker(source, { eval: true })`, when
 * running from source (vitest, tsx). Used by the *-worker-source modules, which `npm run build` replaces with the
 * string bundled at build time (scripts/build.mjs `inlineWorkers`, same options), so the built app never loads
 * esbuild (a devDependency).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

export function bundleWorkerEntry(entry: URL, name: string): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no ${name} bundle`);
  return output.text;
}
