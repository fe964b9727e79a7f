/**
 * What only shows on Windows and macOS, tested on any OS: NFD file names (macOS), two names that differ only in
 * case (one file on Windows and macOS, two on Linux), and the CSV line endings each system's Excel writes.
 */
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { readMappingCsv } from '../library/parse-mapping-csv';
import { readUsersCsv } from '../library/parse-users-csv';
import { extractIdentifiers, stemKeys } from './extract-identifiers';
import { matchFolder } from './match-folder';
import { DIRECTORY, JANE, JOSE } from '../../../../test/support/test-directory';

let folder: string;
let jpeg: Buffer;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#999' } })
    .jpeg()
    .toBuffer();
});
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'headshot-platform-names-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const NFD_JOSE = 'Jose\u0301 Mu\u0308ller'; // how macOS (HFS+, and APFS copies from it) may spell "José Müller"

describe('NFD file names (macOS)', () => {
  it('an NFD stem gives the same keys as the NFC one', () => {
    const nfd = extractIdentifiers(`${NFD_JOSE}.jpg`);
    expect(nfd.stem).toBe('José Müller');
    expect(stemKeys(nfd.stem)).toEqual(stemKeys('José Müller'));
  });

  it('an NFD file matches the NFC display name, is listed in NFC and still opens by its on-disk name', async () => {
    await writeFile(path.join(folder, `${NFD_JOSE}.jpg`), jpeg);
    const report = await matchFolder({ folder, directory: DIRECTORY });
    expect(report.matches).toHaveLength(1);
    const [match] = report.matches;
    expect(match?.file).toBe('José Müller.jpg');
    expect(match?.status).toBe('matched');
    expect(match?.user?.id).toBe(JOSE.id);
    const onDisk = report.images.get('José Müller.jpg')!;
    // Whatever form the file system stored, the path handed out is one readdir lists.
    expect(await readdir(folder)).toContain(path.basename(onDisk));
  });
});

describe('names that differ only in case', () => {
  async function caseSensitive(): Promise<boolean> {
    await writeFile(path.join(folder, 'probe'), '');
    await writeFile(path.join(folder, 'PROBE'), '');
    const n = (await readdir(folder)).length;
    await rm(path.join(folder, 'probe'), { force: true });
    await rm(path.join(folder, 'PROBE'), { force: true });
    return n === 2;
  }

  it('are two files on Linux, reported as a clash (conflict), as Windows and macOS would keep only one', async () => {
    const sensitive = await caseSensitive();
    await writeFile(path.join(folder, 'Jane Doe.jpg'), jpeg);
    await writeFile(path.join(folder, 'jane doe.jpg'), jpeg); // overwrites the first where case is ignored
    const report = await matchFolder({ folder, directory: DIRECTORY });
    if (sensitive) {
      expect(report.matches.map((m) => m.file).sort()).toEqual(['Jane Doe.jpg', 'jane doe.jpg']);
      for (const m of report.matches) {
        expect(m.status).toBe('conflict');
        expect(m.reason).toMatch(/2 files match .*Jane Doe\.jpg, jane doe\.jpg/);
      }
    } else {
      expect(report.matches).toHaveLength(1);
      expect(report.matches[0]?.user?.id).toBe(JANE.id);
    }
  });

  it('a mapping row naming them in a third case is refused with "give the path", never given to one of them', async () => {
    if (!(await caseSensitive())) return; // Windows/macOS: only one file exists, the row simply matches it
    await writeFile(path.join(folder, 'Photo.jpg'), jpeg);
    await writeFile(path.join(folder, 'photo.jpg'), jpeg);
    const csv = path.join(folder, '..', `${path.basename(folder)}.csv`);
    await writeFile(csv, 'file,upn\nPHOTO.JPG,jane.doe@contoso.com\n');
    try {
      const report = await matchFolder({ folder, directory: DIRECTORY, mappingCsv: csv });
      expect(report.mappingErrors.map((e) => e.message)).toEqual([
        'PHOTO.JPG names 2 files (Photo.jpg, photo.jpg): give the path',
      ]);
    } finally {
      await rm(csv, { force: true });
    }
  });
});

describe('CSV line endings and byte order marks', () => {
  const endings = { LF: '\n', CRLF: '\r\n', 'CR only (old Mac Excel)': '\r' };

  it.each(Object.entries(endings))('mapping CSV with %s, UTF-8 BOM and UTF-16LE BOM', async (_name, eol) => {
    const text = `file,upn${eol}Jane Doe.jpg,jane.doe@contoso.com${eol}${NFD_JOSE}.jpg,jose.mueller@contoso.com${eol}`;
    const variants = [
      Buffer.from(text, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ];
    for (const [i, bytes] of variants.entries()) {
      const file = path.join(folder, `mapping-${i}.csv`);
      await writeFile(file, bytes);
      const read = await readMappingCsv(file);
      expect(read.errors).toEqual([]);
      // No "\r" left on a value, and the NFD name arrives NFC (so it finds the NFC-listed file).
      expect(read.rows.map((r) => [r.file, r.user])).toEqual([
        ['Jane Doe.jpg', 'jane.doe@contoso.com'],
        ['José Müller.jpg', 'jose.mueller@contoso.com'],
      ]);
    }
  });

  it.each(Object.entries(endings))('users CSV with %s and a UTF-8 BOM', async (_name, eol) => {
    const file = path.join(folder, 'users.csv');
    await writeFile(
      file,
      `\ufeffUserPrincipalName${eol}jane.doe@contoso.com${eol}${eol}jose.mueller@contoso.com`,
    );
    const read = await readUsersCsv(file);
    expect(read.errors).toEqual([]);
    expect(read.rows.map((r) => r.user)).toEqual(['jane.doe@contoso.com', 'jose.mueller@contoso.com']);
  });
});
