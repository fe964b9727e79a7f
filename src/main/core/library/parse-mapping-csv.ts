/**
 * The mapping CSV an admin writes when file names don't say who is in the photo: one row per file, naming the
 * user. The bytes are decoded as Excel writes them (decode-csv-text.ts: UTF-8 with or without BOM, UTF-16 with
 * BOM, Windows-1252), the delimiter is sniffed (Excel writes `;` in many locales, tabs in "Unicode Text"). Rows
 * are checked on their own here (paths that leave the folder, blanks, duplicates, unbalanced quotes); whether the
 * file and the user exist is decided by the matcher, which knows the folder and the directory.
 */
import { open } from 'node:fs/promises';
import type { MappingEncoding } from '../../../shared/mapping-csv';
import { decodeCsvBytes, type DecodedText, TextDecodeError } from './decode-csv-text';
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
  /** The folder file the row names, when it names one (a row with no user): the matcher says so on that file. */
  file?: string;
}

export interface ParsedMapping {
  rows: MappingRow[];
  errors: MappingRowError[];
  delimiter: ',' | ';' | '\t';
}

export interface ReadMapping extends ParsedMapping {
  encoding: MappingEncoding;
}

/** The mapping file as a whole is unusable (unreadable, too big, not text, no header we understand). */
export class MappingFileError extends Error {
  override name = 'MappingFileError';
}

/**
 * One row per photo: 20 MB holds some 200,000 rows of long paths and addresses, far more than a folder has, so a
 * bigger file is the wrong file (an export of something else); refusing it keeps memory bounded.
 */
export const MAPPING_MAX_BYTES = 20 * 1024 * 1024;

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
/** Header -> field, in the priority used when a row fills several user columns (the users CSV's too). */
export const USER_HEADERS: [MappingUserField, string[]][] = [
  ['id', ['id', 'objectid', 'userid']],
  ['upn', ['upn', 'userprincipalname']],
  ['mail', ['mail', 'email', 'emailaddress', 'smtp']],
  ['employeeId', ['employeeid', 'employeenumber', 'empid']],
  ['any', ['user', 'username']],
];

/** A header as compared: any case, without spaces, `_`, `-` or `.` ("User Principal Name" = upn's long form). */
export const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

export async function readMappingCsv(file: string, opts: { maxBytes?: number } = {}): Promise<ReadMapping> {
  const decoded = await readCsvFile(file, opts.maxBytes ?? MAPPING_MAX_BYTES, MAPPING_FILE);
  return { ...parseMappingCsv(decoded.text, file), encoding: decoded.encoding };
}

/** Which CSV a capped read is for, in the words of its errors. */
export interface CsvFileKind {
  /** "mapping file": "cannot read mapping file <path>". */
  noun: string;
  /** "a mapping CSV": "a mapping CSV can be at most 20 MB". */
  article: string;
  /** Why the cap is enough: "one row per photo". */
  perRow: string;
  error: (message: string) => Error;
}

const MAPPING_FILE: CsvFileKind = {
  noun: 'mapping file',
  article: 'a mapping CSV',
  perRow: 'one row per photo',
  error: (message) => new MappingFileError(message),
};

/**
 * A CSV file Excel saved -> its text (decode-csv-text.ts), refused past `maxBytes`: the one read of the mapping CSV
 * and the users CSV. Every failure (unreadable, too big, not text) is `kind.error`, naming the file.
 */
export async function readCsvFile(file: string, maxBytes: number, kind: CsvFileKind): Promise<DecodedText> {
  try {
    // No variable holds the bytes, so they can be freed while the text is parsed.
    return decodeCsvBytes(await readCapped(file, maxBytes, kind));
  } catch (error) {
    if (error instanceof TextDecodeError)
      throw kind.error(`cannot read ${kind.noun} ${file}: ${error.message}`);
    throw error;
  }
}

const mb = (bytes: number) =>
  bytes < 1024 * 1024 ? `${bytes} bytes` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The whole file, refused (by its size, before reading) past the cap; read in chunks so a file that grows, or a
 * device that has no size, is stopped at the cap too. */
async function readCapped(file: string, maxBytes: number, kind: CsvFileKind): Promise<Buffer> {
  const tooBig = (size: string) =>
    kind.error(
      `${kind.noun} ${file} is ${size}; ${kind.article} can be at most ${mb(maxBytes)} (${kind.perRow}). Check that this is the right file.`,
    );
  const cannotRead = (error: unknown) =>
    kind.error(`cannot read ${kind.noun} ${file}: ${describeFsError(error)}`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw cannotRead(error);
  }
  let tooBigError: Error | null = null;
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw (tooBigError = tooBig(mb(size)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The stated size in one read; past it, only as much as proves the cap is crossed.
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size, 64 * 1024), maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw (tooBigError = tooBig(`over ${mb(maxBytes)}`));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } catch (error) {
    if (error === tooBigError) throw error;
    throw cannotRead(error);
  } finally {
    await handle.close();
  }
}

export function parseMappingCsv(text: string, source = 'mapping file'): ParsedMapping {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = sniffDelimiter(text);
  const rows: MappingRow[] = [];
  const errors: MappingRowError[] = [];
  const seen = new Map<string, MappingRow>();
  let columns: MappingColumns | null = null;
  // Record by record, so a big file's records are garbage as soon as their row is checked.
  readCsv(text, delimiter, {
    record: (record) => {
      if (record.fields.every((f) => f.trim() === '')) return;
      if (!columns) columns = headerColumns(record.fields, source);
      else {
        const checked = checkRow(record, columns, seen);
        if ('message' in checked) errors.push(checked);
        else rows.push(checked);
      }
    },
    error: (error) => {
      if (!columns) {
        throw new MappingFileError(
          `${theCsv(source)}: the header row could not be read: row ${error.row}: ${error.message}`,
        );
      }
      errors.push(error);
    },
  });
  if (!columns) {
    throw new MappingFileError(
      `${theCsv(source)} is empty: its first line should be a header such as "file,upn".`,
    );
  }
  errors.sort((x, y) => x.row - y.row);
  return { rows, errors, delimiter };
}

interface MappingColumns {
  file: number;
  /** User columns in priority order. */
  users: UserColumn[];
}

function headerColumns(fields: string[], source: string): MappingColumns {
  const keys = fields.map(headerKey);
  const firstLine = `its first line is "${fields.join(', ').slice(0, 200)}"`;
  const file = keys.findIndex((k) => FILE_HEADERS.has(k));
  if (file < 0) {
    throw new MappingFileError(
      `${theCsv(source)} has no column for the file name; ${firstLine}. Name that column file, filename or photo.`,
    );
  }
  const users = userColumns(keys);
  if (users.length === 0) {
    throw new MappingFileError(
      `${theCsv(source)} has no column for the user; ${firstLine}. Name that column upn, mail, employeeId or id.`,
    );
  }
  return { file, users };
}

export interface UserColumn {
  field: MappingUserField;
  col: number;
}

/** The user columns of a header (keys through headerKey), in USER_HEADERS' priority. */
export function userColumns(keys: readonly string[]): UserColumn[] {
  const users: UserColumn[] = [];
  for (const [field, names] of USER_HEADERS) {
    const col = keys.findIndex((k) => names.includes(k));
    if (col >= 0) users.push({ field, col });
  }
  return users;
}

/** The row's user: the first filled user column, in priority order. */
export function rowUser(
  fields: readonly string[],
  columns: readonly UserColumn[],
): { field: MappingUserField; value: string } | undefined {
  return columns
    .map(({ field, col }) => ({ field, value: (fields[col] ?? '').trim() }))
    .find((u) => u.value !== '');
}

/** "The mapping CSV (people.csv)": the file by its name, not its whole path. */
function theCsv(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  return source === 'mapping file' || name === '' ? 'The mapping CSV' : `The mapping CSV (${name})`;
}

/** One data row -> a mapping row, or the reason it is not one. `seen` holds the rows so far, for duplicates. */
function checkRow(
  record: CsvRecord,
  columns: MappingColumns,
  seen: Map<string, MappingRow>,
): MappingRow | MappingRowError {
  const row = record.line;
  const rawFile = (record.fields[columns.file] ?? '').trim();
  const user = rowUser(record.fields, columns.users);
  if (rawFile === '') return { row, message: 'missing file name' };
  const file = normaliseMappedPath(rawFile);
  if (!user) {
    return {
      row,
      message: `missing user for ${rawFile}: the row names nobody`,
      ...(file !== null ? { file } : {}),
    };
  }
  if (file === null) {
    return {
      row,
      message: `path outside the folder: ${rawFile} (use a path relative to the folder, without ../)`,
    };
  }
  const key = `${file}\u0000${user.field}\u0000${user.value.toLowerCase()}`;
  const earlier = seen.get(key);
  if (earlier) return { row, message: `duplicate row: same file and user as row ${earlier.row}` };
  const mapped: MappingRow = { row, file, user: user.value, userField: user.field };
  seen.set(key, mapped);
  return mapped;
}

/** Folder-relative, '/' separated, NFC; null when the path is absolute or climbs out with `..`. */
export function normaliseMappedPath(raw: string): string | null {
  const p = raw.normalize('NFC').replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-z]:/i.test(p)) return null;
  const parts = p.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const DELIMITERS = { ',': 0, ';': 0, '\t': 0 };

/** The delimiter that occurs most often outside quotes in the header line (`,` wins ties). */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ...DELIMITERS };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (c === 0x2c) counts[',']++;
    else if (c === 0x3b) counts[';']++;
    else if (c === TAB) counts['\t']++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface ParsedCsv {
  records: CsvRecord[];
  /** Rows that could not be read (an unbalanced quote), one each; the rows after them are read as usual. */
  errors: MappingRowError[];
}

type RecordRead =
  | { ok: true; fields: string[]; next: number; nextLine: number }
  | { ok: false; message: string; next: number; nextLine: number };

/**
 * RFC 4180: quoted fields may hold delimiters, "" and line breaks; CRLF, LF and CR all end a record. A quote that
 * opens a field but does not close it properly would swallow the rest of the file, so a quoted field that spans
 * lines must close with a quote followed by the delimiter or the line's end, and leave a row with at least the
 * header's number of columns (Excel's multi-line cells do); otherwise that one row is reported and reading starts
 * again on the line after its quote. Fields are slices of the text, never built a character at a time, so a huge
 * row costs linear time and memory.
 */
export function parseCsv(text: string, delimiter: string): ParsedCsv {
  const records: CsvRecord[] = [];
  const errors: MappingRowError[] = [];
  readCsv(text, delimiter, { record: (r) => records.push(r), error: (e) => errors.push(e) });
  return { records, errors };
}

/** parseCsv without keeping the records: each is handed over in file order, as are the rows that failed. */
export function readCsv(
  text: string,
  delimiter: string,
  on: { record: (record: CsvRecord) => void; error: (error: MappingRowError) => void },
): void {
  const d = delimiter.charCodeAt(0);
  let headerWidth = 0;
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const read = readRecord(text, i, line, d, headerWidth);
    if (read.ok) {
      if (headerWidth === 0 && read.fields.some((f) => f.trim() !== '')) headerWidth = read.fields.length;
      on.record({ line, fields: read.fields });
    } else on.error({ row: line, message: read.message });
    i = read.next;
    line = read.nextLine;
  }
}

function readRecord(
  text: string,
  start: number,
  startLine: number,
  d: number,
  headerWidth: number,
): RecordRead {
  const n = text.length;
  const fields: string[] = [];
  let line = startLine;
  /** The first quoted field of this row that spans lines: where to start again if the row proves broken. */
  let spanning: { at: number; line: number; column: number } | null = null;
  let i = start;
  for (;;) {
    let j = i;
    while (j < n && (text.charCodeAt(j) === SPACE || (text.charCodeAt(j) === TAB && d !== TAB))) j++;
    if (j < n && text.charCodeAt(j) === QUOTE) {
      const column = fields.length + 1;
      let k = j + 1;
      let close = -1;
      let undoubled: SliceJoiner | null = null;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) break;
        if (text.charCodeAt(q + 1) === QUOTE) {
          (undoubled ??= new SliceJoiner()).add(text.slice(k, q + 1));
          k = q + 2;
          continue;
        }
        close = q;
        break;
      }
      if (close < 0)
        return brokenRow(text, j, line, `column ${column} starts with a quote (") that is never closed`);
      let value = undoubled ? undoubled.add(text.slice(k, close)).join() : text.slice(j + 1, close);
      const breaks = countLineBreaks(text, j + 1, close);
      let after = close + 1;
      if (breaks > 0) {
        const c = text.charCodeAt(after);
        if (after < n && c !== d && c !== LF && c !== CR) {
          return brokenRow(
            text,
            j,
            line,
            `column ${column} starts with a quote (") that is not closed on its line`,
          );
        }
        spanning ??= { at: j, line, column };
        line += breaks;
      } else {
        // As Excel does: text after the closing quote, on the same line, joins the field (`"Doe" Jane` -> `Doe Jane`).
        const end = endOfField(text, after, d);
        if (end > after) value += text.slice(after, end);
        after = end;
      }
      fields.push(value);
      i = after;
    } else {
      const end = endOfField(text, i, d);
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    break;
  }
  if (spanning && fields.length < headerWidth) {
    return brokenRow(
      text,
      spanning.at,
      spanning.line,
      `column ${spanning.column} starts with a quote (") that is not closed on its line`,
    );
  }
  return { ok: true, fields, next: i, nextLine: line + 1 };
}

/** The row is skipped; reading resumes at the line after the one where its bad quote opened. */
function brokenRow(text: string, quoteAt: number, quoteLine: number, what: string): RecordRead {
  let i = quoteAt;
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
  if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
  return {
    ok: false,
    message: `${what}, so this row was skipped (the rows after it were read). Remove the quote, or add the closing one.`,
    next: Math.min(i + 1, text.length),
    nextLine: quoteLine + 1,
  };
}

/**
 * Joins many slices into one flat string, a thousand at a time: a million `""` in one huge field would otherwise
 * mean a million-entry array at once, and String#replaceAll leaves a rope of that many parts (measured: 140 MB kept
 * for a 19 MB field).
 */
class SliceJoiner {
  private parts: string[] = [];
  private joined: string[] = [];
  add(slice: string): this {
    this.parts.push(slice);
    if (this.parts.length === 1024) {
      this.joined.push(this.parts.join(''));
      this.parts = [];
    }
    return this;
  }
  join(): string {
    this.joined.push(this.parts.join(''));
    return this.joined.length === 1 ? (this.joined[0] as string) : this.joined.join('');
  }
}

/** Index of the delimiter, line break or end of text that ends an unquoted field (quotes in it are literal). */
function endOfField(text: string, from: number, d: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === d || c === LF || c === CR) break;
  }
  return i;
}

/** CRLF, LF and a lone CR each count once. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}
