/**
 * A users CSV: one user per row, in a column named as the mapping CSV's user column (user, upn, userPrincipalName,
 * mail, email, id, objectId, employeeId...). Export, removal and scoped uploads read it. The bytes, the size cap,
 * the delimiter and the quoting are the mapping CSV's (parse-mapping-csv.ts); rows are checked on their own here
 * (blank, duplicate, unbalanced quote), and who they name is decided against the directory by resolveUserList.
 */
import type { MappingEncoding } from '../../../shared/mapping-csv';
import {
  headerKey,
  type MappingUserField,
  readCsv,
  readCsvFile,
  rowUser,
  sniffDelimiter,
  type UserColumn,
  userColumns,
} from './parse-mapping-csv';

export interface UsersCsvRow {
  /** Line number in the file where the row starts (the header is row 1), as a spreadsheet shows it. */
  row: number;
  user: string;
  /** Which directory attribute the value is, from its column's name ('any' for a `user` column). */
  userField: MappingUserField;
}

export interface UsersCsvRowError {
  row: number;
  message: string;
}

export interface ParsedUsersCsv {
  rows: UsersCsvRow[];
  errors: UsersCsvRowError[];
  delimiter: ',' | ';' | '\t';
}

export interface ReadUsersCsv extends ParsedUsersCsv {
  encoding: MappingEncoding;
}

/** The users file as a whole is unusable (unreadable, too big, not text, no user column). */
export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

/** One user per row: 20 MB is some 400,000 addresses, several times the largest tenant; bigger is the wrong file. */
export const USERS_MAX_BYTES = 20 * 1024 * 1024;

const USERS_FILE = {
  noun: 'users file',
  article: 'a users CSV',
  perRow: 'one user per row',
  error: (message: string) => new UsersFileError(message),
};

export async function readUsersCsv(file: string, opts: { maxBytes?: number } = {}): Promise<ReadUsersCsv> {
  const decoded = await readCsvFile(file, opts.maxBytes ?? USERS_MAX_BYTES, USERS_FILE);
  return { ...parseUsersCsv(decoded.text, file), encoding: decoded.encoding };
}

export function parseUsersCsv(text: string, source = 'users file'): ParsedUsersCsv {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = sniffDelimiter(text);
  const rows: UsersCsvRow[] = [];
  const errors: UsersCsvRowError[] = [];
  const seen = new Map<string, number>();
  let columns: UserColumn[] | null = null;
  readCsv(text, delimiter, {
    record: ({ line, fields }) => {
      if (fields.every((f) => f.trim() === '')) return;
      if (!columns) {
        columns = headerColumns(fields, source);
        return;
      }
      const user = rowUser(fields, columns);
      if (!user) {
        errors.push({ row: line, message: 'missing user: the row names nobody' });
        return;
      }
      const key = user.value.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        errors.push({ row: line, message: `duplicate row: ${user.value} is already on row ${earlier}` });
        return;
      }
      seen.set(key, line);
      rows.push({ row: line, user: user.value, userField: user.field });
    },
    error: (error) => {
      if (!columns) {
        throw new UsersFileError(
          `${theCsv(source)}: the header row could not be read: row ${error.row}: ${error.message}`,
        );
      }
      errors.push({ row: error.row, message: error.message });
    },
  });
  if (!columns) {
    throw new UsersFileError(`${theCsv(source)} is empty: its first line should be a header such as "user".`);
  }
  errors.sort((x, y) => x.row - y.row);
  return { rows, errors, delimiter };
}

function headerColumns(fields: string[], source: string): UserColumn[] {
  const columns = userColumns(fields.map(headerKey));
  if (columns.length > 0) return columns;
  const first = fields.join(', ').slice(0, 200);
  // A list of addresses with no header is the usual mistake: say so rather than only "no column".
  const looksLikeUser = fields.some((f) => /\S@\S/.test(f));
  throw new UsersFileError(
    `${theCsv(source)} has no column for the user; its first line is "${first}"${
      looksLikeUser ? ', which is a user, not a header' : ''
    }. Add a first line naming the column user (or upn, mail, employeeId or id).`,
  );
}

/** "The users CSV (leavers.csv)": the file by its name, not its whole path. */
function theCsv(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  return source === 'users file' || name === '' ? 'The users CSV' : `The users CSV (${name})`;
}
