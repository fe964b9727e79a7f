/**
 * The photographer's roster CSV (issue 14): one person per row, with a name, an email or UPN and an employee ID
 * (any of them; the admin's missing-photo list `headshot inventory --missing --csv` is one). Each row becomes a
 * directory user with id `roster:<row>`, so the one matcher (match-files.ts) matches a folder against the roster
 * exactly as it matches against a tenant. The bytes, size cap, encodings, delimiter and quoting are the mapping
 * CSV's (parse-mapping-csv.ts).
 */
import type { GraphUser } from '../../../shared/domain';
import type { RosterIdentity } from '../../../shared/handoff-package';
import { headerKey, readCsv, readCsvFile, sniffDelimiter } from '../library/parse-mapping-csv';

export class RosterFileError extends Error {
  override name = 'RosterFileError';
}

/** One person per row: 20 MB is far more people than any shoot; bigger is the wrong file. */
export const ROSTER_MAX_BYTES = 20 * 1024 * 1024;

const ROSTER_FILE = {
  noun: 'roster file',
  article: 'a roster CSV',
  perRow: 'one person per row',
  error: (message: string) => new RosterFileError(message),
};

type RosterField = keyof RosterIdentity;

/** Header names per field (compared through headerKey: any case, no spaces, `_`, `-` or `.`). */
const ROSTER_HEADERS: [RosterField, string[]][] = [
  ['name', ['name', 'displayname', 'fullname', 'person']],
  ['email', ['email', 'mail', 'emailaddress', 'smtp']],
  ['upn', ['upn', 'userprincipalname']],
  ['employeeId', ['employeeid', 'employeenumber', 'empid']],
];

export interface RosterProblem {
  /** The row's line in the file (the header is row 1). */
  row: number;
  message: string;
}

export interface Roster {
  users: GraphUser[];
  /** User id (`roster:<row>`) -> the identity as the roster wrote it (what the package's manifest records). */
  identities: Map<string, RosterIdentity>;
  problems: RosterProblem[];
}

/** The id a roster row's user gets: not a directory object id, so nothing can mistake it for one. */
export const rosterUserId = (row: number) => `roster:${row}`;

export async function readRoster(file: string, opts: { maxBytes?: number } = {}): Promise<Roster> {
  const decoded = await readCsvFile(file, opts.maxBytes ?? ROSTER_MAX_BYTES, ROSTER_FILE);
  return parseRoster(decoded.text, file);
}

/** Pure: the roster's text -> users, identities and the rows that could not be used (each on its own). */
export function parseRoster(text: string, source = 'roster file'): Roster {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const users: GraphUser[] = [];
  const identities = new Map<string, RosterIdentity>();
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  let columns: Map<RosterField, number> | null = null;
  readCsv(text, sniffDelimiter(text), {
    record: ({ line, fields }) => {
      if (fields.every((f) => f.trim() === '')) return;
      if (!columns) {
        columns = headerColumns(fields, source);
        return;
      }
      const cell = (field: RosterField) => {
        const col = columns?.get(field);
        const value = col === undefined ? '' : (fields[col] ?? '').trim();
        return value === '' ? null : value;
      };
      const identity: RosterIdentity = {
        name: cell('name'),
        email: cell('email'),
        upn: cell('upn'),
        employeeId: cell('employeeId'),
      };
      const problem = checkIdentity(identity, line, seen);
      if (problem) {
        problems.push({ row: line, message: problem });
        return;
      }
      const id = rosterUserId(line);
      users.push(rosterUser(id, identity, line));
      identities.set(id, identity);
    },
    error: (error) => {
      if (!columns) {
        throw new RosterFileError(`${theCsv(source)}: the header row could not be read: ${error.message}`);
      }
      problems.push({ row: error.row, message: error.message });
    },
  });
  if (!columns) {
    throw new RosterFileError(
      `${theCsv(source)} is empty: its first line should be a header such as "name,email".`,
    );
  }
  problems.sort((a, b) => a.row - b.row);
  return { users, identities, problems };
}

/** Why a row cannot be used (names nobody, an address that is not one, a person already on an earlier row). */
function checkIdentity(identity: RosterIdentity, row: number, seen: Map<string, number>): string | null {
  if (!identity.name && !identity.email && !identity.upn && !identity.employeeId) {
    return 'the row names nobody: fill in a name, an email, a UPN or an employee ID';
  }
  for (const [label, value] of [
    ['email', identity.email],
    ['UPN', identity.upn],
  ] as const) {
    if (value !== null && !/^[^\s@]+@[^\s@]+$/.test(value))
      return `the ${label} "${value}" is not an address`;
  }
  // A person twice would make two users the matcher must call ambiguous: say which row came first instead.
  const keys = [identity.upn, identity.email]
    .filter((v): v is string => v !== null)
    .map((v) => `a:${v.toLowerCase()}`);
  if (identity.employeeId) keys.push(`e:${identity.employeeId.toLowerCase()}`);
  for (const key of keys) {
    const earlier = seen.get(key);
    if (earlier !== undefined) return `duplicate: ${key.slice(2)} is already on row ${earlier}`;
  }
  for (const key of keys) seen.set(key, row);
  return null;
}

function rosterUser(id: string, identity: RosterIdentity, row: number): GraphUser {
  const upn = identity.upn ?? identity.email;
  return {
    id,
    // The matcher needs a UPN; a row without an address gets one no file name or directory can hold.
    userPrincipalName: upn ?? `roster-row-${row}@roster.invalid`,
    displayName: identity.name,
    mail: identity.email,
    employeeId: identity.employeeId,
    accountEnabled: true,
    userType: 'Member',
  };
}

function headerColumns(fields: string[], source: string): Map<RosterField, number> {
  const keys = fields.map(headerKey);
  const columns = new Map<RosterField, number>();
  for (const [field, names] of ROSTER_HEADERS) {
    const col = keys.findIndex((k) => names.includes(k));
    if (col >= 0) columns.set(field, col);
  }
  if (columns.size > 0) return columns;
  const first = fields.join(', ').slice(0, 200);
  throw new RosterFileError(
    `${theCsv(source)} has no column for the person; its first line is "${first}". Name the columns name, email (or upn) and employeeId.`,
  );
}

function theCsv(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  return source === 'roster file' || name === '' ? 'The roster CSV' : `The roster CSV (${name})`;
}
