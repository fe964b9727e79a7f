/** The app's screens, in navigation order. `upcoming` says plainly what will fill a screen that is not built yet. */
export const SCREENS = [
  {
    id: 'signin',
    label: 'Sign in',
    upcoming: 'Signing in to your Microsoft 365 tenant (or the demo tenant).',
  },
  { id: 'import', label: 'Import', upcoming: null },
  {
    id: 'review',
    label: 'Review',
    upcoming: 'Reviewing how each photo was matched to a user, with previews and crops.',
  },
  {
    id: 'upload',
    label: 'Upload',
    upcoming: 'Uploading the photos through Microsoft Graph, with backup and resume.',
  },
  {
    id: 'report',
    label: 'Report',
    upcoming: 'The report of a run: what was uploaded, skipped or failed, and why.',
  },
  {
    id: 'history',
    label: 'History',
    upcoming: 'Past runs, with restore and roll back of the previous photos.',
  },
  { id: 'settings', label: 'Settings', upcoming: null },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
