/**
 * The JavaScript a decode worker runs: decode-worker-entry.ts bundled into one CommonJS string, started with
 * `new Worker(source, { eval: true })`. A string rather than a worker file, because the same code must start from
 * the TypeScript sources (vitest, tsx: no .js file exists, and a plain worker thread cannot load .ts), from the
 * esbuild bundles in out/main and out/cli (a worker file would be a second build output to locate), and from inside
 * the app's asar archive (no loose file to resolve or unpack).
 *
 * From source this module bundles the entry with esbuild (a devDependency) once per process. `npm run build`
 * replaces the whole module with the string bundled at build time (scripts/build.mjs, `inlineWorkers`, same
 * options as here), so the built app never loads esbuild.
 */
import { bundleWorkerEntry } from '../util/bundle-worker-entry';

let cached: string | undefined;

export function decodeWorkerSource(): string {
  cached ??= bundleWorkerEntry(new URL('./decode-worker-entry.ts', import.meta.url), 'decode worker');
  return cached;
}
