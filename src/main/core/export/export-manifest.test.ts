import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXPORT_MANIFEST_FILE, readExportManifest, sameCell, writeExportManifest } from './export-manifest';
import { mergeManifest } from './export-photos';
import type { ExportItem } from './export-schema';

const item = (userId: string, file: string | null, extra: Partial<ExportItem> = {}): ExportItem => ({
  userId,
  userPrincipalName: `${userId}@contoso.com`,
  file,
  requested: 'largest',
  size: file ? '648 × 648' : null,
  etag: file ? '"BA09D118"' : null,
  sha256: file ? 'ab'.repeat(32) : null,
  status: file ? 'exported' : 'no-photo',
  error: null,
  note: null,
  ...extra,
});

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-export-manifest-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('the export manifest', () => {
  it('reads back what it wrote, a formula-like name included (defused in the CSV, recognised on reading)', async () => {
    const rows = [
      item('1', '=HYPERLINK("x").jpg', { note: 'A note, with "quotes"\nand a line break' }),
      item('2', null),
      item('3', 'sam lee (2).png', { status: 'failed', file: null, error: 'Permission denied.' }),
    ];
    await writeExportManifest(tmp, rows);
    const text = await fs.readFile(path.join(tmp, EXPORT_MANIFEST_FILE), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""x"").jpg"`);
    const back = await readExportManifest(tmp);
    expect([...back.keys()]).toEqual(['1', '2', '3']);
    expect(back.get('1')!.file).toBe(`'=HYPERLINK("x").jpg`);
    expect(sameCell(back.get('1')!.file, '=HYPERLINK("x").jpg')).toBe(true);
    expect(sameCell(back.get('1')!.file, 'other.jpg')).toBe(false);
    expect(back.get('1')!.note).toBe('A note, with "quotes"\nand a line break');
    expect(back.get('2')).toEqual(rows[1]);
    expect(back.get('3')).toMatchObject({ status: 'failed', error: 'Permission denied.', file: null });
  });

  it('is empty when the folder has none, or it is not a manifest', async () => {
    expect((await readExportManifest(path.join(tmp, 'nowhere'))).size).toBe(0);
    const other = path.join(tmp, 'other');
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, EXPORT_MANIFEST_FILE), 'just,some\ntext,here\n');
    expect((await readExportManifest(other)).size).toBe(0);
  });
});

describe('mergeManifest', () => {
  it("keeps this export's users in order, carries earlier rows, and drops an earlier row whose file was taken", () => {
    const users = [
      { id: 'a', userPrincipalName: 'a@x' },
      { id: 'b', userPrincipalName: 'b@x' },
      { id: 'c', userPrincipalName: 'c@x' },
    ];
    const results = new Map([
      ['a', item('a', 'Sam.jpg')],
      ['c', item('c', 'c.jpg')],
    ]);
    const previous = new Map([
      ['b', item('b', 'b.jpg')], // not reached this time: its earlier row stays
      ['z', item('z', 'z.jpg')], // not in this export: its file is still there
      ['y', item('y', 'SAM.jpg')], // its file now holds a's photo
    ]);
    expect(mergeManifest(users, results, previous).map((r) => r.userId)).toEqual(['a', 'b', 'c', 'z']);
  });
});
