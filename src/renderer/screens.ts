/** The app's screens, in navigation order. */
export const SCREENS = [
  { id: 'signin', label: 'Sign in' },
  { id: 'import', label: 'Import' },
  { id: 'review', label: 'Review' },
  { id: 'upload', label: 'Upload' },
  { id: 'report', label: 'Report' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
