/**
 * Quirk profiles: named sets of real-tenant behaviours that the default demo tenant does not show, so the app and
 * the CLI can be tested against each one (`headshot emulator --quirks <profile>`, `startEmulator({ quirks })`).
 * Each behaviour's Microsoft source is in docs/emulator.md ("Quirk profiles").
 */

/** The behaviours a profile switches on. Every field is optional; the default profile sets none. */
export interface QuirkSettings {
  /**
   * How a missing photo is answered, per user: one code for all, or 'mixed' (the code varies by user, as tenants
   * that have been migrated over the years do). Default: ErrorEntityNotFound with the ImageNotFoundException text.
   */
  noPhotoCode?: 'ErrorEntityNotFound' | 'ImageNotFound' | 'ErrorItemNotFound' | 'none' | 'mixed';
  /** After a successful PUT/DELETE, reads serve the previous state for this long (read-after-write delay). */
  readAfterWriteDelayMs?: number;
  /** Seed some users without an Exchange Online mailbox and some with an on-premises mailbox. */
  mailboxKinds?: boolean;
  /** The tenant's photo update policy (beta admin/people/photoUpdateSettings). */
  photoUpdateSettings?: { source: 'cloud' | 'onPremises'; allowedRoles: string[] };
}

export const QUIRK_PROFILES = {
  default: {},
  'no-photo-codes': { noPhotoCode: 'mixed' },
  'read-after-write': { readAfterWriteDelayMs: 3000 },
  mailboxes: { mailboxKinds: true },
  'photo-policy-onpremises': {
    photoUpdateSettings: { source: 'onPremises', allowedRoles: [] },
  },
  'photo-policy-roles': {
    // Only Global Administrators may change other people's photos (template id of the built-in role).
    photoUpdateSettings: { source: 'cloud', allowedRoles: ['62e90394-69f5-4237-9190-012177145e10'] },
  },
} as const satisfies Record<string, QuirkSettings>;

export type QuirkProfile = keyof typeof QUIRK_PROFILES;

export function isQuirkProfile(name: string): name is QuirkProfile {
  return Object.prototype.hasOwnProperty.call(QUIRK_PROFILES, name);
}

export function quirkSettings(profile: QuirkProfile | QuirkSettings | undefined): QuirkSettings {
  if (profile === undefined) return {};
  return typeof profile === 'string' ? QUIRK_PROFILES[profile] : profile;
}
