/** writePackage -> openPackage round trips, and every way a package can be refused, file by file. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterIdentity } from '../../../shared/handoff-package';
import { isPackage, openPackage, PackageError, writePackage, type PackageItem } from './index';

let tmp: string;
let items: PackageItem[];
const id = (n: number): RosterIdentity => ({
  name: `Person ${n}`,
  email: `person${n}@contoso.com`,
  upn: null,
  employeeId: String(n),
});

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-package-'));
  const src = path.join(tmp, 'src');
  await fs.mkdir(src);
  items = [];
  for (let n = 1; n <= 3; n++) {
    const file = path.join(src, `IMG_${n}.jpg`);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: n * 60, g: 90, b: 30 } } })
      .jpeg()
      .toFile(file);
    items.push({ source: file, sourceName: `IMG_${n}.jpg`, identity: id(n), crop: { strategy: 'center' } });
  }
  await fs.writeFile(path.join(src, 'broken.jpg'), 'not a picture');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const work = () => fs.mkdtemp(path.join(tmp, 'work-'));

describe('writePackage', () => {
  it('writes photos, originals and a manifest as a folder, listing a bad photo instead of throwing', async () => {
    const out = path.join(tmp, 'folder-pkg');
    const progress: number[] = [];
    const broken: PackageItem = {
      ...items[0]!,
      source: path.join(tmp, 'src', 'broken.jpg'),
      sourceName: 'broken.jpg',
      identity: id(9),
    };
    const result = await writePackage([...items, broken], {
      out,
      includeOriginals: true,
      createdBy: 'Pat Photographer',
      toolVersion: '0.1.0',
      size: 96,
      missing: [id(7)],
      onProgress: (done) => progress.push(done),
    });
    expect(result.failed).toEqual([
      {
        sourceName: 'broken.jpg',
        error: { code: expect.any(String) as string, message: expect.any(String) as string },
      },
    ]);
    expect(progress.sort()).toEqual([1, 2, 3, 4]);
    expect(result.manifest.photos.map((p) => p.file)).toEqual([
      'photos/person1@contoso.com.jpg',
      'photos/person2@contoso.com.jpg',
      'photos/person3@contoso.com.jpg',
    ]);
    expect(result.manifest.photos[0]!.original?.file).toBe('originals/person1@contoso.com.jpg');
    expect(result.manifest.missing).toEqual([id(7)]);
    expect((await fs.readdir(out)).sort()).toEqual(['manifest.json', 'originals', 'photos']);
    // Nothing left behind next to the package.
    expect((await fs.readdir(tmp)).filter((n) => n.includes('partial'))).toEqual([]);
    const meta = await sharp(path.join(out, 'photos', 'person2@contoso.com.jpg')).metadata();
    expect([meta.width, meta.height]).toEqual([96, 96]);
    expect(await isPackage(out)).toBe(true);
    expect(await isPackage(path.join(tmp, 'src'))).toBe(false);
  });

  it('refuses an out path that exists, and leaves nothing when cancelled', async () => {
    const out = path.join(tmp, 'folder-pkg');
    await expect(
      writePackage(items, { out, includeOriginals: false, createdBy: 'x', toolVersion: '1' }),
    ).rejects.toThrow(/already exists/);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const cancelled = path.join(tmp, 'cancelled.zip');
    await expect(
      writePackage(items, {
        out: cancelled,
        includeOriginals: false,
        createdBy: 'x',
        toolVersion: '1',
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop');
    expect((await fs.readdir(tmp)).filter((n) => n.includes('cancelled'))).toEqual([]);
  });
});

describe('openPackage', () => {
  it('opens a zip package and verifies every photo', async () => {
    const out = path.join(tmp, 'pkg.zip');
    const written = await writePackage(items, {
      out,
      includeOriginals: false,
      createdBy: 'Pat',
      toolVersion: '0.1.0',
      size: 96,
    });
    expect(await isPackage(out)).toBe(true);
    const dir = await work();
    const opened = await openPackage(out, { workDir: dir });
    expect(opened.problems).toEqual([]);
    expect(opened.manifest).toEqual(written.manifest);
    expect(opened.photos.map((p) => path.relative(dir, p.path).split(path.sep).join('/'))).toEqual(
      written.manifest.photos.map((p) => p.file),
    );
    expect(opened.photos.every((p) => p.originalPath === null)).toBe(true);
  });

  it('refuses a changed, a missing and an extra file on their own; the rest go on', async () => {
    const out = path.join(tmp, 'tampered');
    await writePackage(items, {
      out,
      includeOriginals: true,
      createdBy: 'Pat',
      toolVersion: '0.1.0',
      size: 96,
    });
    const changed = path.join(out, 'photos', 'person1@contoso.com.jpg');
    const bytes = await fs.readFile(changed);
    const at = bytes.length - 3;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    await fs.writeFile(changed, bytes);
    await fs.rm(path.join(out, 'photos', 'person2@contoso.com.jpg'));
    await fs.writeFile(path.join(out, 'photos', 'stranger.jpg'), 'x');
    await fs.symlink('/etc/passwd', path.join(out, 'photos', 'link.jpg'));
    const opened = await openPackage(out, { workDir: await work() });
    expect(opened.photos.map((p) => p.photo.file)).toEqual(['photos/person3@contoso.com.jpg']);
    expect(opened.photos[0]!.originalPath).toMatch(/originals[\\/]person3@contoso.com.jpg$/);
    expect(opened.problems.map((p) => [p.file, p.reason])).toEqual(
      expect.arrayContaining([
        ['photos/person1@contoso.com.jpg', 'changed'],
        ['photos/person2@contoso.com.jpg', 'missing'],
        ['photos/stranger.jpg', 'extra'],
        ['photos/link.jpg', 'unsafe-path'],
      ]),
    );
    expect(opened.problems).toHaveLength(4);
  });

  it('refuses a zip-slip entry and a zip whose directory claims 10 GB', async () => {
    const manifest = await fs.readFile(path.join(tmp, 'folder-pkg', 'manifest.json'));
    const slip = path.join(tmp, 'slip.zip');
    await fs.writeFile(
      slip,
      zipSync({ 'manifest.json': manifest, '../../outside.jpg': new Uint8Array([1]) }),
    );
    const dir = await work();
    const opened = await openPackage(slip, { workDir: dir });
    expect(opened.problems).toEqual(
      expect.arrayContaining([
        {
          file: '../../outside.jpg',
          reason: 'unsafe-path',
          message: expect.stringMatching(/\.\./) as string,
        },
      ]),
    );
    await expect(fs.stat(path.join(dir, '..', '..', 'outside.jpg'))).rejects.toThrow();

    const bomb = Buffer.from(
      zipSync(
        {
          'manifest.json': manifest,
          'photos/a.jpg': new Uint8Array([1]),
          'photos/b.jpg': new Uint8Array([2]),
        },
        { level: 0 },
      ),
    );
    for (let i = 0; i + 4 <= bomb.length; i++)
      if (bomb.readUInt32LE(i) === 0x02014b50) bomb.writeUInt32LE(3_500_000_000, i + 24);
    const bombFile = path.join(tmp, 'bomb.zip');
    await fs.writeFile(bombFile, bomb);
    await expect(openPackage(bombFile, { workDir: await work() })).rejects.toThrow(/claims more than 8 GB/);
  });

  it('refuses a wrong format or an unknown version with a clear sentence', async () => {
    const base = JSON.parse(
      await fs.readFile(path.join(tmp, 'folder-pkg', 'manifest.json'), 'utf8'),
    ) as Record<string, unknown>;
    const write = async (name: string, manifest: unknown) => {
      const dir = path.join(tmp, name);
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
      return dir;
    };
    await expect(
      openPackage(await write('v2', { ...base, version: 2 }), { workDir: await work() }),
    ).rejects.toThrow(/version 2 package; this Headshot reads version 1\. Update Headshot/);
    await expect(
      openPackage(await write('other', { ...base, format: 'zip-of-stuff' }), { workDir: await work() }),
    ).rejects.toThrow(PackageError);
    await expect(
      openPackage(await write('damaged', { ...base, photos: [{ file: 'x' }] }), { workDir: await work() }),
    ).rejects.toThrow(/manifest.json is damaged/);
    expect(await isPackage(path.join(tmp, 'v2'))).toBe(true);
  });
});
