/**
 * The installed app's command line: `Headshot --cli <command> ...` runs the same `runCli` as `npx headshot`, with
 * the real stdio and exit code, and never opens a window, takes the single-instance lock or registers protocols.
 * The launchers in build/bin (`headshot`, `headshot.cmd`) add `--cli`. Electron-free, so it is tested in Node.
 */
import { pathToFileURL } from 'node:url';

/** The switch that selects the command line; everything after it belongs to `runCli`. */
export const CLI_SWITCH = '--cli';

/**
 * Switches the Linux launcher puts before `--cli`: Ozone's headless platform, so Chromium never opens a display
 * (a server has none), and no GPU process. They must be on the real command line: Ozone picks its platform before
 * the main script runs, so `app.commandLine.appendSwitch` would be too late.
 */
export const LINUX_HEADLESS_SWITCHES = ['--ozone-platform=headless', '--disable-gpu'] as const;

/**
 * The CLI's arguments when this process was started in CLI mode, else null. `argv` is `process.argv`: the
 * executable, then (only when started as `electron .`, i.e. `process.defaultApp`) the app path, then the
 * arguments. `--cli` may follow Chromium switches (`--ozone-platform=headless`), never a plain argument, so a
 * file named `--cli` handed to the desktop app is not mistaken for it.
 */
export function cliArgs(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  for (const [index, arg] of args.entries()) {
    if (arg === CLI_SWITCH) return args.slice(index + 1);
    if (!arg.startsWith('--')) return null;
  }
  return null;
}

/** What CLI mode needs from Electron's `app` (injected, so the runner is tested without Electron). */
export interface CliModeApp {
  exit: (code: number) => void;
  /** macOS: no Dock icon for a command-line run. */
  hideDock?: () => void;
}

export interface CliModeStream {
  write: (text: string, done?: (error?: Error | null) => void) => boolean;
}

export interface CliModeIo {
  stdout: CliModeStream;
  stderr: CliModeStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Registers a handler for SIGINT/SIGTERM (Ctrl-C, Task Scheduler's "End", systemd stop). */
  onSignal: (handler: () => void) => void;
}

/** The CLI's entry, loaded only in CLI mode (the built `out/cli/index.js`), so the app does not pay for it. */
export type RunCli = (
  argv: string[],
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: NodeJS.ProcessEnv;
    cwd: string;
    signal: AbortSignal;
  },
) => Promise<number>;

const flush = (stream: CliModeStream) =>
  new Promise<void>((resolve) => {
    // An empty write calls back once everything queued before it is written: app.exit() would drop the rest.
    stream.write('', () => resolve());
  });

/**
 * Runs the CLI and exits the process with its code (1 with a message if it throws or cannot be loaded). Returns
 * the code, for tests.
 */
export async function runCliMode(options: {
  args: string[];
  loadCli: () => Promise<RunCli>;
  app: CliModeApp;
  io: CliModeIo;
}): Promise<number> {
  const { args, loadCli, app, io } = options;
  app.hideDock?.();
  const controller = new AbortController();
  io.onSignal(() => controller.abort());
  let code: number;
  try {
    const runCli = await loadCli();
    code = await runCli(args, {
      stdout: (text) => void io.stdout.write(text),
      stderr: (text) => void io.stderr.write(text),
      env: io.env,
      cwd: io.cwd,
      signal: controller.signal,
    });
  } catch (error) {
    io.stderr.write(
      `headshot: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    code = 1;
  }
  await Promise.all([flush(io.stdout), flush(io.stderr)]);
  app.exit(code);
  return code;
}

/**
 * Loads `runCli` from the built CLI bundle (`out/cli/index.js`, beside `out/main`). Loaded by path at run time
 * rather than imported, so the Electron layer keeps no dependency on src/cli and the app's start-up does not
 * load the CLI's commands.
 */
export async function loadCliFrom(file: string): Promise<RunCli> {
  let module: { runCli?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { runCli?: unknown };
  } catch (error) {
    throw new Error(
      `the command line could not be loaded from ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (typeof module.runCli !== 'function') throw new Error(`${file} does not export runCli`);
  return module.runCli as RunCli;
}
