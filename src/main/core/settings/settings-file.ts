/**
 * Settings persistence: `<dir>/settings.json`. Loading never fails: a missing file gives the defaults, and a
 * broken file or a bad field falls back to the default for that part, with a problem message per fallback so the
 * UI can say what was reset. Saving validates first and writes atomically (temp file + rename).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_SETTINGS,
  settingsPatchSchema,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface LoadedSettings {
  settings: Settings;
  /** Human sentences about values that were ignored; empty when the file was fine or absent. */
  problems: string[];
}

export function settingsPath(dir: string): string {
  return path.join(dir, SETTINGS_FILE_NAME);
}

/** Validates an untrusted object field by field, keeping the good fields and defaulting the bad ones. */
export function coerceSettings(raw: unknown): LoadedSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      settings: { ...DEFAULT_SETTINGS },
      problems: ['The settings file is not a JSON object; defaults are used.'],
    };
  }
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const input = raw as Record<string, unknown>;
  for (const [key, fieldSchema] of Object.entries(settingsSchema.shape)) {
    if (!(key in input)) continue;
    const parsed = fieldSchema.safeParse(input[key]);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`The setting "${key}" had an invalid value and was reset to its default.`);
  }
  return { settings: settingsSchema.parse(settings), problems };
}

export async function loadSettings(dir: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(settingsPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: { ...DEFAULT_SETTINGS }, problems: [] };
    return {
      settings: { ...DEFAULT_SETTINGS },
      problems: [
        `The settings file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); defaults are used.`,
      ],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return {
      settings: { ...DEFAULT_SETTINGS },
      problems: ['The settings file is not valid JSON; defaults are used.'],
    };
  }
  return coerceSettings(raw);
}

export async function saveSettings(dir: string, settings: Settings): Promise<Settings> {
  const valid = settingsSchema.parse(settings);
  await mkdir(dir, { recursive: true });
  const target = settingsPath(dir);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
  await rename(temp, target);
  return valid;
}

/** Applies a validated partial update on top of the stored settings and saves the result. */
export async function updateSettings(dir: string, patch: SettingsPatch): Promise<Settings> {
  const validPatch = settingsPatchSchema.parse(patch);
  const { settings } = await loadSettings(dir);
  return saveSettings(dir, { ...settings, ...validPatch });
}
