// Builds the three Electron targets and the CLI: main (ESM) and the CLI with esbuild, the preload bundled to
// CommonJS (a sandboxed preload cannot load ES modules or require project files), and the renderer with Vite.
// Usage: node scripts/build.mjs [main|preload|cli|renderer]...
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';
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

/** esbuild options per Node target, shared with scripts/dev.mjs (which watches them). */
export const esbuildTargets = {
  main: () => ({
    ...node,
    format: 'esm',
    entryPoints: { index: 'src/main/app/main.ts' },
    outdir: 'out/main',
    external: ['electron'],
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
  cli: () => ({ ...node, format: 'esm', entryPoints: { main: 'src/cli/main.ts' }, outdir: 'out/cli' }),
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
