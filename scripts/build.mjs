// Builds the three Electron targets and the CLI: main (ESM) and the CLI with esbuild, the preload bundled to
// CommonJS (a sandboxed preload cannot load ES modules or require project files), and the renderer with Vite.
// Usage: node scripts/build.mjs [main|preload|cli|renderer]...
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const wanted = new Set(process.argv.slice(2));
const all = wanted.size === 0;

export const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

/**
 * Replaces src/main/core/imaging/decode-worker-source.ts (which bundles the decode worker with esbuild at run time when
 * started from source) with the same bundle as a string, so the built app runs the worker without esbuild and
 * without a worker file of its own (see that module for why). Watch mode rebuilds when the worker's inputs change.
 */
export const inlineDecodeWorker = {
  name: 'inline-decode-worker',
  setup(context) {
    context.onLoad(
      { filter: /[\\/]src[\\/]main[\\/]core[\\/]imaging[\\/]decode-worker-source\.ts$/ },
      async () => {
        const worker = await build({
          entryPoints: ['src/main/core/imaging/decode-worker-entry.ts'],
          absWorkingDir: root,
          bundle: true,
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          write: false,
          metafile: true,
          logLevel: 'warning',
        });
        const source = JSON.stringify(worker.outputFiles[0].text);
        return {
          contents: `export function decodeWorkerSource() {\n  return ${source};\n}\n`,
          loader: 'js',
          watchFiles: Object.keys(worker.metafile.inputs).map((file) => path.join(root, file)),
        };
      },
    );
  },
};

/** esbuild options per Node target, shared with scripts/dev.mjs (which watches them). */
export const esbuildTargets = {
  main: () => ({
    ...node,
    format: 'esm',
    entryPoints: { index: 'src/main/app/main.ts' },
    outdir: 'out/main',
    external: ['electron'],
    plugins: [inlineDecodeWorker],
  }),
  preload: () => ({
    ...node,
    format: 'cjs',
    packages: undefined,
    external: ['electron'],
    entryPoints: { index: 'src/preload/index.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'out/preload',
  }),
  cli: () => ({
    ...node,
    format: 'esm',
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: 'out/cli',
    plugins: [inlineDecodeWorker],
  }),
};

const targets = {
  main: () => build(esbuildTargets.main()),
  preload: () => build(esbuildTargets.preload()),
  cli: () => build(esbuildTargets.cli()),
  renderer: () => viteBuild({ configFile: `${root}vite.config.ts`, logLevel: 'warn' }),
};

async function main() {
  for (const [name, run] of Object.entries(targets)) {
    if (!all && !wanted.has(name)) continue;
    const started = Date.now();
    await rm(`${root}out/${name}`, { recursive: true, force: true });
    await run();
    console.log(`built ${name} in ${Date.now() - started} ms`);
  }
}

// Run only as a script: scripts/dev.mjs imports the options above.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
