import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEntryPath, openZip, ZIP_LIMITS, ZipError } from './zip-read';
import { writeZip } from './zip-write';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-zip-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

/** Sets every central-directory entry's uncompressed size, as a zip bomb's claim would read. */
function claimSizes(zip: Uint8Array, size: number): Buffer {
  const buf = Buffer.from(zip);
  for (let i = 0; i + 4 <= buf.length; i++)
    if (buf.readUInt32LE(i) === 0x02014b50) buf.writeUInt32LE(size, i + 24);
  return buf;
}

describe('checkEntryPath', () => {
  it.each([
    ['../evil.jpg', /\.\./],
    ['photos/../../evil.jpg', /\.\./],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/x.jpg', /drive letter/],
    ['photos\\..\\x.jpg', /backslash/],
    ['photos/a\0.jpg', /NUL/],
  ])('refuses %j', (p, why) => {
    const r = checkEntryPath(p);
    expect('error' in r && r.error).toMatch(why);
  });
  it('normalises a safe path', () =>
    expect(checkEntryPath('./photos//a.jpg')).toEqual({ path: 'photos/a.jpg' }));
});

describe('openZip', () => {
  it('reads back what writeZip wrote, stored and deflated', async () => {
    const a = path.join(tmp, 'a.bin');
    const m = path.join(tmp, 'm.json');
    await fs.writeFile(a, Buffer.from([1, 2, 3, 4, 5]));
    await fs.writeFile(m, '{"hello":"' + 'x'.repeat(5000) + '"}');
    const out = path.join(tmp, 'rt.zip');
    await writeZip(out, [
      { name: 'manifest.json', path: m, deflate: true },
      { name: 'photos/é.jpg', path: a },
    ]);
    const zip = await openZip(out);
    try {
      expect(zip.refused).toEqual([]);
      expect(zip.entries.map((e) => [e.name, e.method])).toEqual([
        ['manifest.json', 8],
        ['photos/é.jpg', 0],
      ]);
      expect(await zip.read(zip.entries[1]!)).toEqual(Buffer.from([1, 2, 3, 4, 5]));
      expect((await zip.read(zip.entries[0]!)).toString()).toBe(await fs.readFile(m, 'utf8'));
    } finally {
      await zip.close();
    }
  });

  it('refuses a zip-slip entry on its own and keeps the rest', async () => {
    const file = path.join(tmp, 'slip.zip');
    await fs.writeFile(file, zipSync({ '../../evil.jpg': bytes('x'), 'photos/ok.jpg': bytes('ok') }));
    const zip = await openZip(file);
    await zip.close();
    expect(zip.entries.map((e) => e.name)).toEqual(['photos/ok.jpg']);
    expect(zip.refused).toEqual([
      { name: '../../evil.jpg', reason: 'unsafe-path', message: expect.stringMatching(/\.\./) as string },
    ]);
  });

  it('refuses a symlink entry', async () => {
    const zipped = Buffer.from(
      zipSync({ 'photos/link.jpg': [bytes('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }),
    );
    const file = path.join(tmp, 'link.zip');
    await fs.writeFile(file, zipped);
    const zip = await openZip(file);
    await zip.close();
    expect(zip.refused[0]).toMatchObject({
      name: 'photos/link.jpg',
      reason: 'unsafe-path',
      message: expect.stringMatching(/symbolic link/) as string,
    });
  });

  it('refuses an archive whose central directory claims 10 GB before inflating anything', async () => {
    const file = path.join(tmp, 'bomb.zip');
    const files = Object.fromEntries([0, 1, 2].map((i) => [`photos/${i}.jpg`, bytes('tiny')]));
    await fs.writeFile(file, claimSizes(zipSync(files, { level: 0 }), 3_500_000_000));
    await expect(openZip(file)).rejects.toThrow(ZipError);
    await expect(openZip(file)).rejects.toThrow(/claims more than 8 GB/);
  });

  it('refuses an entry claiming more than the per-entry cap, and too many entries', async () => {
    const file = path.join(tmp, 'many.zip');
    await fs.writeFile(file, zipSync({ 'a.jpg': bytes('aaaa'), 'b.jpg': bytes('b') }));
    const small = { ...ZIP_LIMITS, maxEntryBytes: 2 };
    const zip = await openZip(file, small);
    await zip.close();
    expect(zip.refused).toEqual([
      { name: 'a.jpg', reason: 'too-large', message: expect.stringMatching(/at most/) as string },
    ]);
    await expect(openZip(file, { ...ZIP_LIMITS, maxEntries: 1 })).rejects.toThrow(
      /2 entries; a package may have at most 1/,
    );
  });

  it('refuses an entry that inflates past its claim', async () => {
    const file = path.join(tmp, 'liar.zip');
    const zipped = zipSync({ 'a.txt': bytes('a'.repeat(1000)) }, { level: 9 });
    await fs.writeFile(file, claimSizes(zipped, 10));
    const zip = await openZip(file);
    try {
      await expect(zip.read(zip.entries[0]!)).rejects.toThrow(/other than the one the archive claims/);
    } finally {
      await zip.close();
    }
  });

  it('says a file is not a zip', async () => {
    const file = path.join(tmp, 'not.zip');
    await fs.writeFile(file, 'just some text that is long enough to read');
    await expect(openZip(file)).rejects.toThrow(/not a zip archive/);
  });
});
