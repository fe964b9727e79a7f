import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { matchReportSchema } from '../../shared/domain';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';

let dir: string;
let jpeg: Buffer;

async function cli(args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await runCli(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const users = [
  { id: 'u1', userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe', accountEnabled: true },
  { id: 'u2', userPrincipalName: 'john.smith@contoso.com', displayName: 'John Smith' },
  { id: 'u3', userPrincipalName: 'jsmith2@contoso.com', displayName: 'John Smith' },
  {
    id: 'u4',
    userPrincipalName: 'pat_x.com#EXT#@contoso.onmicrosoft.com',
    displayName: 'Pat Guest',
    userType: 'Guest',
  },
  { id: 'u5', userPrincipalName: 'a@fabrikam.com', displayName: 'A Fabrikam' },
  { id: 'u6', userPrincipalName: 'a@contoso.com', displayName: 'A Contoso' },
];
const ref = (u: (typeof users)[number]) => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-cli-match-'));
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#999' } })
    .jpeg()
    .toBuffer();
  await mkdir(path.join(dir, 'photos', 'Sub'), { recursive: true });
  for (const name of [
    'jane.doe.jpg',
    'John Smith.jpg',
    'Pat Guest.jpg',
    'a.jpg',
    'IMG_0001.jpg',
    'Sub/Jane Doe (2).jpg',
  ]) {
    await writeFile(path.join(dir, 'photos', name), jpeg);
  }
  await writeFile(path.join(dir, 'photos', 'readme.jpg'), 'not an image');
  await writeFile(path.join(dir, 'photos', 'Thumbs.db'), 'x');
  await writeFile(path.join(dir, 'users.json'), JSON.stringify({ value: users }));
  await writeFile(path.join(dir, 'broken.json'), '{"value": [');
  await writeFile(path.join(dir, 'bad-users.json'), JSON.stringify([{ id: 'x' }]));
  await writeFile(
    path.join(dir, 'map.csv'),
    '\ufeffFile;UPN\r\nIMG_0001.jpg;jsmith2@contoso.com\r\n../x.jpg;a@contoso.com\r\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('headshot match', () => {
  it('prints exactly one JSON document with the documented shape', async () => {
    const { code, stdout, stderr } = await cli(['match', 'photos', '--directory', 'users.json', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as unknown;
    expect(matchReportSchema.strict().parse(doc)).toEqual(doc);
    const { matches, summary } = doc as {
      matches: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    for (const m of matches)
      expect(Object.keys(m).sort()).toEqual(['candidates', 'file', 'method', 'reason', 'status', 'user']);
    expect(matches.map((m) => ({ ...m, reason: typeof m.reason }))).toEqual([
      {
        file: 'IMG_0001.jpg',
        status: 'unmatched',
        user: null,
        method: null,
        candidates: [],
        reason: 'string',
      },
      {
        file: 'John Smith.jpg',
        status: 'ambiguous',
        user: null,
        method: 'displayName',
        candidates: [ref(users[1]!), ref(users[2]!)],
        reason: 'string',
      },
      {
        file: 'Pat Guest.jpg',
        status: 'unmatched',
        user: null,
        method: null,
        candidates: [ref(users[3]!)],
        reason: 'string',
      },
      {
        file: 'Sub/Jane Doe (2).jpg',
        status: 'conflict',
        user: null,
        method: 'displayName',
        candidates: [ref(users[0]!)],
        reason: 'string',
      },
      {
        file: 'a.jpg',
        status: 'ambiguous',
        user: null,
        method: 'upn',
        candidates: [ref(users[4]!), ref(users[5]!)],
        reason: 'string',
      },
      {
        file: 'jane.doe.jpg',
        status: 'conflict',
        user: null,
        method: 'upn',
        candidates: [ref(users[0]!)],
        reason: 'string',
      },
      { file: 'readme.jpg', status: 'skipped', user: null, method: null, candidates: [], reason: 'string' },
    ]);
    expect(summary).toEqual({
      matched: 0,
      ambiguous: 2,
      suggested: 0,
      conflict: 2,
      unmatched: 2,
      skipped: 1,
      'outside-scope': 0,
    });
  });

  it('honours --domain, --mapping and --include-guests, with bad mapping rows on stderr', async () => {
    const { code, stdout, stderr } = await cli([
      'match',
      path.join(dir, 'photos'),
      '--directory',
      'users.json',
      '--domain',
      'contoso.com',
      '--mapping',
      'map.csv',
      '--include-guests',
      '--max-depth',
      '0',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^headshot match: mapping row 3: path outside the folder: \.\.\/x\.jpg/);
    const { matches } = JSON.parse(stdout) as {
      matches: { file: string; status: string; user: { id: string } | null; method: string | null }[];
    };
    const by = Object.fromEntries(matches.map((m) => [m.file, [m.status, m.user?.id ?? null, m.method]]));
    expect(by).toEqual({
      'IMG_0001.jpg': ['matched', 'u3', 'mapping'],
      'John Smith.jpg': ['ambiguous', null, 'displayName'],
      'Pat Guest.jpg': ['matched', 'u4', 'displayName'],
      Sub: ['skipped', null, null],
      'a.jpg': ['matched', 'u6', 'upn'],
      'jane.doe.jpg': ['matched', 'u1', 'upn'],
      'readme.jpg': ['skipped', null, null],
    });
  });

  it("says on stderr which encoding the mapping CSV was read in (Excel's Windows-1252 here)", async () => {
    await mkdir(path.join(dir, 'photos-1252'), { recursive: true });
    await writeFile(path.join(dir, 'photos-1252', 'Zoë Müller.jpg'), jpeg);
    // "Zoë Müller.jpg;jane.doe@contoso.com" in Windows-1252: ë = 0xEB, ü = 0xFC (not valid UTF-8).
    await writeFile(
      path.join(dir, 'map-1252.csv'),
      Buffer.from('file;upn\r\nZo\xeb M\xfcller.jpg;jane.doe@contoso.com\r\n', 'latin1'),
    );
    const { code, stdout, stderr } = await cli([
      'match',
      'photos-1252',
      '--directory',
      'users.json',
      '--mapping',
      'map-1252.csv',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^headshot match: Mapping CSV: 1 row, read as Windows-1252 \(Excel "CSV" on a Western-language Windows\), separated by semicolons\. If names with accents look wrong/,
    );
    const { matches } = JSON.parse(stdout) as { matches: { file: string; status: string; method: string }[] };
    expect(matches).toMatchObject([{ file: 'Zoë Müller.jpg', status: 'matched', method: 'mapping' }]);
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await cli([
      'match',
      'photos',
      '--directory',
      'users.json',
      '--domain',
      'contoso.com',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^matched {3}a\.jpg -> a@contoso\.com \(upn\)$/m);
    expect(stdout).toMatch(/2 conflict, 1 matched|1 matched, .*2 conflict/);
  });

  it.each([
    [['match', 'photos'], /--directory <users\.json> is required/],
    [['match', '--directory', 'users.json'], /give exactly one folder/],
    [['match', 'photos', '--directory', 'users.json', '--bogus'], /Unknown option '--bogus'/],
    [
      ['match', 'photos', '--directory', 'users.json', '--max-depth', 'two'],
      /--max-depth must be a whole number/,
    ],
  ])('usage error %j -> exit 2 with usage', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: headshot match/);
  });

  it.each([
    [
      ['match', 'photos', '--directory', 'missing.json', '--json'],
      /^headshot match: cannot read directory file .*missing\.json: no such file\n$/,
    ],
    [
      ['match', 'photos', '--directory', 'broken.json', '--json'],
      /^headshot match: directory file .*broken\.json is not valid JSON/,
    ],
    [
      ['match', 'photos', '--directory', 'bad-users.json', '--json'],
      /has 1 invalid user entry[\s\S]*entry 0 \(x\): userPrincipalName/,
    ],
    [
      ['match', 'nowhere', '--directory', 'users.json', '--json'],
      /^headshot match: cannot read folder .*nowhere: no such file or folder\n$/,
    ],
    [
      ['match', 'photos', '--directory', 'users.json', '--mapping', 'users.json', '--json'],
      /^headshot match: The mapping CSV \(users\.json\) has no column for the file name/,
    ],
  ])('input error %j -> exit 2, message on stderr, nothing on stdout', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

describe('file names with hidden characters', () => {
  const names = ['ja\u200Bne.doe.jpg', '\u202Eeod.enaj.jpg', 'line\nmatched   forged.jpg'];
  beforeAll(async () => {
    await mkdir(path.join(dir, 'hidden'), { recursive: true });
    for (const name of names) await writeFile(path.join(dir, 'hidden', name), jpeg);
  });

  it('are escaped in the text lines of match and scan, and kept as they are in the JSON', async () => {
    const text = await cli(['match', 'hidden', '--directory', 'users.json']);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/[\u200B\u202E]/);
    expect(text.stdout).toMatch(/^matched {3}ja⟨U\+200B⟩ne\.doe\.jpg -> jane\.doe@contoso\.com \(upn\)$/m);
    expect(text.stdout).toMatch(/^unmatched ⟨U\+202E⟩eod\.enaj\.jpg$/m);
    expect(text.stdout).toMatch(/^unmatched line⟨U\+000A⟩matched {3}forged\.jpg$/m);
    expect(text.stdout).not.toMatch(/^matched {3}forged/m); // the line break did not forge a line
    expect(text.stdout.match(/hidden characters/g)).toHaveLength(3);

    const json = await cli(['match', 'hidden', '--directory', 'users.json', '--json']);
    const { matches } = JSON.parse(json.stdout) as { matches: { file: string }[] };
    expect(matches.map((m) => m.file).sort()).toEqual([...names].sort());

    const scan = await cli(['scan', 'hidden']);
    expect(scan.stdout).toMatch(/^image {4}jpeg {2}ja⟨U\+200B⟩ne\.doe\.jpg$/m);
    expect(scan.stdout).not.toMatch(/[\u200B\u202E]/);
    expect(scan.stdout.trimEnd().split('\n')).toHaveLength(names.length + 1);
  });
});

describe('headshot scan', () => {
  it('lists images by content and skipped files with reasons as JSON', async () => {
    const { code, stdout, stderr } = await cli(['scan', 'photos', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as { files: Record<string, unknown>[]; summary: unknown };
    expect(doc.summary).toEqual({ images: 6, skipped: 2 });
    expect(doc.files).toContainEqual({
      kind: 'image',
      path: 'Sub/Jane Doe (2).jpg',
      size: jpeg.length,
      format: 'jpeg',
    });
    expect(doc.files).toContainEqual({
      kind: 'skipped',
      path: 'Thumbs.db',
      code: 'os-litter',
      reason: 'OS metadata file (Thumbs.db).',
    });
    expect(doc.files).toContainEqual(expect.objectContaining({ path: 'readme.jpg', code: 'not-an-image' }));
    expect(JSON.stringify(doc)).not.toContain(dir); // paths are relative
  });

  it('prints lines without --json and exits 2 on a missing folder', async () => {
    const ok = await cli(['scan', 'photos', '--max-depth', '0']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^image {4}jpeg {2}a\.jpg$/m);
    expect(ok.stdout).toMatch(/^skipped {2}Sub: Folder deeper than the depth limit \(0\), not scanned\.$/m);
    const bad = await cli(['scan', 'nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^headshot scan: cannot read folder .*nowhere: no such file or folder\n$/);
    expect((await cli(['scan'])).code).toBe(2);
  });
});
