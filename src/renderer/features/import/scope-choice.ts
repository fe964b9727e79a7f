/**
 * The Import screen's "Limit this upload to" choice -> the scope import:run takes, or the sentence that says what
 * is missing. Pure: the store keeps the choice, the screen renders it.
 */
import type { UploadScope } from '../../../shared/domain';

export type ScopeKind = 'everyone' | 'group' | 'department' | 'users';

export interface ScopeChoice {
  kind: ScopeKind;
  group: string;
  department: string;
  /** A users CSV chosen with the dialog (import:chooseUsersCsv), or null. */
  usersCsv: string | null;
}

export const EVERYONE: ScopeChoice = { kind: 'everyone', group: '', department: '', usersCsv: null };

export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  everyone: 'Everyone',
  group: 'Members of a group',
  department: 'A department',
  users: 'The users in a CSV',
};

/** The scope to send (undefined: everyone), or what the person still has to fill in. */
export function scopeRequest(choice: ScopeChoice): { scope?: UploadScope } | { missing: string } {
  switch (choice.kind) {
    case 'everyone':
      return {};
    case 'group':
      return choice.group.trim()
        ? { scope: { kind: 'group', group: choice.group.trim() } }
        : { missing: 'Type the name (or id) of the group this upload is limited to.' };
    case 'department':
      return choice.department.trim()
        ? { scope: { kind: 'department', department: choice.department.trim() } }
        : { missing: 'Type the department this upload is limited to.' };
    case 'users':
      return choice.usersCsv
        ? { scope: { kind: 'users', usersCsv: choice.usersCsv } }
        : { missing: 'Choose the users CSV this upload is limited to.' };
  }
}
