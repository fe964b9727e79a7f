/**
 * A users CSV's rows -> the directory users they name, each row resolved exactly as the mapping CSV's user column
 * is (resolveUserValue: object id, UPN, mail, proxy address, employee ID). Guests and disabled accounts are found
 * too: a leavers list is mostly disabled accounts.
 */
import type { GraphUser } from '../../../shared/domain';
import type { UsersCsvRow } from '../library/parse-users-csv';
import { buildDirectoryIndex, type DirectoryIndex } from './directory-index';
import { resolveUserValue } from './match-files';

export interface UserListError {
  row: number;
  value: string;
  message: string;
}

export interface ResolvedUserList {
  /** Each user once, in the order the file first names them. */
  users: GraphUser[];
  errors: UserListError[];
}

export function resolveUserList(
  rows: readonly Pick<UsersCsvRow, 'row' | 'user' | 'userField'>[],
  directoryUsers: readonly GraphUser[],
  opts: { index?: DirectoryIndex } = {},
): ResolvedUserList {
  const index = opts.index ?? buildDirectoryIndex(directoryUsers);
  const users: GraphUser[] = [];
  const errors: UserListError[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const resolved = resolveUserValue(index, row.user, row.userField);
    if ('error' in resolved) {
      errors.push({ row: row.row, value: row.user, message: resolved.error });
      continue;
    }
    // Two rows naming one person by different identifiers (UPN and id) are one user, not an error.
    if (seen.has(resolved.user)) continue;
    seen.add(resolved.user);
    users.push(index.users[resolved.user] as GraphUser);
  }
  return { users, errors };
}
