/**
 * The people picker's search, over the directory already loaded for matching: instant, no Graph round trip, and
 * accent- and case-insensitive on display name, UPN, mail and employee ID.
 */
import type { GraphUser, UserRef } from '../../shared/domain';
import { foldText as fold, searchTerms } from '../../shared/text-fold';
import { toUserRef } from '../core/matching/directory-index';

export function searchUsers(
  users: readonly GraphUser[],
  query: string,
  options: { limit?: number; includeGuests?: boolean; includeDisabled?: boolean } = {},
): UserRef[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const limit = options.limit ?? 20;
  const scored: { user: GraphUser; score: number }[] = [];
  for (const u of users) {
    if (!options.includeGuests && (u.userType === 'Guest' || u.userPrincipalName.includes('#EXT#'))) continue;
    if (!options.includeDisabled && u.accountEnabled === false) continue;
    const name = fold(u.displayName ?? '');
    const upn = fold(u.userPrincipalName);
    const hay = `${name} ${upn} ${fold(u.mail ?? '')} ${fold(u.employeeId ?? '')}`;
    if (!terms.every((t) => hay.includes(t))) continue;
    // Prefix hits on the name or UPN first, so "jo" lists Jo... before ...jo...
    const score = terms.some((t) => name.startsWith(t) || upn.startsWith(t)) ? 0 : 1;
    scored.push({ user: u, score });
  }
  scored.sort(
    (a, b) => a.score - b.score || (a.user.displayName ?? '').localeCompare(b.user.displayName ?? ''),
  );
  return scored.slice(0, limit).map((s) => toUserRef(s.user));
}
