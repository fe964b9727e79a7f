// The CLI in the packaged layouts, as far as this machine allows without an Electron binary: electron-builder.yml
// ships each launcher where it says, the fuse stays off, and the sh launcher, run from a fake install of each OS's
// layout (a stand-in app binary that prints its arguments), starts the app in CLI mode with the user's arguments
// and passes the exit code on. headshot.cmd and installer.nsh are checked as text (no Windows here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
// js-yaml (electron-builder's, as scripts/verify-package.mjs uses it) ships no types.
const jsYaml = 'js-yaml';
const yaml = (await import(jsYaml)) as { load: (text: string) => unknown };
const config = yaml.load(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string };
  nsis: { include: string };
  deb: { afterInstall: string; afterRemove: string };
} & Record<'win' | 'mac' | 'linux', { extraResources: { from: string; to: string }[] }>;

describe('electron-builder.yml: the CLI and updates', () => {
  it('keeps the RunAsNode fuse off (the CLI runs as the app with --cli, not as a bare Node)', () => {
    expect(config.electronFuses.runAsNode).toBe(false);
    expect(config.electronFuses.enableNodeOptionsEnvironmentVariable).toBe(false);
  });

  it('ships the CLI bundle and a launcher per OS in resources/bin', () => {
    expect(config.files).toContain('out/cli/**/*.js');
    const launchers = {
      win: 'bin/headshot.cmd',
      mac: 'bin/headshot',
      linux: 'bin/headshot',
    };
    for (const [os, to] of Object.entries(launchers)) {
      const entry = config[os as 'win' | 'mac' | 'linux'].extraResources.find((r) => r.to === to);
      expect(entry, `${os} ships ${to}`).toBeDefined();
      expect(existsSync(path.join(root, entry!.from)), entry!.from).toBe(true);
    }
  });

  it('names existing installer scripts, which parse', () => {
    expect(existsSync(path.join(root, config.nsis.include))).toBe(true);
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      expect(spawnSync('bash', ['-n', path.join(root, script)]).status, script).toBe(0);
    }
  });

  it('publishes to a generic HTTPS feed (a placeholder a deployment replaces)', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
  });
});

describe('build/bin/headshot (macOS and Linux launcher)', () => {
  const launcher = path.join(root, 'build/bin/headshot');
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-launcher-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A stand-in for the app binary: prints each argument on a line, exits 7. */
  async function fakeApp(file: string) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\nexit 7\n');
    await chmod(file, 0o755);
  }
  async function install(at: string) {
    await mkdir(path.dirname(at), { recursive: true });
    await copyFile(launcher, at);
    await chmod(at, 0o755);
  }

  it('is valid POSIX sh (dash and bash)', () => {
    for (const shell of ['dash', 'bash']) {
      if (spawnSync('which', [shell]).status !== 0) continue;
      expect(spawnSync(shell, ['-n', launcher]).status, shell).toBe(0);
    }
  });

  it('Linux (/opt/Headshot, linked from /usr/bin): CLI mode on the headless platform, arguments intact', async () => {
    await fakeApp(path.join(dir, 'opt/Headshot/headshot'));
    await install(path.join(dir, 'opt/Headshot/resources/bin/headshot'));
    await mkdir(path.join(dir, 'usr/bin'), { recursive: true });
    // Relative, like a package might make it: resolved against the link's folder.
    await symlink('../../opt/Headshot/resources/bin/headshot', path.join(dir, 'usr/bin/headshot'));
    const run = spawnSync(path.join(dir, 'usr/bin/headshot'), ['scan', 'My Photos', '--json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(run.status).toBe(7);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '--ozone-platform=headless',
      '--disable-gpu',
      '--cli',
      'scan',
      'My Photos',
      '--json',
    ]);
  });

  it('macOS (Headshot.app/Contents/Resources/bin, linked from /usr/local/bin): CLI mode, no Linux switches', async () => {
    await fakeApp(path.join(dir, 'Headshot.app/Contents/MacOS/Headshot'));
    await install(path.join(dir, 'Headshot.app/Contents/Resources/bin/headshot'));
    await mkdir(path.join(dir, 'usr/local/bin'), { recursive: true });
    await symlink(
      path.join(dir, 'Headshot.app/Contents/Resources/bin/headshot'),
      path.join(dir, 'usr/local/bin/headshot'),
    );
    const output = spawnSync(path.join(dir, 'usr/local/bin/headshot'), ['runs', '--json'], {
      encoding: 'utf8',
    });
    expect(output.status).toBe(7);
    expect(output.stdout.split('\n').filter(Boolean)).toEqual(['--cli', 'runs', '--json']);
  });

  it('says so when the app is not beside it', async () => {
    await install(path.join(dir, 'somewhere/bin/headshot'));
    const run = spawnSync(path.join(dir, 'somewhere/bin/headshot'), [], { encoding: 'utf8' });
    expect(run.status).toBe(127);
    expect(run.stderr).toContain('the Headshot app was not found');
  });
});

describe('Windows launcher and installer (as text)', () => {
  it('headshot.cmd runs Headshot.exe two folders up with --cli and passes the exit code on', async () => {
    const text = await readFile(path.join(root, 'build/bin/headshot.cmd'), 'latin1');
    expect(text).toContain('"%~dp0..\\..\\Headshot.exe" --cli %*');
    expect(text).toMatch(/exit \/b %ERRORLEVEL%/);
    // cmd.exe misreads labels and long lines in LF-only batch files.
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith('\r')),
    ).toBe(true);
  });

  it('installer.nsh adds resources\\bin to the user PATH and removes it on uninstall', async () => {
    const text = await readFile(path.join(root, 'build/installer.nsh'), 'utf8');
    expect(text).toMatch(/!macro customInstall\s+!insertmacro headshotPath add\s+!macroend/);
    expect(text).toMatch(/!macro customUnInstall\s+!insertmacro headshotPath remove\s+!macroend/);
    expect(text).toContain('$INSTDIR\\resources\\bin');
    expect(text).toContain("'ExpandString'");
  });
});
