import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/capture-io';
import { runCli } from './index';
import { takeLogOptions } from './log-options';

describe('takeLogOptions', () => {
  it('takes --log-level and --log-file from anywhere, in both forms, and leaves the rest', () => {
    expect(
      takeLogOptions(['--log-level', 'debug', 'scan', 'photos', '--log-file=logs/h.log', '--json'], {}, '/w'),
    ).toEqual({
      options: { level: 'debug', file: path.resolve('/w', 'logs/h.log') },
      rest: ['scan', 'photos', '--json'],
    });
  });

  it('falls back to HEADSHOT_LOG_LEVEL / HEADSHOT_LOG_FILE, then to info and no file', () => {
    expect(takeLogOptions(['scan'], {}, '/w').options).toEqual({ level: 'info', file: null });
    const env = { HEADSHOT_LOG_LEVEL: 'warn', HEADSHOT_LOG_FILE: '/var/log/h.log' };
    expect(takeLogOptions(['scan'], env, '/w').options).toEqual({ level: 'warn', file: '/var/log/h.log' });
    expect(takeLogOptions(['scan', '--log-level', 'error'], env, '/w').options.level).toBe('error');
  });

  it('refuses a bad level and a missing value', () => {
    expect(() => takeLogOptions(['--log-level', 'verbose'], {}, '/w')).toThrow(
      /--log-level must be one of error, warn, info, debug, not 'verbose'/,
    );
    expect(() => takeLogOptions(['scan', '--log-file'], {}, '/w')).toThrow(/--log-file needs a value/);
  });
});

describe('runCli with log options', () => {
  it('exits 2 with the reason on a bad level', async () => {
    const io = captureIo();
    expect(await runCli(['scan', '.', '--log-level', 'loud'], io)).toBe(2);
    expect(io.err()).toMatch(/--log-level must be one of/);
  });

  it('writes the command to the log file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-log-'));
    const io = captureIo({ cwd: dir });
    expect(await runCli(['scan', dir, '--json', '--log-file', 'cli.log'], io)).toBe(0);
    const log = await fs.readFile(path.join(dir, 'cli.log'), 'utf8');
    expect(log).toMatch(/INFO {2}\[cli\] command started \{"command":"scan"\}/);
    expect(log).toMatch(/\[cli\] command finished \{"command":"scan","exitCode":0\}/);
    expect(JSON.parse(io.out())).toBeTruthy();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
