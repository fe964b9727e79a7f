import { create } from 'zustand';
import type { AppInfo } from '../shared/ipc';
import { getApi, unwrap } from './api';
import type { ScreenId } from './screens';

export interface ShellState {
  screen: ScreenId;
  setScreen: (screen: ScreenId) => void;
  appInfo: AppInfo | null;
  appInfoError: string | null;
  loadAppInfo: () => Promise<void>;
}

export const useShell = create<ShellState>()((set) => ({
  screen: 'signin',
  setScreen: (screen) => set({ screen }),
  appInfo: null,
  appInfoError: null,
  loadAppInfo: async () => {
    const api = getApi();
    if (!api) return set({ appInfoError: 'The Headshot bridge is missing: open the app, not the page.' });
    try {
      set({ appInfo: await unwrap(api.app.info()), appInfoError: null });
    } catch (error) {
      set({ appInfoError: error instanceof Error ? error.message : String(error) });
    }
  },
}));
