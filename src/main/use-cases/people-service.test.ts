/**
 * The People screen's use case against the demo tenant (the app's session, delegated sign-in through the real
 * MSAL): the inventory matches the tenant's photos, a group's members need the group permission (asked for
 * silently, only for group reads), the missing-photo list carries managers, export is byte-identical, and a
 * removal is a run that a roll back undoes byte for byte, after which the inventory reads the users again.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { PeopleService } from './people-service';
import { RunService } from './run-service';
import { SessionService } from './session-service';

let dir: string;
let session: SessionService;
let runs: RunService;
let people: PeopleService;
const sha = (b: Buffer | null) => (b ? createHash('sha256').update(b).digest('hex') : null);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-people-'));
  session = new SessionService({ dataDir: dir, openBrowser: () => Promise.reject(new Error('no browser')) });
  await session.startDemo();
  const stateDir = () => Promise.resolve(path.join(dir, 'state'));
  runs = new RunService({
    session,
    stateDir,
    settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, concurrency: 2 }),
    onEvent: () => undefined,
  });
  people = new PeopleService({ session, stateDir, runs });
});
afterAll(async () => {
  await runs.stopAll();
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

const emu = () => session.demo()!.emulator;
const options = { refresh: 'auto' as const, includeGuests: false, includeDisabled: false };

describe('PeopleService against the demo tenant', () => {
  it('lists every member with the photo the tenant holds; a second load reads no photo again', async () => {
    const phases = new Set<string>();
    const first = await people.load(options, { onProgress: (p) => phases.add(p.phase) });
    expect(phases).toEqual(new Set(['directory', 'photos']));
    const users = first.document.users;
    expect(users.length).toBeGreaterThan(10);
    expect(first.photosRead).toBe(users.length);
    for (const u of users) {
      expect(u.photoStatus === 'none', u.userPrincipalName).toBe(emu().photoOf(u.id) === null);
    }
    expect(first.document.summary.withoutPhoto).toBeGreaterThan(0);
    const again = await people.load(options);
    expect(again.photosRead).toBe(0);
  });

  it('reads a group’s members with the group permission, asked for only then', async () => {
    const sales = await people.group('Sales');
    expect(sales.displayName).toBe('Sales');
    const emea = emu()
      .groups()
      .find((g) => g.displayName === 'Sales EMEA')!;
    expect(emea).toBeDefined();
    // Nested: the members of Sales EMEA are members of Sales.
    const emeaMembers = await people.group(emea.id);
    expect(emeaMembers.memberIds.length).toBeGreaterThan(0);
    for (const id of emeaMembers.memberIds) expect(sales.memberIds).toContain(id);
    await expect(people.group('No such group anywhere')).rejects.toThrow(/No group named/);
  });

  it('saves the missing-photo list with managers, and never over an earlier file', async () => {
    const { document } = await people.load(options);
    const missing = document.users.filter((u) => u.photoStatus === 'none');
    const folder = path.join(dir, 'lists');
    await mkdir(folder);
    const ids = missing.map((u) => u.id);
    const a = await people.saveList({ folder, format: 'csv', list: 'missing', userIds: ids });
    const b = await people.saveList({ folder, format: 'csv', list: 'missing', userIds: ids });
    expect(a.path).not.toBe(b.path);
    const csv = (await readFile(a.path, 'utf8')).replace(/^\ufeff/, '');
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toContain('"managerDisplayName"');
    expect(rows).toHaveLength(missing.length);
    expect(csv).toContain(missing[0]!.userPrincipalName);
    const json = await people.saveList({ folder, format: 'json', list: 'filtered', userIds: ids });
    const doc = JSON.parse(await readFile(json.path, 'utf8')) as { users: { id: string }[] };
    expect(doc.users.map((u) => u.id)).toEqual(ids);
    await expect(
      people.saveList({ folder, format: 'csv', list: 'filtered', userIds: ['nobody'] }),
    ).rejects.toThrow(/None of these users/);
  });

  it('exports the photos byte for byte, then removes them as a run that a roll back undoes', async () => {
    const { document } = await people.load(options);
    const withPhoto = document.users.filter((u) => u.photoStatus !== 'none').slice(0, 4);
    const ids = withPhoto.map((u) => u.id);
    const folder = path.join(dir, 'export');
    const exported = await people.exportPhotos({ folder, userIds: ids, naming: 'upn', size: 'largest' });
    expect(exported.summary).toEqual({ exported: 4, unchanged: 0, noPhoto: 0, failed: 0 });
    const files = (await readdir(folder)).filter((f) => f !== path.basename(exported.manifest));
    expect(files).toHaveLength(4);
    for (const u of withPhoto) {
      const file = files.find((f) => f.startsWith(u.userPrincipalName))!;
      expect(sha(await readFile(path.join(folder, file)))).toBe(sha(emu().photoOf(u.id)));
    }

    const before = new Map(ids.map((id) => [id, sha(emu().photoOf(id))]));
    const dry = await (await people.remove({ userIds: ids, dryRun: true })).done;
    expect(dry.report.kind).toBe('remove');
    for (const id of ids) expect(sha(emu().photoOf(id))).toBe(before.get(id));

    const removal = await (await people.remove({ userIds: ids, dryRun: false })).done;
    expect(removal.report.summary).toMatchObject({ removed: 4 });
    for (const id of ids) expect(emu().photoOf(id)).toBeNull();
    // The inventory knows: the removed users are read again, without being asked.
    const after = await people.load(options);
    expect(after.photosRead).toBe(4);
    for (const id of ids) expect(after.document.users.find((u) => u.id === id)?.photoStatus).toBe('none');

    const restored = await runs.restore(removal.runId);
    expect(restored.state).toBe('completed');
    for (const id of ids) expect(sha(emu().photoOf(id))).toBe(before.get(id));
  });
});
