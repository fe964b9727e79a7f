/**
 * The JavaScript the face worker runs: face-worker-entry.ts bundled, tfjs included, into one CommonJS string,
 * started with `new Worker(source, { eval: true })` (the same pattern and reasons as
 * ../imaging/decode-worker-source.ts). From source this module bundles the entry with esbuild once per process;
 * `npm run build` replaces the whole module with the string bundled at build time (scripts/build.mjs,
 * `inlineWorkers`, same options), so the built app never loads esbuild and ships no tfjs package.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

let cached: string | undefined;

export function faceWorkerSource(): string {
  cached ??= bundleEntry();
  return cached;
}

function bundleEntry(): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./face-worker-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no face worker bundle');
  return output.text;
}
