// Builds the three Electron targets and the CLI: main (ESM) and the CLI with esbuild, the preload bundled to
// CommonJS (a sandboxed preload cannot load ES modules or require project files), and the renderer with Vite.
// Usage: node scripts/build.mjs [main|preload|cli|renderer]...
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { copyFile, mkdir, rm } from 'node:fs/promises';
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
 * The worker threads that run from a string (see src/main/core/imaging/decode-worker-source.ts for why): each
 * `*-source.ts` module bundles its entry with esbuild at run time when started from source; here the module is
 * replaced by the same bundle as a string, so the built app runs the worker without esbuild and without a worker
 * file of its own. The face worker's string carries tfjs inside it: no tfjs package ships.
 */
const inlinedWorkers = [
  {
    source: /[\\/]src[\\/]main[\\/]core[\\/]imaging[\\/]decode-worker-source\.ts$/,
    entry: 'src/main/core/imaging/decode-worker-entry.ts',
    exportName: 'decodeWorkerSource',
  },
  {
    source: /[\\/]src[\\/]main[\\/]core[\\/]faces[\\/]face-worker-source\.ts$/,
    entry: 'src/main/core/faces/face-worker-entry.ts',
    exportName: 'faceWorkerSource',
  },
];

/** Inlines every worker in `inlinedWorkers`. Watch mode rebuilds when a worker's inputs change. */
export const inlineWorkers = {
  name: 'inline-workers',
  setup(context) {
    for (const { source, entry, exportName } of inlinedWorkers) {
      context.onLoad({ filter: source }, async () => {
        const worker = await build({
          entryPoints: [entry],
          absWorkingDir: root,
          bundle: true,
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          write: false,
          metafile: true,
          logLevel: 'warning',
        });
        const text = JSON.stringify(worker.outputFiles[0].text);
        return {
          contents: `export function ${exportName}() {\n  return ${text};\n}\n`,
          loader: 'js',
          watchFiles: Object.keys(worker.metafile.inputs).map((file) => path.join(root, file)),
        };
      });
    }
  },
};

/**
 * The face model and the WebAssembly runtime, copied from their npm packages to out/face/ (beside out/main and
 * out/cli, where src/main/core/faces/face-assets.ts looks) after each main or CLI build. electron-builder ships
 * out/face/** unpacked from the asar.
 */
export const faceAssetFiles = [
  ['node_modules/@vladmandic/human/models', ['blazeface.json', 'blazeface.bin']],
  [
    'node_modules/@tensorflow/tfjs-backend-wasm/dist',
    // Not the threaded build: the face worker runs tfjs on one thread.
    ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'],
  ],
];

export const copyFaceAssets = {
  name: 'copy-face-assets',
  setup(context) {
    context.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const target = path.join(root, 'out/face');
      await mkdir(target, { recursive: true });
      for (const [dir, files] of faceAssetFiles)
        for (const file of files) await copyFile(path.join(root, dir, file), path.join(target, file));
    });
  },
};

/** esbuild options per Node target, shared with scripts/dev.mjs (which watches them). */
export const esbuildTargets = {
  main: () => ({
    ...node,
    format: 'esm',
    entryPoints: { index: 'src/main/app/entry.ts' },
    outdir: 'out/main',
    external: ['electron'],
    plugins: [inlineWorkers, copyFaceAssets],
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
    entryPoints: { main: 'src/cli/main.ts', index: 'src/cli/index.ts' },
    outdir: 'out/cli',
    plugins: [inlineWorkers, copyFaceAssets],
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
