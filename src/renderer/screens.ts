/**
 * The app's screens, in navigation order. People comes before Import: an admin's first question is who has no
 * photo yet, and its missing-photo list is what the photographer works from before there is a folder to import.
 */
export const SCREENS = [
  { id: 'signin', label: 'Sign in' },
  { id: 'people', label: 'People' },
  { id: 'import', label: 'Import' },
  { id: 'review', label: 'Review' },
  { id: 'upload', label: 'Upload' },
  { id: 'report', label: 'Report' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
