/**
 * The Electron entry (bundled to out/main/index.js): `--cli` runs the command line (cli-mode.ts) before anything
 * of the desktop app exists (no window, protocols, single-instance lock or log file); otherwise the desktop app
 * (main.ts) starts. The RunAsNode fuse stays off: the CLI runs as this app, not as a bare Node.
 */
import { app } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliArgs, loadCliFrom, runCliMode } from './cli-mode';

const args = cliArgs(process.argv, process.defaultApp === true);
if (args) {
  // No GPU process for a command line (the Linux launcher also passes --disable-gpu, which must be on the
  // command line there).
  app.disableHardwareAcceleration();
  const cliEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '../cli/index.js');
  void runCliMode({
    args,
    loadCli: () => loadCliFrom(cliEntry),
    app: { exit: (code) => app.exit(code), hideDock: () => app.dock?.hide() },
    io: {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.cwd(),
      onSignal: (handler) => {
        process.once('SIGINT', handler);
        process.once('SIGTERM', handler);
      },
    },
  });
} else {
  // Bundled into the same file and evaluated now (a microtask), so still before 'ready' as main.ts requires.
  void import('./main');
}
