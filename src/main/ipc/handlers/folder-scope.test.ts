/**
 * A compromised renderer against every path-taking channel: it may call any channel with any payload, but it
 * cannot make main open a path that the user did not give (a dialog, a drop) and the app did not make.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ZodObject } from 'zod';
import { PACKAGE_FORMAT, PACKAGE_MANIFEST } from '../../../shared/handoff-package';
import { invokeChannels } from '../../../shared/ipc';
import { desktopInvokeChannels } from '../../../shared/ipc-desktop';
import { createIpcCore } from '../index';

let dir: string;
let photos: string;
let outside: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-scope-'));
  photos = path.join(dir, 'photos');
  outside = path.join(dir, 'outside');
  await mkdir(photos, { recursive: true });
  await mkdir(path.join(dir, 'photos-evil'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.csv'), 'file,upn\nsecret,root@contoso.com\n');
  await writeFile(path.join(photos, 'mapping.csv'), 'file,upn\n');
  await symlink(outside, path.join(photos, 'escape'));
  // A handoff package where nobody gave it.
  await mkdir(path.join(outside, 'package'), { recursive: true });
  await writeFile(
    path.join(outside, 'package', PACKAGE_MANIFEST),
    JSON.stringify({ format: PACKAGE_FORMAT, photos: [] }),
  );
  await writeFile(path.join(outside, 'package.zip'), 'PK not really');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup() {
  const core = createIpcCore({
    platform: {
      appInfo: () => ({
        name: 'Headshot',
        version: '0',
        runtime: 'harness',
        platform: process.platform,
        arch: process.arch,
        versions: { node: process.versions.node, electron: null, chrome: null },
        packaged: false,
      }),
      chooseFolder: () => Promise.resolve(photos),
      chooseFile: () => Promise.resolve(path.join(outside, 'secret.csv')),
      openExternal: () => Promise.resolve(),
      dataDir: path.join(dir, `data-${randomUUID()}`),
    },
  });
  const call = (channel: string, input?: unknown) => core.dispatch(channel, input, core.context('test'));
  return { core, call };
}

const REFUSED = {
  ok: false,
  error: { code: 'not-allowed', message: expect.stringContaining('only opens') as unknown },
};

/** Every channel, and the input fields that hold a path (by name), straight from the contract. */
function pathFields(): Record<string, string[]> {
  const all = { ...invokeChannels, ...desktopInvokeChannels } as Record<string, { input: unknown }>;
  const found: Record<string, string[]> = {};
  for (const [channel, { input }] of Object.entries(all)) {
    const shape: Record<string, unknown> | undefined = (input as Partial<ZodObject>).shape;
    const keys = Object.keys(shape ?? {}).filter((k) => /folder|root|path|csv|dir|file|roster/i.test(k));
    if (keys.length > 0) found[channel] = keys;
  }
  return found;
}

describe('folder scope against a compromised renderer', () => {
  it('knows every path-taking channel of the contract (a new one must be added here)', () => {
    expect(pathFields()).toEqual({
      'library:scan': ['root'],
      'import:run': ['folder', 'mappingCsv'],
      'run:exportCsv': ['folder'],
      'settings:set': ['stateDir'],
      'inventory:saveList': ['folder'],
      'photos:export': ['folder'],
      'prepare:match': ['folder', 'roster'],
      'prepare:export': ['folder'],
      'package:check': ['path'],
      'package:open': ['path'],
    });
  });

  it('library:scan: refuses folders never given, prefixes, symlinks out, and relative paths', async () => {
    const { call } = setup();
    const scan = (root: string) => call('library:scan', { jobId: randomUUID(), root });
    await expect(scan(outside)).resolves.toEqual(REFUSED);
    await expect(call('dialog:chooseFolder', { purpose: 'photos' })).resolves.toMatchObject({ ok: true });
    await expect(scan(photos)).resolves.toMatchObject({ ok: true });
    await expect(scan(path.join(dir, 'photos-evil'))).resolves.toEqual(REFUSED);
    await expect(scan(path.join(photos, 'escape'))).resolves.toEqual(REFUSED);
    await expect(scan(path.join(photos, '..', 'outside'))).resolves.toEqual(REFUSED);
    await expect(scan('photos')).resolves.toEqual(REFUSED);
  });

  it('import:run: refuses a folder or a mapping CSV that was not given', async () => {
    const { call } = setup();
    const run = (folder: string, mappingCsv: string | null) =>
      call('import:run', { jobId: randomUUID(), folder, mappingCsv, domains: [] });
    await expect(run(outside, null)).resolves.toEqual(REFUSED);
    await call('dialog:chooseFolder', { purpose: 'photos' });
    await expect(run(photos, path.join(outside, 'secret.csv'))).resolves.toEqual(REFUSED);
    await expect(run(photos, path.join(photos, 'escape', 'secret.csv'))).resolves.toEqual(REFUSED);
    // Given: past the scope, it fails on what comes next (nobody is signed in), not on the path.
    const inside = await run(photos, path.join(photos, 'mapping.csv'));
    expect(inside).toMatchObject({ ok: false });
    expect(inside).not.toEqual(REFUSED);
  });

  it('import:run: refuses a users CSV scope that was not given, as it refuses a mapping CSV', async () => {
    const { core, call } = setup();
    core.grants.grantFolder(photos, 'dialog');
    const run = (scope: unknown) =>
      call('import:run', { jobId: randomUUID(), folder: photos, mappingCsv: null, domains: [], scope });
    const users = (usersCsv: string) => run({ kind: 'users', usersCsv });
    await expect(users(path.join(outside, 'secret.csv'))).resolves.toEqual(REFUSED);
    await expect(users(path.join(photos, 'escape', 'secret.csv'))).resolves.toEqual(REFUSED);
    await expect(users('secret.csv')).resolves.toEqual(REFUSED);
    // A department names no path: past the scope check, it fails on what comes next (nobody is signed in).
    const department = await run({ kind: 'department', department: 'Sales' });
    expect(department).toMatchObject({ ok: false });
    expect(department).not.toEqual(REFUSED);
    // Chosen in the users CSV dialog: given.
    await expect(call('import:chooseUsersCsv')).resolves.toEqual({
      ok: true,
      value: { path: path.join(outside, 'secret.csv') },
    });
    const given = await users(path.join(outside, 'secret.csv'));
    expect(given).toMatchObject({ ok: false });
    expect(given).not.toEqual(REFUSED);
  });

  it('a dropped folder is given; a dropped photo gives its folder, a dropped CSV only itself', async () => {
    const { core, call } = setup();
    core.grants.grantDropped(path.join(outside, 'secret.csv'));
    const run = (folder: string, mappingCsv: string | null) =>
      call('import:run', { jobId: randomUUID(), folder, mappingCsv, domains: [] });
    await expect(run(outside, null)).resolves.toEqual(REFUSED);
    core.grants.grantDropped(photos);
    expect(await run(photos, path.join(outside, 'secret.csv'))).not.toEqual(REFUSED);
  });

  it('run:exportCsv: writes only into a folder that was given', async () => {
    const { call } = setup();
    await expect(call('run:exportCsv', { runId: 'r1', kind: 'upload', folder: outside })).resolves.toEqual(
      REFUSED,
    );
  });

  it('inventory:saveList and photos:export: write only into a folder that was given', async () => {
    const { call } = setup();
    await expect(
      call('inventory:saveList', { folder: outside, format: 'csv', list: 'filtered', userIds: ['u1'] }),
    ).resolves.toEqual(REFUSED);
    await expect(
      call('photos:export', {
        jobId: randomUUID(),
        folder: outside,
        userIds: ['u1'],
        naming: 'upn',
        size: 'largest',
      }),
    ).resolves.toEqual(REFUSED);
  });

  it('prepare:match: refuses a photo folder or a roster that was not given', async () => {
    const { call } = setup();
    const match = (folder: string, roster: string) =>
      call('prepare:match', { jobId: randomUUID(), folder, roster });
    await expect(match(outside, path.join(photos, 'mapping.csv'))).resolves.toEqual(REFUSED);
    await call('dialog:chooseFolder', { purpose: 'photos' });
    await expect(match(photos, path.join(outside, 'secret.csv'))).resolves.toEqual(REFUSED);
    await expect(match(photos, path.join(photos, 'escape', 'secret.csv'))).resolves.toEqual(REFUSED);
    await expect(match(photos, 'mapping.csv')).resolves.toEqual(REFUSED);
    // Chosen in the roster dialog: given, and matched (the CSV names one person by UPN).
    await expect(call('prepare:chooseRoster')).resolves.toMatchObject({ ok: true });
    await expect(match(photos, path.join(outside, 'secret.csv'))).resolves.toMatchObject({
      ok: true,
      value: { rosterSize: 1 },
    });
  });

  it('prepare:export: writes only into a folder the user gave, never one the app made', async () => {
    const { core, call } = setup();
    const exportTo = (folder: string) =>
      call('prepare:export', {
        jobId: randomUUID(),
        importId: 'i1',
        pairs: [],
        folder,
        kind: 'zip',
        includeOriginals: false,
        createdBy: 'Studio',
      });
    await expect(exportTo(outside)).resolves.toEqual(REFUSED);
    core.grants.grantFolder(outside, 'app');
    await expect(exportTo(outside)).resolves.toEqual(REFUSED);
    await call('dialog:chooseFolder', { purpose: 'photos' });
    await expect(exportTo(path.join(photos, 'escape'))).resolves.toEqual(REFUSED);
    // Given: past the scope, it fails on the import id nobody opened.
    await expect(exportTo(photos)).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('package:check and package:open: look only at a package that was given', async () => {
    const { core, call } = setup();
    const pkg = path.join(outside, 'package');
    await expect(call('package:check', { path: pkg })).resolves.toEqual({
      ok: true,
      value: { isPackage: false },
    });
    for (const given of [pkg, path.join(outside, 'package.zip'), path.join(photos, 'escape', 'package')]) {
      await expect(call('package:open', { jobId: randomUUID(), path: given, domains: [] })).resolves.toEqual(
        REFUSED,
      );
    }
    core.grants.grantDropped(pkg);
    await expect(call('package:check', { path: pkg })).resolves.toEqual({
      ok: true,
      value: { isPackage: true },
    });
    // Given: past the scope, it fails on what comes next (nobody is signed in).
    const opened = await call('package:open', { jobId: randomUUID(), path: pkg, domains: [] });
    expect(opened).toMatchObject({ ok: false });
    expect(opened).not.toEqual(REFUSED);
  });

  it('settings:set: takes only a state folder that was given', async () => {
    const { call } = setup();
    await expect(call('settings:set', { stateDir: outside })).resolves.toEqual(REFUSED);
    await expect(call('settings:set', { stateDir: 'relative/state' })).resolves.toEqual(REFUSED);
    await expect(call('settings:set', { concurrency: 4 })).resolves.toMatchObject({ ok: true });
    await call('dialog:chooseFolder', { purpose: 'reports' });
    await expect(call('settings:set', { stateDir: photos })).resolves.toMatchObject({
      ok: true,
      value: { stateDir: photos },
    });
    await expect(call('settings:set', { stateDir: null })).resolves.toMatchObject({ ok: true });
  });
});
