/**
 * A package's roster identities -> directory users, on the admin's side. The photographer's roster is data from
 * outside, so identities are matched, never trusted as ids: the UPN first, then mail and proxy addresses, then the
 * employee ID, and the display name only when the identity gives neither an address nor an employee ID and exactly
 * one user holds that name (an address the directory does not know stays unmatched, never guessed by name). Pure:
 * the matcher's directory index does the lookups. Two photos for one user are both `conflict`.
 */
import type { GraphUser, MatchMethod, MatchResult, UserRef } from '../../../shared/domain';
import type { PackagePhoto, RosterIdentity } from '../../../shared/handoff-package';
import type { CropChoice } from '../../../shared/review';
import {
  buildDirectoryIndex,
  type DirectoryIndex,
  employeeIdKey,
  isDisabled,
  isGuest,
  lookup,
  lookupAddress,
  lookupDisplayName,
  Source,
  toUserRef,
} from '../matching/directory-index';
import { foldDisplayName, foldNameOrders } from '../matching/fold-name';
import { describePerson } from '../matching/match-files';

export interface PackageMatch extends MatchResult {
  /** The crop the photographer recorded (used for the upload unless the admin changes it). */
  crop: CropChoice;
}

export interface MatchPackageOptions {
  includeGuests?: boolean;
  includeDisabled?: boolean;
  index?: DirectoryIndex;
}

interface Level {
  method: MatchMethod;
  what: string;
  find: () => number[];
}

export function matchPackage(
  photos: readonly PackagePhoto[],
  directory: readonly GraphUser[],
  opts: MatchPackageOptions = {},
): PackageMatch[] {
  const index = opts.index ?? buildDirectoryIndex(directory);
  const results = photos.map((photo) => ({
    ...matchIdentity(photo.identity, index, opts),
    file: photo.file,
    crop: photo.crop,
  }));
  // Two photos for one person: neither is chosen (as the folder matcher does).
  const byUser = new Map<string, PackageMatch[]>();
  for (const r of results) {
    if (r.status === 'matched' && r.user) byUser.set(r.user.id, [...(byUser.get(r.user.id) ?? []), r]);
  }
  for (const group of byUser.values()) {
    if (group.length < 2) continue;
    const files = group.map((r) => r.file).join(', ');
    for (const r of group) {
      const user = r.user as UserRef;
      Object.assign(r, {
        status: 'conflict',
        user: null,
        candidates: [user],
        reason: `${group.length} photos of the package are for ${describePerson(user)}: ${files}. Neither is used: keep one.`,
      });
    }
  }
  return results;
}

function matchIdentity(
  identity: RosterIdentity,
  index: DirectoryIndex,
  opts: MatchPackageOptions,
): Omit<MatchResult, 'file'> {
  const addresses = [identity.upn, identity.email]
    .filter((a): a is string => !!a)
    .map((a) => a.toLowerCase());
  const bySource = (sources: Source[]) => () => {
    const found = new Set<number>();
    for (const address of addresses) {
      for (const [user, source] of lookupAddress(index, address))
        if (sources.includes(source)) found.add(user);
    }
    return [...found];
  };
  const levels: Level[] = [
    { method: 'upn', what: `the UPN ${addresses.join(' / ')}`, find: bySource([Source.Upn]) },
    {
      method: 'mail',
      what: `the address ${addresses.join(' / ')}`,
      find: bySource([Source.Mail, Source.Proxy]),
    },
  ];
  if (identity.employeeId) {
    const id = identity.employeeId;
    levels.push({
      method: 'employeeId',
      what: `the employee ID ${id}`,
      find: () => [...lookup(index.employeeId, employeeIdKey(id)).keys()],
    });
  }
  if (identity.name && addresses.length === 0 && !identity.employeeId) {
    const name = identity.name;
    levels.push({
      method: 'displayName',
      what: `the name "${name}"`,
      find: () => [...lookupDisplayName(index, foldDisplayName(name), foldNameOrders(name)).inOrder.keys()],
    });
  }
  for (const level of levels) {
    const users = level.find();
    if (users.length === 0) continue;
    const eligible = users.filter((u) => !excluded(index.users[u] as GraphUser, opts));
    const refs = users.map((u) => toUserRef(index.users[u] as GraphUser));
    if (eligible.length === 0) {
      return {
        status: 'unmatched',
        user: null,
        method: null,
        candidates: refs,
        reason: `${capital(level.what)} names only a guest or disabled account (${refs.map(describePerson).join('; ')}); turn on "Include guest accounts" or "Include disabled accounts" in Settings to use it.`,
      };
    }
    if (eligible.length > 1) {
      return {
        status: 'ambiguous',
        user: null,
        method: level.method,
        candidates: eligible.map((u) => toUserRef(index.users[u] as GraphUser)),
        reason: `${capital(level.what)} matches ${eligible.length} users: choose one.`,
      };
    }
    const user = toUserRef(index.users[eligible[0] as number] as GraphUser);
    return {
      status: 'matched',
      user,
      method: level.method,
      candidates: [],
      reason: `Matched to ${describePerson(user)} by ${level.what} from the package's roster.`,
    };
  }
  return {
    status: 'unmatched',
    user: null,
    method: null,
    candidates: [],
    reason: `Nobody in the directory has ${
      levels.length > 0
        ? levels
            .map((l) => l.what)
            .filter((w, i, a) => a.indexOf(w) === i)
            .join(', or ')
        : 'this roster row (it names nobody)'
    }: choose the user here.`,
  };
}

function excluded(user: GraphUser, opts: MatchPackageOptions): boolean {
  return (isGuest(user) && !opts.includeGuests) || (isDisabled(user) && !opts.includeDisabled);
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
