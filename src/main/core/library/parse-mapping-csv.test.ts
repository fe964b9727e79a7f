import { existsSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  MAPPING_MAX_BYTES,
  MappingFileError,
  normaliseMappedPath,
  parseCsv,
  parseMappingCsv,
  readMappingCsv,
  sniffDelimiter,
} from './parse-mapping-csv';

describe('parseMappingCsv', () => {
  it('reads an Excel export: BOM, `;`, CRLF, quoted fields, and reports bad rows by row number', () => {
    const csv =
      '\ufeffPhoto;UserPrincipalName;Note\r\n' +
      'jane.doe.jpg;jane.doe@contoso.com;ok\r\n' +
      '"Doe; Jane (2).jpg";"jane.doe@contoso.com";"has ; and ""quotes"""\r\n' +
      '../outside.jpg;john@contoso.com;\r\n' +
      'jane.doe.jpg;JANE.DOE@contoso.com;duplicate\r\n' +
      ';john@contoso.com;\r\n' +
      'lonely.jpg;;\r\n' +
      '\r\n' +
      'Sales\\José Müller.jpg;jose@contoso.com;\r\n';
    const parsed = parseMappingCsv(csv);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows).toEqual([
      { row: 2, file: 'jane.doe.jpg', user: 'jane.doe@contoso.com', userField: 'upn' },
      { row: 3, file: 'Doe; Jane (2).jpg', user: 'jane.doe@contoso.com', userField: 'upn' },
      { row: 9, file: 'Sales/José Müller.jpg', user: 'jose@contoso.com', userField: 'upn' },
    ]);
    expect(parsed.errors).toEqual([
      { row: 4, message: expect.stringMatching(/path outside the folder: \.\.\/outside\.jpg/) as unknown },
      { row: 5, message: 'duplicate row: same file and user as row 2' },
      { row: 6, message: 'missing file name' },
      { row: 7, message: 'missing user for lonely.jpg: the row names nobody', file: 'lonely.jpg' },
    ]);
  });

  it.each([
    ['file,upn', ',', 'upn'],
    ['filename\temail', '\t', 'mail'],
    ['photo;employeeId', ';', 'employeeId'],
    ['File Name,Object ID', ',', 'id'],
    ['file,mail', ',', 'mail'],
    ['file,user', ',', 'any'],
  ] as const)('header %j: delimiter %j, user field %s', (header, delimiter, field) => {
    const parsed = parseMappingCsv(`${header}\nx.jpg${delimiter}abc\n`);
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.rows).toEqual([{ row: 2, file: 'x.jpg', user: 'abc', userField: field }]);
  });

  it('uses the first filled user column by priority (id > upn > mail > employeeId)', () => {
    const parsed = parseMappingCsv(
      'file,employeeId,mail,upn\na.jpg,123,,\nb.jpg,123,b@x.com,\nc.jpg,1,c@x.com,c@y.com\n',
    );
    expect(parsed.rows.map((r) => [r.file, r.userField, r.user])).toEqual([
      ['a.jpg', 'employeeId', '123'],
      ['b.jpg', 'mail', 'b@x.com'],
      ['c.jpg', 'upn', 'c@y.com'],
    ]);
  });

  it('counts rows by the line they start on when a quoted field spans lines', () => {
    const parsed = parseMappingCsv('file,upn\n"two\nlines.jpg",a@x.com\nb.jpg,b@x.com\n');
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it.each([
    ['', /empty/],
    [
      'name,upn\na,b\n',
      /^The mapping CSV has no column for the file name; its first line is "name, upn"\. Name that column file, filename or photo\.$/,
    ],
    [
      'file,department\na.jpg,Sales\n',
      /^The mapping CSV has no column for the user; its first line is "file, department"\. Name that column upn/,
    ],
  ])('rejects the whole file: %j', (csv, message) => {
    expect(() => parseMappingCsv(csv)).toThrow(MappingFileError);
    expect(() => parseMappingCsv(csv)).toThrow(message);
  });

  it('readMappingCsv turns a missing file into a MappingFileError', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-csv-'));
    try {
      await expect(readMappingCsv(path.join(dir, 'nope.csv'))).rejects.toThrow(
        /cannot read mapping file .*no such file/,
      );
      await writeFile(path.join(dir, 'm.csv'), 'file,upn\na.jpg,a@x.com\n');
      expect((await readMappingCsv(path.join(dir, 'm.csv'))).rows).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readMappingCsv: the files Excel writes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-csv-enc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return file;
  };

  const EXPECTED = [
    { row: 2, file: 'Zoë Müller.jpg', user: 'zoe@contoso.com', userField: 'upn' },
    { row: 3, file: 'Sales/José.jpg', user: 'jose@contoso.com', userField: 'upn' },
    { row: 4, file: 'Prämie €.jpg', user: 'eur@contoso.com', userField: 'upn' },
  ];
  const table = (sep: string) =>
    [
      `file${sep}upn`,
      `Zoë Müller.jpg${sep}zoe@contoso.com`,
      `"Sales\\José.jpg"${sep}jose@contoso.com`,
      `Prämie €.jpg${sep}eur@contoso.com`,
      '',
    ].join('\r\n');

  it.each([
    ['UTF-8 without BOM', ',', (t: string) => Buffer.from(t, 'utf8'), 'utf-8'],
    ['Excel "CSV UTF-8" (BOM, ;)', ';', (t: string) => Buffer.from(`\ufeff${t}`, 'utf8'), 'utf-8-bom'],
    [
      'Excel "Unicode Text" (UTF-16 LE, BOM, tabs)',
      '\t',
      (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
      'utf-16le',
    ],
    [
      'UTF-16 BE with BOM',
      '\t',
      (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
      'utf-16be',
    ],
    [
      'Excel "CSV" on a Western Windows (Windows-1252, ;)',
      ';',
      // Latin-1 for the letters; the euro sign is 0x80 in Windows-1252 (Latin-1 has no euro).
      (t: string) =>
        Buffer.concat(
          t
            .split('€')
            .flatMap((part, i) => (i ? [Buffer.from([0x80])] : []).concat(Buffer.from(part, 'latin1'))),
        ),
      'windows-1252',
    ],
  ] as const)('%s: encoding and names with diacritics', async (name, sep, encode, encoding) => {
    const bytes = encode(table(sep));
    if (encoding === 'windows-1252') expect(bytes.includes(0x80) && bytes.includes(0xeb)).toBe(true);
    const parsed = await readMappingCsv(await write(`${encoding}.csv`, bytes));
    expect(parsed.encoding).toBe(encoding);
    expect(parsed.delimiter).toBe(sep);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual(EXPECTED);
  });

  it('refuses a file over the cap by its size, naming the file and the cap', async () => {
    // Sparse: 50 MB on paper, no data written, so a test of "read the whole file" would still be quick; the
    // figure in the message comes from the size, not from reading.
    const big = path.join(dir, 'export of everything.csv');
    await writeFile(big, 'file,upn\n');
    await truncate(big, 50 * 1024 * 1024);
    const error = await readMappingCsv(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MappingFileError);
    expect((error as Error).message).toBe(
      `mapping file ${big} is 50 MB; a mapping CSV can be at most 20 MB (one row per photo). Check that this is the right file.`,
    );
    expect(MAPPING_MAX_BYTES).toBe(20 * 1024 * 1024);
    const small = await write('small.csv', Buffer.from('file,upn\na.jpg,a@x.com\n'));
    await expect(readMappingCsv(small, { maxBytes: 10 })).rejects.toThrow(
      /is 23 bytes; a mapping CSV can be at most 10 bytes/,
    );
    expect((await readMappingCsv(small, { maxBytes: 23 })).rows).toHaveLength(1);
  });

  it.skipIf(!existsSync('/dev/zero'))('stops at the cap on a file that has no size (a device)', async () => {
    await expect(readMappingCsv('/dev/zero', { maxBytes: 1024 * 1024 })).rejects.toThrow(
      /mapping file \/dev\/zero is over 1 MB; a mapping CSV can be at most 1 MB/,
    );
  });

  it('refuses an Excel workbook with a sentence that says how to save a CSV', async () => {
    const xlsx = await write(
      'mapping.xlsx',
      Buffer.from('PK\x03\x04\x14\x00\x06\x00[Content_Types].xml', 'latin1'),
    );
    await expect(readMappingCsv(xlsx)).rejects.toThrow(
      new MappingFileError(
        `cannot read mapping file ${xlsx}: it is an Excel workbook (.xlsx), not a CSV; in Excel choose File > Save As > "CSV UTF-8"`,
      ),
    );
  });
});

describe('an unbalanced quote costs its row, not the rest of the file', () => {
  /** A header and 1,000 rows (rows 2-1001); `edit` changes some of them. */
  const thousand = (edit: (row: number, line: string) => string) =>
    ['file,upn,note']
      .concat(Array.from({ length: 1000 }, (_, i) => edit(i + 2, `p${i + 2}.jpg,u${i + 2}@contoso.com,ok`)))
      .join('\r\n');
  const rowsOf = (csv: string) => parseMappingCsv(csv).rows.map((r) => r.row);
  const allBut = (...skipped: number[]) =>
    Array.from({ length: 1000 }, (_, i) => i + 2).filter((r) => !skipped.includes(r));

  it('never closed: row 5 is reported and skipped, the 999 others are read', () => {
    const parsed = parseMappingCsv(thousand((row, line) => (row === 5 ? `"${line}` : line)));
    expect(parsed.errors).toEqual([
      {
        row: 5,
        message:
          'column 1 starts with a quote (") that is never closed, so this row was skipped (the rows after it were read). Remove the quote, or add the closing one.',
      },
    ]);
    expect(parsed.rows.map((r) => r.row)).toEqual(allBut(5));
    expect(parsed.rows[3]).toEqual({ row: 6, file: 'p6.jpg', user: 'u6@contoso.com', userField: 'upn' });
  });

  it.each([
    [2, 'p5.jpg,"u5@contoso.com,ok'],
    // In the last column the row has all its columns: only the text after the closing quote gives it away.
    [3, 'p5.jpg,u5@contoso.com,"ok'],
  ])(
    "closed by a later row's quote (column %i): one row, and the later quoted row is read right",
    (column, row5) => {
      const csv = thousand((row, line) =>
        row === 5 ? row5 : row === 9 ? `"Doe, Jane.jpg",u9@contoso.com,ok` : line,
      );
      const parsed = parseMappingCsv(csv);
      expect(parsed.errors).toEqual([
        {
          row: 5,
          message: expect.stringMatching(
            new RegExp(`^column ${column} starts with a quote \\("\\) that is not closed on its line`),
          ) as unknown,
        },
      ]);
      expect(rowsOf(csv)).toEqual(allBut(5));
      expect(parsed.rows.find((r) => r.row === 9)?.file).toBe('Doe, Jane.jpg');
    },
  );

  it('closed at the end of a later line (a quote that pairs up): the short row it made is refused', () => {
    const csv = thousand((row, line) => (row === 5 ? `"${line}` : row === 7 ? `${line}"` : line));
    const parsed = parseMappingCsv(csv);
    expect(parsed.errors.map((e) => e.row)).toEqual([5]);
    // Row 7 keeps its stray closing quote as text in the note column; it is read, not lost.
    expect(rowsOf(csv)).toEqual(allBut(5));
  });

  it('several stray quotes each cost one row, the last row included', () => {
    const csv = thousand((row, line) => ([3, 500, 1001].includes(row) ? `"${line}` : line));
    expect(parseMappingCsv(csv).errors.map((e) => e.row)).toEqual([3, 500, 1001]);
    expect(rowsOf(csv)).toEqual(allBut(3, 500, 1001));
  });

  it('a quote that opens a field in the header is a file error that says so', () => {
    expect(() => parseMappingCsv('"file,upn\na.jpg,a@x.com\n')).toThrow(
      /the header row could not be read: row 1: column 1 starts with a quote/,
    );
  });

  it('keeps what Excel writes: multi-line cells, "" inside quotes, and quotes inside unquoted text', () => {
    const parsed = parseMappingCsv(
      'file;upn;note\r\n' +
        'a.jpg;a@x.com;"first line\r\nsecond; line"\r\n' +
        '"Jane ""JJ"" Doe.jpg";b@x.com;\r\n' +
        'Jane 5" tall.jpg;c@x.com;x\r\n' +
        '"Doe" Jane.jpg;d@x.com;\r\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.file])).toEqual([
      [2, 'a.jpg'],
      [4, 'Jane "JJ" Doe.jpg'],
      [5, 'Jane 5" tall.jpg'],
      [6, 'Doe Jane.jpg'],
    ]);
  });
});

describe('normaliseMappedPath', () => {
  it.each([
    ['a.jpg', 'a.jpg'],
    ['./Sales/a.jpg', 'Sales/a.jpg'],
    ['Sales\\a.jpg', 'Sales/a.jpg'],
    ['Sales//a.jpg', 'Sales/a.jpg'],
    ['José.jpg'.normalize('NFD'), 'José.jpg'.normalize('NFC')],
    ['../a.jpg', null],
    ['Sales/../../a.jpg', null],
    ['..\\a.jpg', null],
    ['/etc/passwd', null],
    ['C:\\photos\\a.jpg', null],
    ['c:a.jpg', null],
    ['\\\\server\\share\\a.jpg', null],
    ['.', null],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseMappedPath(raw)).toBe(expected);
  });
});

describe('csv primitives', () => {
  it('sniffs the delimiter from the header only, ignoring quoted ones', () => {
    expect(sniffDelimiter('"a,b";c\n1,2,3,4\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n')).toBe('\t');
    expect(sniffDelimiter('a,b;c\n')).toBe(',');
  });
  it('parses quotes, escaped quotes and CR-only line ends', () => {
    expect(parseCsv('a,"b ""c"", d"\rx,y', ',')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b "c", d'] },
        { line: 2, fields: ['x', 'y'] },
      ],
      errors: [],
    });
  });
});
