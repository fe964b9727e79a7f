import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { saveSettings } from '../core/settings/settings-file';
import { tearDownLogging } from '../core/logging/setup';
import type { Dispatch } from '../ipc';
import { followLogLevel, startAppLogging } from './app-logging';

afterEach(() => tearDownLogging());

describe('the app log', () => {
  it('lives in Electron logs folder and follows the saved level, then each settings:set', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-app-log-'));
    const app = { setAppLogsPath: vi.fn(), getPath: () => path.join(dir, 'logs') };
    const logging = startAppLogging(app);
    expect(app.setAppLogsPath).toHaveBeenCalledWith();
    expect(logging.file).toBe(path.join(dir, 'logs', 'headshot.log'));

    await saveSettings(dir, { ...DEFAULT_SETTINGS, logLevel: 'warn' });
    let answer: unknown = { ...DEFAULT_SETTINGS, logLevel: 'debug' };
    const core = { dispatch: (() => Promise.resolve({ ok: true, value: answer })) as Dispatch };
    followLogLevel(logging, core, dir);
    await vi.waitFor(() => expect(logging.logger.level()).toBe('warn'));

    const ctx = {} as Parameters<Dispatch>[2];
    await core.dispatch('settings:get', undefined, ctx);
    expect(logging.logger.level()).toBe('warn'); // only a save changes it
    await core.dispatch('settings:set', { logLevel: 'debug' }, ctx);
    expect(logging.logger.level()).toBe('debug');
    answer = { ...DEFAULT_SETTINGS, logLevel: 'error' };
    await core.dispatch('settings:set', { logLevel: 'error' }, ctx);
    expect(logging.logger.level()).toBe('error');
    expect(await fs.readFile(logging.file!, 'utf8')).toMatch(/\[app\] log level changed \{"level":"debug"\}/);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
