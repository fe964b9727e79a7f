/**
 * The JavaScript the face worker runs: face-worker-entry.ts bundled, tfjs included, into one CommonJS string,
 * started with `new Worker(source, { eval: true })` (the same pattern and reasons as
 * ../imaging/decode-worker-source.ts). From source this module bundles the entry with esbuild once per process;
 * `npm run build` replaces the whole module with the string bundled at build time (scripts/build.mjs,
 * `inlineWorkers`, same options), so the built app never loads esbuild and ships no tfjs package.
 */
import { bundleWorkerEntry } from '../util/bundle-worker-entry';

let cached: string | undefined;

export function faceWorkerSource(): string {
  cached ??= bundleWorkerEntry(new URL('./face-worker-entry.ts', import.meta.url), 'face worker');
  return cached;
}
