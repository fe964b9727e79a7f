/** Settings as stored in main (settings.json), loaded once and saved field by field. */
import { create } from 'zustand';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../shared/settings';
import { requireApi, unwrap } from '../api';

export interface SettingsState {
  settings: Settings;
  loaded: boolean;
  /** What was reset when the file was read (for people). */
  problems: string[];
  saving: boolean;
  error: string | null;
  load: () => Promise<void>;
  save: (patch: SettingsPatch) => Promise<boolean>;
}

export const createSettingsStore = () =>
  create<SettingsState>()((set) => ({
    settings: DEFAULT_SETTINGS,
    loaded: false,
    problems: [],
    saving: false,
    error: null,
    load: async () => {
      try {
        const { settings, problems } = await unwrap(requireApi().settings.get());
        set({ settings, problems, loaded: true, error: null });
      } catch (e) {
        set({ error: e instanceof Error ? e.message : String(e) });
      }
    },
    save: async (patch) => {
      set({ saving: true, error: null });
      try {
        set({ settings: await unwrap(requireApi().settings.set(patch)), problems: [] });
        return true;
      } catch (e) {
        set({ error: `The settings were not saved: ${e instanceof Error ? e.message : String(e)}` });
        return false;
      } finally {
        set({ saving: false });
      }
    },
  }));

export const useSettingsStore = createSettingsStore();
