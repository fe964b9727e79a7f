/**
 * The one CSV writer for every CSV Headshot writes (run and roll back reports, the demo's mapping file): RFC 4180
 * (fields quoted with ", quotes doubled, CRLF line ends), every text cell quoted, finite numbers bare, and
 * spreadsheet formulas defused as OWASP recommends ("CSV Injection", owasp.org/www-community/attacks/CSV_Injection;
 * see docs/security.md): a cell that would start with = + - @, a tab, CR, LF or NUL (also after leading spaces,
 * no-break spaces, or as the full-width or small forms Excel's East Asian input turns into operators) gets a
 * leading apostrophe, so Excel, LibreOffice and Google Sheets read it as text.
 *
 * The same is done inside a text cell after a ';' or ',' or a line break when what follows is dangerous. A German
 * or French Excel reads a ',' file with ';' as its list separator; read with strict quotes, a quote then protects
 * only the first cell of a line, and the rest of the line is split at every ';' and line break. Pure.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** The list separator (default ','). */
  separator?: ',' | ';' | '\t';
  /** Start with a UTF-8 byte order mark, so Excel reads non-ASCII names (José, Łukasz) right (default true). */
  bom?: boolean;
}

// Characters spreadsheets start a formula with, including their full-width (U+FF1D/FF0B/FF0D/FF20) and small
// (U+FE66/FE62/FE63/FE6B) forms, and the minus sign U+2212.
const OPERATORS = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE66\\uFE62\\uFE63\\uFE6B\\u2212';
/** A cell start that a spreadsheet may read as a formula: optional blanks (any Unicode space, incl. NBSP and the
 * ideographic space) and quotes, then an operator; or a tab, CR, LF or NUL right away. */
const DANGEROUS_START = new RegExp(`^(?:[\\t\\r\\n\\0]|[\\s"]*[${OPERATORS}])`, 'u');
/** Inside a cell: a list separator or line break followed by a dangerous start. */
const DANGEROUS_SPLIT = new RegExp(`(\\r\\n|[,;\\t\\r\\n])(?=[\\s"]*[${OPERATORS}])`, 'gu');

/** The text as a spreadsheet will show it, never as a formula: apostrophes where a cell could start a formula. */
export function defuseFormula(text: string): string {
  const inner = text.replace(DANGEROUS_SPLIT, "$1'");
  return DANGEROUS_START.test(text) ? `'${inner}` : inner;
}

/** One cell: '' for null/undefined, finite numbers bare, everything else quoted text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return `"${defuseFormula(String(value)).replace(/"/g, '""')}"`;
}

export function csvLine(values: readonly CsvValue[], separator: CsvOptions['separator'] = ','): string {
  return values.map(csvCell).join(separator);
}

/** A whole file: a header line, then one line per row, each ending with CRLF. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  options: CsvOptions = {},
): string {
  const separator = options.separator ?? ',';
  const lines = [csvLine(header, separator)];
  for (const row of rows) lines.push(csvLine(row, separator));
  return (options.bom === false ? '' : '\ufeff') + lines.join('\r\n') + '\r\n';
}
