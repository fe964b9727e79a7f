/**
 * A scoped upload, after matching: matching is unchanged (the same file still names the same person), then every
 * file whose user is outside the scope becomes `outside-scope` (never ready, never uploaded), and candidates
 * outside the scope are not offered. Pure: match results and the scope's user ids in, results out.
 */
import type { MatchResult, UserRef } from '../../../shared/domain';
import { describePerson } from '../matching/match-files';

/** What applying a scope needs to know: who is in it, and how to say that someone is not. */
export interface ScopeMembership {
  /** Lower-case object ids of the users in scope. */
  userIds: ReadonlySet<string>;
  /** "a member of Sales EMEA", "in the Sales department", "listed in leavers.csv". */
  membership: string;
}

export const inScope = (scope: ScopeMembership, user: Pick<UserRef, 'id'>): boolean =>
  scope.userIds.has(user.id.toLowerCase());

const outsideSentence = (scope: ScopeMembership, users: readonly UserRef[]): string =>
  `${users.map(describePerson).join('; ')} ${users.length === 1 ? 'is not' : 'are not'} ${scope.membership}: outside this upload's scope.`;

export function applyScope(matches: readonly MatchResult[], scope: ScopeMembership): MatchResult[] {
  return matches.map((m) => scopeOne(m, scope));
}

function scopeOne(m: MatchResult, scope: ScopeMembership): MatchResult {
  switch (m.status) {
    case 'matched':
      return m.user && !inScope(scope, m.user) ? outside(m, m.user, [m.user], scope) : m;
    case 'conflict': {
      // Two files for one person: when that person is out of scope, neither file is used either way.
      const user = m.candidates.length === 1 ? m.candidates[0] : undefined;
      return user && !inScope(scope, user) ? outside(m, user, [user], scope) : m;
    }
    case 'ambiguous':
    case 'suggested': {
      const people = m.candidates.length > 0 ? m.candidates : m.user ? [m.user] : [];
      const kept = people.filter((u) => inScope(scope, u));
      const left = people.filter((u) => !inScope(scope, u));
      if (left.length === 0) return m;
      if (kept.length === 0)
        return outside(m, people.length === 1 ? (people[0] as UserRef) : null, left, scope);
      return {
        ...m,
        // A suggestion keeps pointing at its one remaining person; an ambiguous file still needs a pick.
        user:
          m.status === 'suggested' && kept.length === 1
            ? (kept[0] as UserRef)
            : m.user && inScope(scope, m.user)
              ? m.user
              : null,
        candidates: kept,
        reason: `${m.reason} Not offered: ${outsideSentence(scope, left)}`,
      };
    }
    default:
      return m;
  }
}

function outside(
  m: MatchResult,
  user: UserRef | null,
  people: readonly UserRef[],
  scope: ScopeMembership,
): MatchResult {
  const what = m.status === 'matched' ? 'This photo is not uploaded.' : 'This photo is not used.';
  return {
    ...m,
    status: 'outside-scope',
    user,
    candidates: user ? [] : [...people],
    reason: `${outsideSentence(scope, people)} ${what} (${m.reason})`,
  };
}

/** The second guard, for the run engine: the planned users outside the scope (none, when all is well). */
export function usersOutsideScope(users: Iterable<UserRef>, scope: ScopeMembership): UserRef[] {
  return [...users].filter((u) => !inScope(scope, u));
}

/** A run was asked to upload to users outside its scope (the Review never sends them; a caller did). */
export class OutsideScopeError extends Error {
  override name = 'OutsideScopeError';
  constructor(
    readonly users: UserRef[],
    scope: ScopeMembership,
  ) {
    const shown = users.slice(0, 5);
    const more = users.length > shown.length ? ` and ${users.length - shown.length} more` : '';
    super(
      `Nothing was uploaded: ${shown.map(describePerson).join('; ')}${more} ${users.length === 1 ? 'is not' : 'are not'} ${scope.membership}, outside this upload's scope.`,
    );
  }
}

/** Throws OutsideScopeError when any planned user is outside the scope. */
export function assertInScope(users: Iterable<UserRef>, scope: ScopeMembership): void {
  const outsiders = usersOutsideScope(users, scope);
  if (outsiders.length > 0) throw new OutsideScopeError(outsiders, scope);
}
