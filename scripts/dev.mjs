// `npm run dev`: the renderer from Vite's dev server (hot reload), main and preload rebuilt by esbuild on change
// (Electron restarts), and Electron pointed at the dev server through HEADSHOT_DEV_SERVER_URL. Main trusts that
// origin only when the app is not packaged (src/main/app/main.ts).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { context } from 'esbuild';
import { createServer } from 'vite';
import { esbuildTargets } from './build.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);

// Locate the binary the way the electron package does, without its fallback of downloading one.
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'dev: no Electron binary in node_modules/electron (installed with ELECTRON_SKIP_BINARY_DOWNLOAD?).\n' +
      'Install it with `npx install-electron`, or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD.\n' +
      'Without Electron, `npm run e2e` runs the renderer in Chromium against the real handlers.',
  );
  process.exit(1);
}

const vite = await createServer({ configFile: path.join(root, 'vite.config.ts') });
await vite.listen();
const url = vite.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
console.log(`dev: renderer at ${url}`);

let electron = null;
let restarting = false;
function startElectron() {
  electron = spawn(binary, [root], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, HEADSHOT_DEV_SERVER_URL: url },
  });
  electron.on('exit', (code) => {
    if (restarting) return;
    void shutdown(code ?? 0);
  });
}

async function restartElectron() {
  if (!electron) return startElectron();
  restarting = true;
  electron.once('exit', () => {
    restarting = false;
    startElectron();
  });
  electron.kill();
}

const rebuilt = {
  name: 'restart-electron',
  setup(build) {
    let first = true;
    build.onEnd((result) => {
      if (result.errors.length) return;
      if (first) first = false;
      else void restartElectron();
    });
  },
};
const contexts = await Promise.all(
  ['main', 'preload'].map((name) => context({ ...esbuildTargets[name](), plugins: [rebuilt] })),
);
await Promise.all(contexts.map((c) => c.rebuild()));
await Promise.all(contexts.map((c) => c.watch()));
startElectron();

async function shutdown(code) {
  await Promise.all(contexts.map((c) => c.dispose()));
  await vite.close();
  process.exit(code);
}
process.once('SIGINT', () => {
  electron?.kill();
  void shutdown(0);
});
