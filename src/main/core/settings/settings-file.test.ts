import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { loadSettings, saveSettings, settingsPath, updateSettings } from './settings-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings file', () => {
  it('gives the defaults when there is no file', async () => {
    expect(await loadSettings(dir)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(DEFAULT_SETTINGS).toMatchObject({ outputSize: 648, skipUnchanged: true, includeGuests: false });
  });

  it('round-trips saved settings', async () => {
    const custom = {
      ...DEFAULT_SETTINGS,
      outputSize: 512,
      quality: 90,
      defaultCrop: 'center' as const,
      stateDir: '/x',
    };
    await saveSettings(dir, custom);
    expect((await loadSettings(dir)).settings).toEqual(custom);
    expect(JSON.parse(await readFile(settingsPath(dir), 'utf8'))).toEqual(custom);
  });

  it('keeps good fields and resets bad ones, saying which', async () => {
    await writeFile(
      settingsPath(dir),
      JSON.stringify({ outputSize: 5000, quality: 70, includeGuests: 'yes', extra: 1 }),
    );
    const { settings, problems } = await loadSettings(dir);
    expect(settings.outputSize).toBe(648);
    expect(settings.quality).toBe(70);
    expect(settings.includeGuests).toBe(false);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/outputSize/);
    expect(problems.join(' ')).toMatch(/includeGuests/);
  });

  it('survives invalid JSON and non-object JSON', async () => {
    await writeFile(settingsPath(dir), '{nope');
    expect(await loadSettings(dir)).toEqual({
      settings: DEFAULT_SETTINGS,
      problems: ['The settings file is not valid JSON; defaults are used.'],
    });
    await writeFile(settingsPath(dir), '[1,2]');
    expect((await loadSettings(dir)).problems[0]).toMatch(/not a JSON object/);
  });

  it('accepts a BOM', async () => {
    await writeFile(settingsPath(dir), '\uFEFF{"concurrency":2}');
    expect((await loadSettings(dir)).settings.concurrency).toBe(2);
  });

  it('refuses to save invalid settings and keeps the old file', async () => {
    await saveSettings(dir, DEFAULT_SETTINGS);
    await expect(saveSettings(dir, { ...DEFAULT_SETTINGS, quality: 5 })).rejects.toThrow();
    expect((await loadSettings(dir)).settings.quality).toBe(DEFAULT_SETTINGS.quality);
  });

  it('applies a partial update', async () => {
    const next = await updateSettings(dir, { includeDisabled: true });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, includeDisabled: true });
    expect((await loadSettings(dir)).settings.includeDisabled).toBe(true);
    await expect(updateSettings(dir, { concurrency: 0 })).rejects.toThrow();
  });
});
