import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GraphUser } from '../../shared/domain';
import type { RosterIdentity } from '../../shared/handoff-package';
import { settingsSchema } from '../../shared/settings';
import { photoJpeg } from '../../../test/support/image-fixtures';
import {
  countWarnings,
  freePath,
  packagePath,
  PrepareService,
  rosterDomains,
  type PackageEngine,
} from './prepare-service';

const users: GraphUser[] = [
  {
    id: 'r1',
    userPrincipalName: 'jane.doe@contoso.com',
    displayName: 'Jane Doe',
    mail: 'jane.doe@contoso.com',
  },
  { id: 'r2', userPrincipalName: 'kwame.mensah@contoso.com', displayName: 'Kwame Mensah' },
  { id: 'r3', userPrincipalName: 'ana.silva@fabrikam.com', displayName: 'Ana Silva' },
];
const identity = (u: GraphUser): RosterIdentity => ({
  name: u.displayName ?? null,
  email: u.mail ?? null,
  upn: u.userPrincipalName,
  employeeId: null,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-prepare-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type WritePackage = PackageEngine['writePackage'];

function fakeEngine() {
  const writePackage = vi.fn<WritePackage>((items, options) =>
    Promise.resolve({
      out: options.out,
      manifest: {
        format: 'headshot-handoff' as const,
        version: 1 as const,
        createdAt: '2026-12-02T09:00:00Z',
        createdBy: options.createdBy,
        tool: { name: 'Headshot' as const, version: options.toolVersion },
        output: { size: options.size ?? 648, format: 'jpeg' as const },
        photos: items.map((item) => ({
          file: `photos/${item.sourceName}`,
          sha256: 'a'.repeat(64),
          bytes: 10,
          width: 648,
          height: 648,
          original: null,
          sourceName: item.sourceName,
          identity: item.identity,
          crop: item.crop,
          face: null,
          framing: null,
          warnings: [{ code: 'no-face', message: 'No face was found.' }],
        })),
        missing: options.missing ?? [],
      },
      failed: [],
    }),
  );
  const engine: PackageEngine = {
    readRoster: () =>
      Promise.resolve({
        users,
        identities: new Map(users.map((u) => [u.id, identity(u)])),
        problems: [{ row: 5, message: 'No name, email or employee ID.' }],
      }),
    writePackage,
  };
  return { ...engine, writePackage };
}

async function service(engine: PackageEngine) {
  const folder = path.join(dir, 'photos');
  await import('node:fs/promises').then((fs) => fs.mkdir(folder));
  await writeFile(path.join(folder, 'jane.doe.jpg'), await photoJpeg(400, 500));
  await writeFile(path.join(folder, 'Kwame Mensah.jpg'), await photoJpeg(400, 500));
  await writeFile(path.join(folder, 'stranger.jpg'), await photoJpeg(400, 500));
  const settings = settingsSchema.parse({ faceTightness: 0.6 });
  return {
    folder,
    prepare: new PrepareService({
      previewRoot: () => Promise.resolve(path.join(dir, 'previews')),
      imageUrl: (f) => `img:${f}`,
      settings: () => Promise.resolve(settings),
      engine,
    }),
  };
}

describe('PrepareService', () => {
  it('matches a folder against the roster, with no tenant', async () => {
    const engine = fakeEngine();
    const { folder, prepare } = await service(engine);
    const { record, rosterProblems, rosterSize } = await prepare.importFolder({
      folder,
      roster: path.join(dir, 'roster.csv'),
    });
    const byFile = new Map(record.items.map((i) => [i.file, i]));
    expect(byFile.get('jane.doe.jpg')).toMatchObject({ status: 'matched', user: { id: 'r1' } });
    expect(byFile.get('Kwame Mensah.jpg')).toMatchObject({ status: 'matched', user: { id: 'r2' } });
    expect(byFile.get('stranger.jpg')?.status).not.toBe('matched');
    expect(rosterProblems).toEqual([{ row: 5, message: 'No name, email or employee ID.' }]);
    expect(rosterSize).toBe(3);
  });

  it('packages the reviewed pairs with their crops and lists who is still missing', async () => {
    const engine = fakeEngine();
    const { folder, prepare } = await service(engine);
    const { record } = await prepare.importFolder({ folder, roster: 'roster.csv' });
    const jane = record.items.find((i) => i.file === 'jane.doe.jpg')!;
    const out = await prepare.exportPackage(record, {
      pairs: [
        { file: jane.file, user: jane.user!, method: jane.method, crop: { strategy: 'face' } },
        // Not on the roster: reported, and the package goes on without it.
        {
          file: 'stranger.jpg',
          user: { id: 'x', userPrincipalName: 'x@y', displayName: null },
          method: null,
          crop: { strategy: 'center' },
        },
      ],
      folder: dir,
      kind: 'zip',
      includeOriginals: true,
      createdBy: 'Sam the photographer',
      toolVersion: '1.2.3',
    });
    const [items, options] = engine.writePackage.mock.calls[0]!;
    expect(items).toEqual([
      {
        source: path.join(folder, 'jane.doe.jpg'),
        sourceName: 'jane.doe.jpg',
        identity: identity(users[0]!),
        crop: { strategy: 'face' },
      },
    ]);
    expect(options).toMatchObject({
      includeOriginals: true,
      createdBy: 'Sam the photographer',
      toolVersion: '1.2.3',
      framing: { tightness: 0.6 },
    });
    expect(options.out).toMatch(/headshot-package-\d{4}-\d\d-\d\d-\d{4}\.zip$/);
    expect(out.photos).toBe(1);
    expect(out.failed).toEqual([
      {
        sourceName: 'stranger.jpg',
        error: { code: 'not-in-import', message: 'This person is not on the roster.' },
      },
    ]);
    expect(out.missing.map((m) => m.name)).toEqual(['Kwame Mensah', 'Ana Silva']);
    expect(out.warnings).toEqual([{ code: 'no-face', message: 'No face was found.', count: 1 }]);
  });

  it("searches the import's roster for Review's people picker, and nothing else", async () => {
    const engine = fakeEngine();
    const { folder, prepare } = await service(engine);
    const { record } = await prepare.importFolder({ folder, roster: 'r.csv' });
    expect(prepare.searchRoster(record.importId, 'kwa').map((u) => u.id)).toEqual(['r2']);
    expect(prepare.searchRoster(record.importId, 'fabrikam').map((u) => u.id)).toEqual(['r3']);
    expect(prepare.searchRoster(record.importId, 'nobody')).toEqual([]);
    expect(() => prepare.searchRoster('other', 'kwa')).toThrow(/no longer open/);
  });

  it('refuses an export of an import it does not know', async () => {
    const engine = fakeEngine();
    const { folder, prepare } = await service(engine);
    const { record } = await prepare.importFolder({ folder, roster: 'r.csv' });
    await expect(
      prepare.exportPackage(
        { ...record, importId: 'other' },
        { pairs: [], folder: dir, kind: 'folder', includeOriginals: false, createdBy: 'x', toolVersion: '1' },
      ),
    ).rejects.toThrow(/no longer open/);
  });

  it('says why an empty roster cannot be used', async () => {
    const engine = fakeEngine();
    engine.readRoster = () =>
      Promise.resolve({ users: [], identities: new Map(), problems: [{ row: 2, message: 'No email.' }] });
    const { folder, prepare } = await service(engine);
    await expect(prepare.importFolder({ folder, roster: 'r.csv' })).rejects.toThrow(
      /roster has no one.*row 2: No email/,
    );
  });
});

describe('helpers', () => {
  it('rosterDomains lists each domain once', () => {
    expect(rosterDomains(users)).toEqual(['contoso.com', 'fabrikam.com']);
  });
  it('packagePath names a folder or a zip by the time', () => {
    const when = new Date(2026, 11, 2, 9, 5);
    expect(packagePath('/out', 'folder', when)).toBe(path.join('/out', 'headshot-package-2026-12-02-0905'));
    expect(packagePath('/out', 'zip', when)).toBe(path.join('/out', 'headshot-package-2026-12-02-0905.zip'));
  });
  it('freePath never names a package that exists', async () => {
    const zip = path.join(dir, 'p.zip');
    expect(await freePath(zip)).toBe(zip);
    await writeFile(zip, '');
    expect(await freePath(zip)).toBe(path.join(dir, 'p-2.zip'));
  });
  it('countWarnings counts photos per code, most frequent first', () => {
    const blur = { code: 'blurry', message: 'Blurry.' };
    const dark = { code: 'dark', message: 'Dark.' };
    expect(countWarnings([[blur, blur], [dark, blur], []])).toEqual([
      { ...blur, count: 2 },
      { ...dark, count: 1 },
    ]);
  });
});
