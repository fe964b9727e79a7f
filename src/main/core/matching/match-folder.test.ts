import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { MappingFileError } from '../library/parse-mapping-csv';
import { FolderError } from '../library/scan-folder';
import { matchFolder } from './match-folder';
import { DIRECTORY, JANE, JOHN_1, JOHN_2, JOSE, PAT } from '../../../../test/support/test-directory';

let root: string;
let folder: string;
let jpeg: Buffer;

async function put(rel: string, content: Buffer | string) {
  const abs = path.join(folder, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#999' } })
    .jpeg()
    .toBuffer();
});
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'headshot-match-folder-'));
  folder = path.join(root, 'photos');
  await mkdir(folder);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('matchFolder', () => {
  it('scans, applies the mapping CSV, and reports in folder order with absolute paths for the images', async () => {
    const nfdJose = 'José Müller.jpg'.normalize('NFD');
    await put('jane.doe.jpg', jpeg);
    await put(nfdJose, jpeg);
    await put('John Smith.png', jpeg);
    await put('IMG_1234.jpg', jpeg);
    await put('notes.jpg', 'meeting notes');
    await put('.DS_Store', 'x');
    await put('__MACOSX/._jane.doe.jpg', jpeg);
    await put('Team/pat.lee.jpg', jpeg);
    const csv = path.join(root, 'mapping.csv');
    await writeFile(
      csv,
      '\ufeff"Photo";"UPN"\r\n' +
        '"IMG_1234.jpg";"jsmith2@contoso.com"\r\n' +
        '../outside.jpg;john.smith@contoso.com\r\n' +
        'notes.jpg;jane.doe@contoso.com\r\n',
    );

    const progress: { scanned: number; matched: number }[] = [];
    const report = await matchFolder({
      folder,
      directory: DIRECTORY,
      mappingCsv: csv,
      onProgress: (p) => progress.push(p),
    });

    expect(report.matches.map((m) => [m.file, m.status, m.user?.id ?? null, m.method])).toEqual([
      ['IMG_1234.jpg', 'matched', JOHN_2.id, 'mapping'],
      ['John Smith.png', 'ambiguous', null, 'displayName'],
      ['José Müller.jpg'.normalize('NFC'), 'matched', JOSE.id, 'displayName'],
      ['Team/pat.lee.jpg', 'matched', PAT.id, 'upn'],
      ['jane.doe.jpg', 'matched', JANE.id, 'upn'],
      ['notes.jpg', 'skipped', null, null],
    ]);
    expect(report.matches.find((m) => m.file === 'John Smith.png')?.candidates.map((c) => c.id)).toEqual([
      JOHN_1.id,
      JOHN_2.id,
    ]);
    expect(report.matches.find((m) => m.file === 'notes.jpg')?.reason).toMatch(/Not an image/);
    expect(report.summary).toEqual({
      matched: 4,
      ambiguous: 1,
      suggested: 0,
      conflict: 0,
      unmatched: 0,
      skipped: 1,
      'outside-scope': 0,
    });
    expect(report.mappingErrors).toEqual([
      { row: 3, message: expect.stringMatching(/^path outside the folder: \.\.\/outside\.jpg/) as unknown },
      {
        row: 4,
        message: expect.stringMatching(/^notes\.jpg was skipped by the scan: Not an image/) as unknown,
      },
    ]);
    expect([...report.images.entries()]).toEqual([
      ['IMG_1234.jpg', path.join(folder, 'IMG_1234.jpg')],
      ['John Smith.png', path.join(folder, 'John Smith.png')],
      ['José Müller.jpg'.normalize('NFC'), path.join(folder, nfdJose)],
      ['Team/pat.lee.jpg', path.join(folder, 'Team', 'pat.lee.jpg')],
      ['jane.doe.jpg', path.join(folder, 'jane.doe.jpg')],
    ]);
    expect(progress.at(-1)).toEqual({ scanned: 8, matched: 4 });
  });

  it('skips two files whose names are equal once normalised, rather than guessing which is which', async () => {
    await put('José Müller.jpg'.normalize('NFD'), jpeg);
    await put('José Müller.jpg'.normalize('NFC'), jpeg);
    const report = await matchFolder({ folder, directory: DIRECTORY });
    expect(report.matches).toHaveLength(1);
    expect(report.matches[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/same name once Unicode is normalised/) as unknown,
    });
    expect(report.images.size).toBe(0);
  });

  it('throws FolderError and MappingFileError for unusable inputs', async () => {
    await expect(matchFolder({ folder: path.join(root, 'missing'), directory: DIRECTORY })).rejects.toThrow(
      FolderError,
    );
    const csv = path.join(root, 'bad.csv');
    await writeFile(csv, 'name;department\nx;y\n');
    await expect(matchFolder({ folder, directory: DIRECTORY, mappingCsv: csv })).rejects.toThrow(
      MappingFileError,
    );
  });

  it('stops on abort', async () => {
    await put('jane.doe.jpg', jpeg);
    const controller = new AbortController();
    controller.abort();
    await expect(matchFolder({ folder, directory: DIRECTORY, signal: controller.signal })).rejects.toThrow();
  });
});
