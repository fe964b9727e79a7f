/**
 * An upload's scope -> the users in it and how to name it: the transitive members of a group (Graph
 * /groups/{id}/transitiveMembers, through tenant/groups.ts), the users of one department (folded as every text
 * is: any case or accents), or the users a users CSV lists (resolved as the mapping CSV's user column).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphUser, ScopeSummary, UploadScope } from '../../../shared/domain';
import { foldText } from '../../../shared/text-fold';
import { readUsersCsv, UsersFileError } from '../library/parse-users-csv';
import { resolveUserList } from '../matching/resolve-user-list';
import { GroupLookupError, groupMembers } from '../tenant/groups';
import type { ScopeMembership } from './apply-scope';

export interface ResolvedScope extends ScopeMembership {
  kind: UploadScope['kind'];
  /** For people: "members of Sales EMEA (312 users)". */
  label: string;
  /** Users CSV rows left out of the scope ("row 3: "x" names nobody in the directory"). */
  problems: string[];
}

/** Groups are read from the tenant; the caller binds these to its Graph client (tenant/groups.ts). */
export interface GroupLookup {
  /** The group by id or exact name, and its users (nested groups included); GroupLookupError when it cannot. */
  members: (
    nameOrId: string,
  ) => Promise<{ group: { id: string; displayName?: string | null }; userIds: Iterable<string> }>;
}

/** The tenant's groups through its Graph client (tenant/groups.ts groupMembers). */
export function tenantGroups(client: Client): GroupLookup {
  return { members: (nameOrId) => groupMembers(client, nameOrId) };
}

export interface ScopeDeps {
  directory: readonly GraphUser[];
  groups?: GroupLookup;
}

/** The scope cannot be used (nobody in it, no such department, an unusable users CSV). */
export class ScopeError extends Error {
  override name = 'ScopeError';
}

const usersCount = (n: number) => `${n} ${n === 1 ? 'user' : 'users'}`;

export async function resolveScope(scope: UploadScope, deps: ScopeDeps): Promise<ResolvedScope> {
  switch (scope.kind) {
    case 'group':
      return groupScope(scope.group, deps);
    case 'department':
      return departmentScope(scope.department, deps.directory);
    case 'users':
      return usersScope(scope.usersCsv, deps.directory);
  }
}

export function scopeSummary(scope: ResolvedScope): ScopeSummary {
  return { kind: scope.kind, label: scope.label, users: scope.userIds.size, problems: scope.problems };
}

async function groupScope(nameOrId: string, deps: ScopeDeps): Promise<ResolvedScope> {
  if (!deps.groups)
    throw new ScopeError('Groups cannot be read here: limit the upload to a department or a users CSV.');
  let found;
  try {
    found = await deps.groups.members(nameOrId.trim());
  } catch (error) {
    // No such group, several of that name, or no permission to read groups: said as it is, with what to do.
    if (error instanceof GroupLookupError) throw new ScopeError(error.message);
    throw error;
  }
  const name = found.group.displayName || found.group.id;
  const userIds = new Set([...found.userIds].map((id) => id.toLowerCase()));
  if (userIds.size === 0) {
    throw new ScopeError(
      `The group ${name} has no user among its members (nested groups included): an upload limited to it would upload nothing.`,
    );
  }
  return {
    kind: 'group',
    userIds,
    membership: `a member of ${name}`,
    label: `members of ${name} (${usersCount(userIds.size)})`,
    problems: [],
  };
}

function departmentScope(department: string, directory: readonly GraphUser[]): ResolvedScope {
  const key = foldText(department);
  const userIds = new Set<string>();
  /** The department as the directory spells it, most common spelling first. */
  const spellings = new Map<string, number>();
  const all = new Map<string, string>();
  for (const u of directory) {
    const d = u.department?.trim();
    if (!d) continue;
    const folded = foldText(d);
    if (!all.has(folded)) all.set(folded, d);
    if (folded !== key) continue;
    userIds.add(u.id.toLowerCase());
    spellings.set(d, (spellings.get(d) ?? 0) + 1);
  }
  if (userIds.size === 0) {
    const known = [...all.values()].sort((a, b) => a.localeCompare(b));
    const listed = known.slice(0, 12).join(', ');
    const more = known.length > 12 ? ` and ${known.length - 12} more` : '';
    throw new ScopeError(
      known.length === 0
        ? `No user in the directory has a department, so none is in "${department}".`
        : `No user in the directory has the department "${department}". The departments are: ${listed}${more}.`,
    );
  }
  const name = [...spellings].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    kind: 'department',
    userIds,
    membership: `in the ${name} department`,
    label: `the ${name} department (${usersCount(userIds.size)})`,
    problems: [],
  };
}

async function usersScope(file: string, directory: readonly GraphUser[]): Promise<ResolvedScope> {
  let read;
  try {
    read = await readUsersCsv(file);
  } catch (error) {
    if (error instanceof UsersFileError) throw new ScopeError(error.message);
    throw error;
  }
  const resolved = resolveUserList(read.rows, directory);
  const problems = [...read.errors, ...resolved.errors]
    .sort((a, b) => a.row - b.row)
    .map((e) => `row ${e.row}: ${e.message}`);
  const name = file.split(/[\\/]/).pop() || file;
  if (resolved.users.length === 0) {
    const shown = problems.slice(0, 3).join('; ');
    throw new ScopeError(
      `The users CSV (${name}) names nobody in the directory${shown ? ` (${shown}${problems.length > 3 ? '; ...' : ''})` : ''}: an upload limited to it would upload nothing.`,
    );
  }
  const userIds = new Set(resolved.users.map((u) => u.id.toLowerCase()));
  return {
    kind: 'users',
    userIds,
    membership: `listed in ${name}`,
    label: `the users in ${name} (${usersCount(userIds.size)})`,
    problems,
  };
}
