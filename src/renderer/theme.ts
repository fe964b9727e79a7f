import { type Theme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Follows the OS light/dark setting live (Electron maps nativeTheme to prefers-color-scheme). */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

export function useSystemTheme(): { theme: Theme; dark: boolean } {
  const dark = usePrefersDark();
  return { theme: dark ? webDarkTheme : webLightTheme, dark };
}
