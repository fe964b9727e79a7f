import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseUsersCsv, readUsersCsv, USERS_MAX_BYTES, UsersFileError } from './parse-users-csv';

describe('parseUsersCsv', () => {
  it('reads one user per row, and reports blank, duplicate and unbalanced rows by row number', () => {
    const csv =
      'user,note\r\n' +
      'jane.doe@contoso.com,left in May\r\n' +
      ',no user here\r\n' +
      'JANE.DOE@contoso.com,again\r\n' +
      '\r\n' +
      '"john@contoso.com,broken\r\n' +
      '0a1b2c3d-0000-4000-8000-000000000001,\r\n' +
      '"Müller, José",quoted\r\n';
    const parsed = parseUsersCsv(csv);
    expect(parsed.delimiter).toBe(',');
    expect(parsed.rows).toEqual([
      { row: 2, user: 'jane.doe@contoso.com', userField: 'any' },
      { row: 7, user: '0a1b2c3d-0000-4000-8000-000000000001', userField: 'any' },
      { row: 8, user: 'Müller, José', userField: 'any' },
    ]);
    expect(parsed.errors).toEqual([
      { row: 3, message: 'missing user: the row names nobody' },
      { row: 4, message: 'duplicate row: JANE.DOE@contoso.com is already on row 2' },
      {
        row: 6,
        message:
          'column 1 starts with a quote (") that is not closed on its line, so this row was skipped (the rows after it were read). Remove the quote, or add the closing one.',
      },
    ]);
  });

  it.each([
    ['user', 'any'],
    ['UPN', 'upn'],
    ['User Principal Name', 'upn'],
    ['userPrincipalName', 'upn'],
    ['mail', 'mail'],
    ['E-mail', 'mail'],
    ['email', 'mail'],
    ['id', 'id'],
    ['objectId', 'id'],
    ['Object ID', 'id'],
    ['employeeId', 'employeeId'],
  ] as const)('header %s is a %s column', (header, field) => {
    const parsed = parseUsersCsv(`Display name;${header}\nJane Doe;x123\n`);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows).toEqual([{ row: 2, user: 'x123', userField: field }]);
  });

  it('takes the strongest filled user column of a row (id, then UPN, mail, employee ID, user)', () => {
    const parsed = parseUsersCsv('mail\tid\tupn\na@contoso.com\t\tb@contoso.com\nc@contoso.com\t\t\n');
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.rows).toEqual([
      { row: 2, user: 'b@contoso.com', userField: 'upn' },
      { row: 3, user: 'c@contoso.com', userField: 'mail' },
    ]);
  });

  it('refuses a file without a user column, saying what its first line was', () => {
    expect(() => parseUsersCsv('name,department\nJane,Sales\n', 'C:\\lists\\leavers.csv')).toThrow(
      new UsersFileError(
        'The users CSV (leavers.csv) has no column for the user; its first line is "name, department". Add a first line naming the column user (or upn, mail, employeeId or id).',
      ),
    );
    // A bare list of addresses is the usual mistake: the message says the first line is a user.
    expect(() => parseUsersCsv('jane@contoso.com\njohn@contoso.com\n')).toThrow(
      /its first line is "jane@contoso.com", which is a user, not a header\. Add a first line/,
    );
    expect(() => parseUsersCsv('\n\n')).toThrow(
      new UsersFileError('The users CSV is empty: its first line should be a header such as "user".'),
    );
  });
});

describe('readUsersCsv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-users-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return file;
  };
  const table = (sep: string) =>
    `upn${sep}name\r\nzoë@contoso.com${sep}Zoë Brontë\r\nrené@contoso.com${sep}René €\r\n`;
  const utf16be = (text: string) => Buffer.from(Buffer.from(text, 'utf16le')).swap16();

  it.each([
    [
      'CSV UTF-8',
      ',',
      (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
      'utf-8-bom',
    ],
    ['UTF-8 without BOM', ';', (t: string) => Buffer.from(t), 'utf-8'],
    [
      'Unicode Text',
      '\t',
      (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
      'utf-16le',
    ],
    ['UTF-16 BE', ',', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(t)]), 'utf-16be'],
    [
      'Windows-1252',
      ';',
      (t: string) =>
        Buffer.concat(
          t
            .split('€')
            .flatMap((part, i) => (i ? [Buffer.from([0x80])] : []).concat(Buffer.from(part, 'latin1'))),
        ),
      'windows-1252',
    ],
  ] as const)('%s: encoding and addresses with diacritics', async (_name, sep, encode, encoding) => {
    const parsed = await readUsersCsv(await write(`${encoding}.csv`, encode(table(sep))));
    expect(parsed.encoding).toBe(encoding);
    expect(parsed.delimiter).toBe(sep);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, user: 'zoë@contoso.com', userField: 'upn' },
      { row: 3, user: 'rené@contoso.com', userField: 'upn' },
    ]);
  });

  it('refuses a file over the cap by its size, a workbook and a missing file, naming the file', async () => {
    const big = path.join(dir, 'everything.csv');
    await writeFile(big, 'user\n');
    await truncate(big, 30 * 1024 * 1024);
    expect(USERS_MAX_BYTES).toBe(20 * 1024 * 1024);
    await expect(readUsersCsv(big)).rejects.toThrow(
      new UsersFileError(
        `users file ${big} is 30 MB; a users CSV can be at most 20 MB (one user per row). Check that this is the right file.`,
      ),
    );
    const xlsx = await write('leavers.xlsx', Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'));
    await expect(readUsersCsv(xlsx)).rejects.toThrow(
      new UsersFileError(
        `cannot read users file ${xlsx}: it is an Excel workbook (.xlsx), not a CSV; in Excel choose File > Save As > "CSV UTF-8"`,
      ),
    );
    await expect(readUsersCsv(path.join(dir, 'nope.csv'))).rejects.toThrow(
      /^cannot read users file .*nope\.csv: .*no such file/i,
    );
  });
});
