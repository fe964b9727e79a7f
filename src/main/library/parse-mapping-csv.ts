/**
 * The mapping CSV an admin writes when file names don't say who is in the photo: one row per file, naming the
 * user. Excel writes `;` in many locales and a BOM, so the delimiter is sniffed and the BOM dropped. Rows are
 * checked on their own here (paths that leave the folder, blanks, duplicates); whether the file and the user
 * exist is decided by the matcher, which knows the folder and the directory.
 */
import { readFile } from 'node:fs/promises';
import { describeFsError } from './scan-folder';

/** Which directory attribute the row's user value is. */
export type MappingUserField = 'id' | 'upn' | 'mail' | 'employeeId' | 'any';

export interface MappingRow {
  /** Line number in the file where the row starts (the header is row 1), as a spreadsheet shows it. */
  row: number;
  /** Relative path inside the folder, '/' separators, NFC. */
  file: string;
  user: string;
  userField: MappingUserField;
}

export interface MappingRowError {
  row: number;
  message: string;
}

export interface ParsedMapping {
  rows: MappingRow[];
  errors: MappingRowError[];
  delimiter: ',' | ';' | '\t';
}

/** The mapping file as a whole is unusable (unreadable, no header we understand). */
export class MappingFileError extends Error {
  override name = 'MappingFileError';
}

const FILE_HEADERS = new Set([
  'file',
  'filename',
  'photo',
  'photofile',
  'picture',
  'image',
  'path',
  'filepath',
]);
/** Header -> field, in the priority used when a row fills several user columns. */
const USER_HEADERS: [MappingUserField, string[]][] = [
  ['id', ['id', 'objectid', 'userid']],
  ['upn', ['upn', 'userprincipalname']],
  ['mail', ['mail', 'email', 'emailaddress', 'smtp']],
  ['employeeId', ['employeeid', 'employeenumber', 'empid']],
  ['any', ['user', 'username']],
];

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

export async function readMappingCsv(file: string): Promise<ParsedMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MappingFileError(`cannot read mapping file ${file}: ${describeFsError(error)}`);
  }
  return parseMappingCsv(text, file);
}

export function parseMappingCsv(text: string, source = 'mapping file'): ParsedMapping {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = sniffDelimiter(text);
  const records = parseCsv(text, delimiter);
  const header = records.find((r) => r.fields.some((f) => f.trim() !== ''));
  if (!header) throw new MappingFileError(`${source} is empty: expected a header row such as "file,upn"`);

  const keys = header.fields.map(headerKey);
  const fileCol = keys.findIndex((k) => FILE_HEADERS.has(k));
  if (fileCol < 0) {
    throw new MappingFileError(
      `${source} has no file column: the header must name one of file, filename, photo (found: ${header.fields.join(', ')})`,
    );
  }
  const userCols: { field: MappingUserField; col: number }[] = [];
  for (const [field, names] of USER_HEADERS) {
    const col = keys.findIndex((k) => names.includes(k));
    if (col >= 0) userCols.push({ field, col });
  }
  if (userCols.length === 0) {
    throw new MappingFileError(
      `${source} has no user column: the header must name one of upn, userPrincipalName, mail, email, employeeId, id`,
    );
  }

  const rows: MappingRow[] = [];
  const errors: MappingRowError[] = [];
  const seen = new Map<string, MappingRow>();
  for (const record of records) {
    if (record === header || record.fields.every((f) => f.trim() === '')) continue;
    const rawFile = (record.fields[fileCol] ?? '').trim();
    const user = userCols
      .map(({ field, col }) => ({ field, value: (record.fields[col] ?? '').trim() }))
      .find((u) => u.value !== '');
    if (rawFile === '') {
      errors.push({ row: record.line, message: 'missing file name' });
      continue;
    }
    if (!user) {
      errors.push({ row: record.line, message: `missing user for ${rawFile}` });
      continue;
    }
    const file = normaliseMappedPath(rawFile);
    if (file === null) {
      errors.push({
        row: record.line,
        message: `path outside the folder: ${rawFile} (use a path relative to the folder, without ../)`,
      });
      continue;
    }
    const key = `${file}\u0000${user.field}\u0000${user.value.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier) {
      errors.push({ row: record.line, message: `duplicate row: same file and user as row ${earlier.row}` });
      continue;
    }
    const row: MappingRow = { row: record.line, file, user: user.value, userField: user.field };
    seen.set(key, row);
    rows.push(row);
  }
  return { rows, errors, delimiter };
}

/** Folder-relative, '/' separated, NFC; null when the path is absolute or climbs out with `..`. */
export function normaliseMappedPath(raw: string): string | null {
  const p = raw.normalize('NFC').replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-z]:/i.test(p)) return null;
  const parts = p.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}

/** The delimiter that occurs most often outside quotes in the header line (`,` wins ties). */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180: quoted fields may hold delimiters, "" and line breaks; CRLF, LF and CR all end a record. */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
