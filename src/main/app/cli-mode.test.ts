// CLI mode as the packaged app runs it: the argv Electron gives, and runCliMode over the real CLI, built the way
// scripts/build.mjs builds it and loaded by path like entry.ts loads out/cli/index.js.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import sharp from 'sharp';
import { cliArgs, type CliModeIo, loadCliFrom, runCliMode } from './cli-mode';

describe('cliArgs', () => {
  it('takes what follows --cli in a packaged app', () => {
    expect(cliArgs(['/opt/Headshot/headshot', '--cli', 'scan', 'a b', '--json'], false)).toEqual([
      'scan',
      'a b',
      '--json',
    ]);
    expect(cliArgs(['C:\\Headshot\\Headshot.exe', '--cli'], false)).toEqual([]);
  });

  it('lets Chromium switches come first (the Linux launcher)', () => {
    expect(
      cliArgs(
        ['/opt/Headshot/headshot', '--ozone-platform=headless', '--disable-gpu', '--cli', 'runs'],
        false,
      ),
    ).toEqual(['runs']);
  });

  it('skips the app path under `electron .`', () => {
    expect(cliArgs(['/usr/lib/electron', '.', '--cli', '--help'], true)).toEqual(['--help']);
    expect(cliArgs(['/usr/lib/electron', '.'], true)).toBeNull();
  });

  it('is null for the desktop app, and for a --cli after a plain argument', () => {
    expect(cliArgs(['/opt/Headshot/headshot'], false)).toBeNull();
    expect(cliArgs(['/opt/Headshot/headshot', '--no-sandbox'], false)).toBeNull();
    expect(cliArgs(['/opt/Headshot/headshot', 'photo.jpg', '--cli'], false)).toBeNull();
    // Under `electron .` the app path is not a switch: only the arguments after it are looked at.
    expect(cliArgs(['/opt/Headshot/headshot', '--cli', 'scan'], true)).toBeNull();
  });
});

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals: (() => void)[] = [];
  const stream = (into: string[]) => ({
    write: (text: string, done?: (error?: Error | null) => void) => {
      // Asynchronous like a pipe: runCliMode must wait for the callback before exiting.
      setTimeout(() => {
        into.push(text);
        done?.();
      }, 5);
      return true;
    },
  });
  const io: CliModeIo = {
    stdout: stream(out),
    stderr: stream(err),
    env: {},
    cwd: os.tmpdir(),
    onSignal: (handler) => signals.push(handler),
  };
  return { io, out, err, signals };
}

// A variable, so TypeScript does not look for the .mjs script's types.
const buildScript = '../../../scripts/build.mjs';

describe('runCliMode over the built CLI', () => {
  let dir: string;
  let cliEntry: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-cli-mode-'));
    const { esbuildTargets } = (await import(buildScript)) as {
      esbuildTargets: { cli: () => BuildOptions };
    };
    await build({ ...esbuildTargets.cli(), entryPoints: { index: 'src/cli/index.ts' }, outdir: dir });
    cliEntry = path.join(dir, 'index.js');
  }, 60_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the build makes out/cli/index.js, which entry.ts loads (scripts/build.mjs cli entryPoints.index)', async () => {
    const { esbuildTargets } = (await import(buildScript)) as {
      esbuildTargets: { cli: () => BuildOptions };
    };
    expect(esbuildTargets.cli().entryPoints).toMatchObject({ index: 'src/cli/index.ts' });
    // And out/main/index.js is entry.ts, which picks CLI mode or the desktop app (main.ts).
    expect((esbuildTargets as unknown as { main: () => BuildOptions }).main().entryPoints).toEqual({
      index: 'src/main/app/entry.ts',
    });
  });

  it('runs a command with the real stdio and exits with its code after the output is written', async () => {
    const folder = path.join(dir, 'photos');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .jpeg()
      .toFile(path.join(folder, 'ada@contoso.com.jpg'));
    await writeFile(path.join(folder, 'notes.txt'), 'not a photo');
    const { io, out, signals } = fakeIo();
    const exits: number[] = [];
    let dockHidden = false;
    const code = await runCliMode({
      args: ['scan', folder, '--json'],
      loadCli: () => loadCliFrom(cliEntry),
      app: { exit: (c) => exits.push(c), hideDock: () => (dockHidden = true) },
      io,
    });
    expect(code).toBe(0);
    expect(exits).toEqual([0]);
    expect(dockHidden).toBe(true);
    expect(signals).toHaveLength(1);
    const report = JSON.parse(out.join('')) as { images: { path: string }[] };
    expect(JSON.stringify(report)).toContain('ada@contoso.com.jpg');
  });

  it('passes on usage errors as exit code 2', async () => {
    const { io, err } = fakeIo();
    const exits: number[] = [];
    const code = await runCliMode({
      args: ['no-such-command'],
      loadCli: () => loadCliFrom(cliEntry),
      app: { exit: (c) => exits.push(c) },
      io,
    });
    expect(code).toBe(2);
    expect(exits).toEqual([2]);
    expect(err.join('')).toContain("unknown command 'no-such-command'");
  });

  it('exits 1 with a clear message when the CLI bundle is missing or is not the CLI', async () => {
    const notCli = path.join(dir, 'not-cli.mjs');
    await writeFile(notCli, 'export const x = 1;\n');
    for (const [file, message] of [
      [path.join(dir, 'missing.js'), 'the command line could not be loaded from'],
      [notCli, 'does not export runCli'],
    ] as const) {
      const { io, err } = fakeIo();
      const exits: number[] = [];
      await runCliMode({
        args: ['--help'],
        loadCli: () => loadCliFrom(file),
        app: { exit: (c) => exits.push(c) },
        io,
      });
      expect(exits).toEqual([1]);
      expect(err.join('')).toContain(message);
    }
  });

  it('aborts the running command on SIGINT/SIGTERM through the signal it gets', async () => {
    const { io, signals } = fakeIo();
    let aborted = false;
    const run = runCliMode({
      args: ['emulator'],
      loadCli: () =>
        Promise.resolve(
          (_argv, cliIo) =>
            new Promise<number>((resolve) =>
              cliIo.signal.addEventListener('abort', () => {
                aborted = true;
                resolve(130);
              }),
            ),
        ),
      app: { exit: () => {} },
      io,
    });
    await new Promise((r) => setTimeout(r, 10));
    signals.forEach((handler) => handler());
    await expect(run).resolves.toBe(130);
    expect(aborted).toBe(true);
  });
});
