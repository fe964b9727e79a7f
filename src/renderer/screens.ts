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

/** Prepare mode's screens (a photographer, no sign-in): the import is against a roster, the end is a package. */
export const PREPARE_SCREENS = [
  { id: 'prepare', label: 'Prepare photos' },
  { id: 'review', label: 'Review' },
  { id: 'export', label: 'Export package' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PrepareScreenId = (typeof PREPARE_SCREENS)[number]['id'];
