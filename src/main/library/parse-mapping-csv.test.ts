import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
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
      { row: 7, message: 'missing user for lonely.jpg' },
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
    ['name,upn\na,b\n', /no file column/],
    ['file,department\na.jpg,Sales\n', /no user column/],
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
    expect(parseCsv('a,"b ""c"", d"\rx,y', ',')).toEqual([
      { line: 1, fields: ['a', 'b "c", d'] },
      { line: 2, fields: ['x', 'y'] },
    ]);
  });
});
