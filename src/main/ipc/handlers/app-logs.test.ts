/** app:openLogs and app:diagnostics through the real dispatcher (contract validation included). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../shared/ipc';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { getLogger } from '../../core/logging/logger';
import { setUpLogging, tearDownLogging } from '../../core/logging/setup';
import { saveSettings } from '../../core/settings/settings-file';
import { createIpcCore } from '../index';
import type { Platform } from '../platform';

const info: AppInfo = {
  name: 'Headshot',
  version: '0.1.0',
  runtime: 'electron',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '22', electron: '39', chrome: '142' },
  packaged: false,
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-app-logs-'));
});
afterEach(async () => {
  tearDownLogging();
  await fs.rm(dir, { recursive: true, force: true });
});

function setup(overrides: Partial<Platform> = {}) {
  const opened: string[] = [];
  const platform: Platform = {
    appInfo: () => info,
    chooseFolder: () => Promise.resolve(null),
    openExternal: () => Promise.resolve(),
    openPath: (folder) => {
      opened.push(folder);
      return Promise.resolve();
    },
    dataDir: dir,
    ...overrides,
  };
  const core = createIpcCore({ platform });
  const call = (channel: string) => core.dispatch(channel, undefined, core.context('test'));
  return { call, opened };
}

describe('app:openLogs', () => {
  it('opens the folder of the log file', async () => {
    const file = path.join(dir, 'logs', 'headshot.log');
    setUpLogging({ level: 'info', file });
    const { call, opened } = setup();
    expect(await call('app:openLogs')).toEqual({
      ok: true,
      value: { path: path.dirname(file), opened: true },
    });
    expect(opened).toEqual([path.dirname(file)]);
  });

  it('says so when there is no log file or no file manager', async () => {
    expect(await setup().call('app:openLogs')).toEqual({ ok: true, value: { path: null, opened: false } });
    setUpLogging({ level: 'info', file: path.join(dir, 'l', 'h.log') });
    const { call } = setup({ openPath: undefined });
    expect(await call('app:openLogs')).toEqual({
      ok: true,
      value: { path: path.join(dir, 'l'), opened: false },
    });
  });
});

describe('app:diagnostics', () => {
  it('gives versions, OS, the saved settings, the log and the recent errors, redacted', async () => {
    await saveSettings(dir, { ...DEFAULT_SETTINGS, logLevel: 'debug', quality: 91 });
    const file = path.join(dir, 'logs', 'headshot.log');
    setUpLogging({ level: 'warn', file });
    getLogger('graph').error('PUT failed', { authorization: 'Bearer abcdefghijklmnop', status: 503 });
    const result = await setup().call('app:diagnostics');
    if (!result.ok) throw new Error(result.error.message);
    const { diagnostics, text } = result.value as {
      diagnostics: Record<string, unknown> & { recentErrors: { message: string; fields: string }[] };
      text: string;
    };
    expect(diagnostics).toMatchObject({
      app: { name: 'Headshot', version: '0.1.0', runtime: 'electron' },
      versions: { node: '22', electron: '39', chrome: '142' },
      os: { platform: 'linux', arch: 'x64', release: os.release() },
      settings: { logLevel: 'debug', quality: 91 },
      tenant: { signedIn: false, tenantId: null },
      log: { level: 'warn', file },
    });
    expect(diagnostics.recentErrors).toHaveLength(1);
    expect(diagnostics.recentErrors[0]).toMatchObject({ message: 'PUT failed' });
    expect(diagnostics.recentErrors[0]!.fields).toContain('"status":503');
    expect(text).not.toMatch(/abcdefghijklmnop|Bearer /);
    expect(text).toContain('Headshot diagnostics');
  });
});
