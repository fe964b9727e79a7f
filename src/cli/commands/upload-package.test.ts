/**
 * `headshot upload <package>` against the demo tenant: a photographer's package (made with writePackage from
 * generated photos and a roster of demo users plus one address the directory does not know) is checked file by
 * file, matched against the directory and uploaded with the recorded crops.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../emulator/index';
import type { Emulator, EmulatorUser } from '../../emulator/types';
import { processImage } from '../../main/core/imaging/process-image';
import {
  FULL_PICTURE,
  openPackage,
  writePackage,
  type PackageItem,
  type PackageManifest,
} from '../../main/core/package/index';
import { readRun } from '../../main/core/runs/run-engine';
import type { CropChoice } from '../../shared/review';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';
import { appOnlyCliArgs } from '../../../test/support/cli-auth';

let emu: Emulator;
let tmp: string;
let caFile: string;
let users: EmulatorUser[];
let items: PackageItem[];
const stored = new Map<string, Buffer | null>();
const UNKNOWN = 'nobody.here@example.invalid';
// Left half of the square from the top of a 300x200 picture: not what any automatic crop would cut.
const RECT: CropChoice = { strategy: 'rect', rect: { left: 0, top: 0, width: 0.5, height: 0.75 } };

interface CliJson {
  runId: string;
  results: {
    file: string;
    user: { id: string } | null;
    status: string;
    error: { code: string; message: string } | null;
  }[];
  summary: Record<string, number>;
  package?: { verified: number; refused: number; photos: number; missing: unknown[] };
}

const io = () => captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
const auth = () => appOnlyCliArgs(emu, caFile);
const sha = (b: Buffer | null) => (b ? createHash('sha256').update(b).digest('hex') : null);

beforeAll(async () => {
  emu = await startEmulator({ users: 20, seed: 'cli-upload-package', latencyMs: 5 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-upload-package-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
  const src = path.join(tmp, 'shoot');
  await fs.mkdir(src);
  users = emu
    .users()
    .filter(
      (u) => u.accountEnabled !== false && u.userType !== 'Guest' && /^[a-z.]+@/.test(u.userPrincipalName),
    )
    .slice(0, 4);
  const people = [
    ...users.map((u) => ({ name: u.displayName ?? null, email: u.userPrincipalName })),
    { name: 'Nobody Here', email: UNKNOWN },
  ];
  items = [];
  for (const [i, person] of people.entries()) {
    const file = path.join(src, `DSC_${i}.jpg`);
    // Two halves of different colours, so a different crop gives different bytes.
    const left = await sharp({
      create: { width: 150, height: 200, channels: 3, background: { r: 40 * i, g: 200, b: 60 } },
    })
      .png()
      .toBuffer();
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 10, g: 20, b: 230 } } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg()
      .toFile(file);
    items.push({
      source: file,
      sourceName: `DSC_${i}.jpg`,
      identity: { name: person.name, email: person.email, upn: null, employeeId: null },
      crop: RECT,
    });
  }
  for (const u of users) stored.set(u.id, emu.photoOf(u.id));
});
afterAll(async () => {
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

function resetTenant() {
  for (const u of users) emu.setPhoto(u.id, stored.get(u.id) ?? null);
}

async function readManifest(dir: string): Promise<PackageManifest> {
  return JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as PackageManifest;
}

const fileFor = (manifest: PackageManifest, email: string) =>
  manifest.photos.find((p) => p.identity.email === email)!;

describe('headshot upload <package>', () => {
  it('uploads a folder package with the recorded crops, skips a changed file (package-mismatch) and leaves an unknown address unmatched', async () => {
    resetTenant();
    const pkg = path.join(tmp, 'pkg-folder');
    const written = await writePackage(items, {
      out: pkg,
      includeOriginals: true,
      createdBy: 'Pat Photographer',
      toolVersion: 'test',
    });
    expect(written.failed).toEqual([]);
    const manifest = await readManifest(pkg);
    // One byte of one photo changed after packaging.
    const tampered = fileFor(manifest, users[0]!.userPrincipalName);
    const bytes = await fs.readFile(path.join(pkg, tampered.file));
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    await fs.writeFile(path.join(pkg, tampered.file), bytes);

    const stateDir = path.join(tmp, 'state-folder');
    const c = io();
    const code = await runCli(['upload', pkg, ...auth(), '--state-dir', stateDir, '--yes', '--json'], c);
    expect(c.err()).not.toMatch(/Error:/);
    expect(code).toBe(0);
    const out = JSON.parse(c.out()) as CliJson;
    const row = (file: string) => out.results.find((r) => r.file === file)!;

    // The changed photo: skipped with its reason, its person's photo untouched.
    expect(row(tampered.file)).toMatchObject({ status: 'skipped', error: { code: 'package-mismatch' } });
    expect(row(tampered.file).error!.message).toMatch(/changed since it was packaged/);
    expect(emu.photoOf(users[0]!.id)).toEqual(stored.get(users[0]!.id) ?? null);
    // The address the directory does not know: unmatched, never uploaded to anyone.
    const unknown = row(fileFor(manifest, UNKNOWN).file);
    expect(unknown).toMatchObject({ status: 'skipped', user: null });
    expect(out.package).toMatchObject({ photos: 5, verified: 4, refused: 1 });
    expect(out.summary).toEqual({ uploaded: 3, skipped: 2 });

    // The rest: the photographer's square cut again from the verified original.
    for (const u of users.slice(1)) {
      const photo = fileFor(manifest, u.userPrincipalName);
      expect(row(photo.file)).toMatchObject({ status: 'uploaded', user: { id: u.id } });
      const expected = await processImage(path.join(pkg, photo.original!.file), {
        size: 648,
        quality: 88,
        crop: 'rect',
        rect: photo.crop.rect!,
      });
      const centre = await processImage(path.join(pkg, photo.original!.file), { size: 648, crop: 'center' });
      if (!expected.ok || !centre.ok) throw new Error('fixture did not process');
      expect(expected.sha256).not.toBe(centre.sha256); // the crop matters, so the check below can fail
      expect(sha(emu.photoOf(u.id))).toBe(expected.sha256);
    }

    // The crops are in the journal's plan, keyed by the checked copies kept under the state folder.
    const fold = await readRun(stateDir, out.runId);
    const crops = fold.start.settings.processing.crops;
    expect(fold.start.items).toHaveLength(3);
    for (const item of fold.start.items) {
      expect(item.path.startsWith(path.join(stateDir, 'packages'))).toBe(true);
      expect(crops[item.path]).toEqual(manifest.photos.find((p) => p.file === item.file)!.crop);
      await expect(fs.stat(item.path)).resolves.toBeTruthy();
    }
    const report = JSON.parse(
      await fs.readFile(path.join(stateDir, 'runs', out.runId, 'report.json'), 'utf8'),
    ) as CliJson;
    expect(report.results.find((r) => r.file === tampered.file)!.status).toBe('skipped');
  });

  it('uploads a zip package without originals as its processed photos', async () => {
    resetTenant();
    const pkg = path.join(tmp, 'pkg.zip');
    const written = await writePackage(items.slice(1), {
      out: pkg,
      includeOriginals: false,
      createdBy: 'Pat Photographer',
      toolVersion: 'test',
    });
    expect(written.failed).toEqual([]);
    const stateDir = path.join(tmp, 'state-zip');
    const c = io();
    expect(await runCli(['upload', pkg, ...auth(), '--state-dir', stateDir, '--yes', '--json'], c)).toBe(0);
    const out = JSON.parse(c.out()) as CliJson;
    expect(out.summary).toEqual({ uploaded: 3, skipped: 1 });
    expect(out.results.filter((r) => r.error?.code === 'package-mismatch')).toEqual([]);

    // Expected bytes: the package's own photo, re-encoded whole (it is already the square).
    const check = await openPackage(pkg, { workDir: path.join(tmp, 'zip-check') });
    expect(check.problems).toEqual([]);
    for (const u of users.slice(1)) {
      const verified = check.photos.find((v) => v.photo.identity.email === u.userPrincipalName)!;
      const expected = await processImage(verified.path, {
        size: 648,
        quality: 88,
        crop: 'rect',
        rect: FULL_PICTURE.rect!,
      });
      if (!expected.ok) throw new Error(expected.error.message);
      expect(sha(emu.photoOf(u.id))).toBe(expected.sha256);
    }
    const fold = await readRun(stateDir, out.runId);
    expect(Object.values(fold.start.settings.processing.crops)).toEqual([
      FULL_PICTURE,
      FULL_PICTURE,
      FULL_PICTURE,
    ]);
  });

  it('refuses a package of an unknown version whole, and --mapping with a package', async () => {
    const pkg = path.join(tmp, 'pkg-v9');
    await writePackage(items.slice(1, 2), {
      out: pkg,
      includeOriginals: false,
      createdBy: 'x',
      toolVersion: 'test',
    });
    const manifest = await readManifest(pkg);
    await fs.writeFile(path.join(pkg, 'manifest.json'), JSON.stringify({ ...manifest, version: 9 }));
    const a = io();
    expect(
      await runCli(['upload', pkg, ...auth(), '--state-dir', path.join(tmp, 's9'), '--yes', '--json'], a),
    ).toBe(2);
    expect(a.err()).toMatch(/version 9 package.*Update Headshot/);
    expect(await fs.readdir(path.join(tmp, 's9', 'packages')).catch(() => [])).toEqual([]);
    const b = io();
    const s10 = path.join(tmp, 's10');
    expect(
      await runCli(
        ['upload', pkg, ...auth(), '--state-dir', s10, '--mapping', 'm.csv', '--yes', '--json'],
        b,
      ),
    ).toBe(2);
    expect(b.err()).toMatch(/--mapping does not apply/);
  });
});
