import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../shared/domain';
import { photoJpeg, photoLike, rawToSharp } from '../../../test/support/image-fixtures';
import { PackageError, writePackage, type PackageManifest } from '../core/package/index';
import { importWithPreviews, runImport, startPreviews } from './import-folder';

const directory: GraphUser[] = [
  { id: 'u1', userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe' },
  { id: 'u2', userPrincipalName: 'chris.lee@contoso.com', displayName: 'Chris Lee' },
  { id: 'u3', userPrincipalName: 'christopher.lee@contoso.com', displayName: 'Chris Lee' },
  { id: 'u4', userPrincipalName: 'kwame.mensah@contoso.com', displayName: 'Kwame Mensah' },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Camera-like content: a flat colour would (rightly) be flagged as blurry.
const jpeg = (w: number, h: number) => photoJpeg(w, h);

describe('importWithPreviews', () => {
  it('matches, previews, maps and reports bad images as row errors', async () => {
    const folder = path.join(dir, 'photos');
    await mkdir(path.join(folder, 'studio'), { recursive: true });
    await writeFile(path.join(folder, 'jane.doe@contoso.com.jpg'), await jpeg(900, 1200));
    await writeFile(path.join(folder, 'Chris Lee.jpg'), await jpeg(700, 700));
    await writeFile(path.join(folder, 'studio', 'frame-1.jpg'), await jpeg(800, 800));
    await writeFile(path.join(folder, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await writeFile(path.join(folder, 'notes.txt'), 'hello');
    const mapping = path.join(dir, 'map.csv');
    await writeFile(
      mapping,
      'file,upn\nstudio/frame-1.jpg,kwame.mensah@contoso.com\nmissing.jpg,jane.doe@contoso.com\n',
    );
    const progress: string[] = [];
    const result = await importWithPreviews(
      { folder, mappingCsv: mapping },
      {
        directory: () => Promise.resolve(directory),
        previewRoot: path.join(dir, 'previews'),
        imageUrl: (f) => `img:${f}`,
      },
      { onProgress: (p) => progress.push(p.phase) },
    );
    const byFile = new Map(result.items.map((i) => [i.file, i]));
    expect(byFile.get('jane.doe@contoso.com.jpg')).toMatchObject({
      status: 'matched',
      user: { id: 'u1' },
      error: null,
    });
    expect(byFile.get('Chris Lee.jpg')).toMatchObject({ status: 'ambiguous' });
    expect(
      byFile
        .get('Chris Lee.jpg')!
        .candidates.map((c) => c.id)
        .sort(),
    ).toEqual(['u2', 'u3']);
    expect(byFile.get('studio/frame-1.jpg')).toMatchObject({
      status: 'matched',
      method: 'mapping',
      user: { id: 'u4' },
    });
    expect(byFile.get('broken.jpg')!.error?.code).toBe('corrupt-image');
    expect(byFile.get('notes.txt')).toMatchObject({ status: 'skipped', thumbnailUrl: null });
    expect(result.mappingErrors.map((e) => e.row)).toEqual([3]);
    // The preview is a real JPEG that keeps the aspect ratio, behind the image URL.
    const jane = byFile.get('jane.doe@contoso.com.jpg')!;
    expect([jane.imageWidth, jane.imageHeight]).toEqual([240, 320]);
    const previewPath = jane.thumbnailUrl!.slice('img:'.length);
    const meta = await sharp(await readFile(previewPath)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 320]);
    expect(result.images.get('studio/frame-1.jpg')).toBe(path.join(folder, 'studio', 'frame-1.jpg'));
    expect(progress[0]).toBe('directory');
    expect(progress).toContain('previews');
  });

  it('flags what the header tells before any upload: too small, low resolution, heavy crop', async () => {
    const folder = path.join(dir, 'photos');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'jane.doe@contoso.com.jpg'), await jpeg(80, 120));
    await writeFile(path.join(folder, 'chris.lee@contoso.com.jpg'), await jpeg(300, 400));
    await writeFile(path.join(folder, 'kwame.mensah@contoso.com.jpg'), await jpeg(3000, 800));
    const result = await importWithPreviews(
      { folder },
      {
        directory: () => Promise.resolve(directory),
        previewRoot: path.join(dir, 'pv'),
        imageUrl: (f) => f,
        outputSize: 648,
        // The image checks alone (the face checks have their own tests): generated pictures have no face.
        defaultCrop: 'attention',
      },
    );
    const by = (f: string) => result.items.find((i) => i.file === f)!;
    expect(by('jane.doe@contoso.com.jpg').error?.code).toBe('too-small');
    expect(by('chris.lee@contoso.com.jpg').warnings.map((w) => w.code)).toEqual(['low-resolution']);
    expect(by('kwame.mensah@contoso.com.jpg').warnings.map((w) => w.code)).toEqual(['heavy-crop']);
    expect(by('kwame.mensah@contoso.com.jpg').error).toBeNull();
  });

  it('flags blurred, dark and overexposed photos before any upload, in plain words', async () => {
    const folder = path.join(dir, 'photos');
    await mkdir(folder, { recursive: true });
    const photo = (light = 1) => rawToSharp(photoLike(900, 1200, 2, light));
    await writeFile(path.join(folder, 'jane.doe@contoso.com.jpg'), await photo().blur(3).jpeg().toBuffer());
    await writeFile(path.join(folder, 'chris.lee@contoso.com.png'), await photo(0.25).png().toBuffer());
    await writeFile(path.join(folder, 'kwame.mensah@contoso.com.png'), await photo(3).png().toBuffer());
    await writeFile(path.join(folder, 'christopher.lee@contoso.com.jpg'), await jpeg(900, 1200));
    const result = await importWithPreviews(
      { folder },
      {
        directory: () => Promise.resolve(directory),
        previewRoot: path.join(dir, 'pv'),
        imageUrl: (f) => f,
        defaultCrop: 'attention',
      },
    );
    const warnings = Object.fromEntries(result.items.map((i) => [i.file, i.warnings]));
    expect(warnings['jane.doe@contoso.com.jpg']!.map((w) => w.code)).toEqual(['blurry']);
    expect(warnings['chris.lee@contoso.com.png']!.map((w) => w.code)).toEqual(['too-dark']);
    expect(warnings['kwame.mensah@contoso.com.png']!.map((w) => w.code)).toEqual(['overexposed']);
    expect(warnings['christopher.lee@contoso.com.jpg']).toEqual([]);
    expect(warnings['jane.doe@contoso.com.jpg']![0]!.message).toMatch(/blurred or out of focus/);
    expect(warnings['chris.lee@contoso.com.png']![0]!.message).toMatch(/very dark/);
    // A warning does not stop the row: it keeps its thumbnail and its match.
    expect(result.items.every((i) => i.error === null && i.thumbnailUrl !== null)).toBe(true);
  });

  it('can be cancelled', async () => {
    const folder = path.join(dir, 'photos');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 5; i++) await writeFile(path.join(folder, `p${i}.jpg`), await jpeg(300, 300));
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(
      importWithPreviews(
        { folder },
        {
          directory: () => Promise.resolve(directory),
          previewRoot: path.join(dir, 'pv'),
          imageUrl: (f) => f,
        },
        { signal: controller.signal },
      ),
    ).rejects.toThrow();
  });
});

describe('streaming import', () => {
  it('opens Review on the match result, then streams previews, the rows asked for first', async () => {
    const folder = path.join(dir, 'photos');
    await mkdir(folder, { recursive: true });
    const names = ['jane.doe@contoso.com.jpg', 'kwame.mensah@contoso.com.jpg', 'a.jpg', 'b.jpg', 'c.jpg'];
    for (const name of names) await writeFile(path.join(folder, name), await jpeg(700, 700));
    await writeFile(path.join(folder, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const deps = {
      directory: () => Promise.resolve(directory),
      previewRoot: path.join(dir, 'pv'),
      imageUrl: (f: string) => `img:${f}`,
      previewConcurrency: 1,
    };
    const record = await runImport({ folder }, deps);
    // The match result comes first: every photo is matched and marked pending, none has a preview yet.
    expect(record.items).toHaveLength(6);
    expect(record.items.every((i) => i.previewPending === true && i.thumbnailUrl === null)).toBe(true);
    expect(record.items.find((i) => i.file === 'jane.doe@contoso.com.jpg')?.status).toBe('matched');

    const streamed: string[] = [];
    const job = startPreviews(record, deps, { onItems: (items) => streamed.push(...items.map((i) => i.id)) });
    job.prioritize(['c.jpg', 'broken.jpg']);
    await job.done;
    // The first id was already taken when the row order changed; the two asked for come right after it.
    expect(streamed.slice(1, 3)).toEqual(['c.jpg', 'broken.jpg']);
    expect(new Set(streamed)).toEqual(new Set(record.items.map((i) => i.id)));
    expect(job.progress()).toEqual({ done: 6, total: 6 });
    expect(record.items.some((i) => i.previewPending)).toBe(false);
    expect(record.items.find((i) => i.file === 'broken.jpg')?.error?.code).toBe('corrupt-image');
    expect(record.items.find((i) => i.file === 'c.jpg')?.thumbnailUrl).toMatch(/^img:/);
  });
});

describe('package import', () => {
  async function makePackage(out: string) {
    const shoot = path.join(dir, 'shoot');
    await mkdir(shoot, { recursive: true });
    const people = [
      { name: 'Jane Doe', email: 'jane.doe@contoso.com' },
      { name: 'Kwame Mensah', email: 'kwame.mensah@contoso.com' },
      { name: 'Nobody Here', email: 'nobody@contoso.com' },
    ];
    const items = [];
    for (const [i, person] of people.entries()) {
      const source = path.join(shoot, `DSC_${i}.jpg`);
      await writeFile(source, await photoJpeg(900, 1200, i + 1));
      items.push({
        source,
        sourceName: `DSC_${i}.jpg`,
        identity: { ...person, upn: null, employeeId: null },
        crop: { strategy: 'center' as const },
      });
    }
    const written = await writePackage(items, {
      out,
      includeOriginals: true,
      createdBy: 'Pat',
      toolVersion: 'test',
    });
    expect(written.failed).toEqual([]);
    return JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as PackageManifest;
  }

  it('imports verified photos with their recorded crop and refused files as skipped package-mismatch rows', async () => {
    const pkg = path.join(dir, 'pkg');
    const manifest = await makePackage(pkg);
    const photo = (email: string) => manifest.photos.find((p) => p.identity.email === email)!;
    const kwame = photo('kwame.mensah@contoso.com');
    const bytes = await readFile(path.join(pkg, kwame.file));
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(path.join(pkg, kwame.file), bytes);
    await writeFile(path.join(pkg, 'photos', 'stowaway.jpg'), await photoJpeg(200, 200));

    const packageRoot = path.join(dir, 'state', 'packages');
    const record = await importWithPreviews(
      { folder: pkg, packagePath: pkg },
      {
        directory: () => Promise.resolve(directory),
        previewRoot: path.join(dir, 'pv'),
        imageUrl: (f) => `img:${f}`,
        packageRoot,
        defaultCrop: 'face',
      },
    );
    const by = (file: string) => record.items.find((i) => i.file === file)!;
    const jane = photo('jane.doe@contoso.com');
    expect(by(jane.file)).toMatchObject({ status: 'matched', user: { id: 'u1' }, error: null });
    expect(by(jane.file).packageCrop).toEqual(jane.crop);
    expect(by(jane.file).packageCrop?.strategy).toBe('rect');
    expect(by(jane.file).thumbnailUrl).toMatch(/^img:/);
    // The face checks reach the row (no face in a synthetic picture: null, but present).
    expect(by(jane.file)).toHaveProperty('face', null);
    expect(by(jane.file)).toHaveProperty('faceRect', null);
    // The run reads the verified original, kept under the package root.
    const abs = record.images.get(jane.file)!;
    expect(abs.startsWith(path.join(packageRoot, record.importId))).toBe(true);
    expect(path.basename(abs)).toBe(path.basename(jane.original!.file));
    expect(await readFile(abs)).toEqual(await readFile(path.join(pkg, jane.original!.file)));

    expect(by(kwame.file)).toMatchObject({
      status: 'skipped',
      user: { id: 'u4' },
      error: { code: 'package-mismatch' },
    });
    expect(by(kwame.file).error!.message).toMatch(/changed since it was packaged/);
    expect(by(kwame.file).previewPending).toBeUndefined();
    expect(record.images.has(kwame.file)).toBe(false);
    expect(by('photos/stowaway.jpg')).toMatchObject({
      status: 'skipped',
      user: null,
      error: { code: 'package-mismatch' },
    });
    expect(by('photos/stowaway.jpg').error!.message).toMatch(/extra/);
    // An address nobody in the directory has stays unmatched (never guessed by name).
    expect(by(photo('nobody@contoso.com').file)).toMatchObject({ status: 'unmatched', user: null });
    expect(record.summary).toMatchObject({ matched: 1, unmatched: 1, skipped: 2, conflict: 0 });
    expect(new Set(record.items.map((i) => i.id)).size).toBe(record.items.length);
  });

  it('refuses a package of a version it does not know, whole', async () => {
    const pkg = path.join(dir, 'pkg');
    const manifest = await makePackage(pkg);
    await writeFile(path.join(pkg, 'manifest.json'), JSON.stringify({ ...manifest, version: 2 }));
    await expect(
      runImport(
        { folder: pkg, packagePath: pkg },
        {
          directory: () => Promise.resolve(directory),
          previewRoot: path.join(dir, 'pv'),
          imageUrl: (f) => f,
        },
      ),
    ).rejects.toThrow(PackageError);
  });
});
