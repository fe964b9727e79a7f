// loadInventory against the demo tenant: members by default, the per-tenant cache and what makes a photo be read
// again (age, refresh, a change in the delta), the run that set a photo (manifest), cancel.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import {
  connect,
  passThroughProcess,
  writeTinyJpegs,
  type Connected,
} from '../../../../test/support/emulator-tenant';
import { startRun } from '../runs/run-engine';
import type { PlannedItem } from '../runs/run-records';
import { inventoryDocumentSchema } from '../../../shared/inventory';
import { UploadManifest, tenantDir } from '../runs/manifest';
import { CancelledError, RequestScheduler } from '../runs/scheduler';
import { INVENTORY_CACHE_FILE } from './inventory-cache';
import { loadInventory, needsRead, type LoadInventoryOptions } from './load-inventory';

let emu: Emulator;
let conn: Connected;
let stateDir: string;

beforeAll(async () => {
  emu = await startEmulator({ users: 60, seed: 'inventory-load', latencyMs: 2 });
  conn = await connect(emu);
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
});
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-inventory-'));
  emu.clearRequests();
});
afterEach(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

const cachedReads = (text: string) => (JSON.parse(text) as { reads: unknown[] }).reads;
const load = (extra: Partial<LoadInventoryOptions> = {}) =>
  loadInventory({ client: conn.client, tenantId: emu.tenantId, stateDir, ...extra });
const photoItems = () => emu.requests().filter((r) => r.surface === 'batch-item');
const members = () => emu.users().filter((u) => u.userType !== 'Guest' && u.accountEnabled !== false);

test('members by default, guests and disabled accounts when asked; rows follow the schema and the tenant', async () => {
  const first = await load();
  expect(inventoryDocumentSchema.parse(first.document)).toEqual(first.document);
  expect(first.document.users.map((u) => u.id).sort()).toEqual(
    members()
      .map((u) => u.id)
      .sort(),
  );
  expect(first.photosRead).toBe(members().length);
  expect(photoItems()).toHaveLength(members().length);
  for (const row of first.document.users) {
    const stored = emu.photoOf(row.id);
    expect(row.photoStatus === 'none', row.userPrincipalName).toBe(stored === null);
    if (row.photo) expect(row.photo.etag).toBeTruthy();
    expect(row.photoReadAt).not.toBeNull();
  }
  expect(first.document.summary.users).toBe(members().length);
  expect(first.document.summary.withPhoto + first.document.summary.withoutPhoto).toBe(members().length);

  const all = await load({ includeGuests: true, includeDisabled: true });
  expect(all.document.users).toHaveLength(emu.users().length);
  // Only the users not read before are read now.
  expect(all.photosRead).toBe(emu.users().length - members().length);
  expect(all.document.users.some((u) => u.userType === 'Guest')).toBe(true);
  expect(all.document.users.some((u) => u.accountEnabled === false)).toBe(true);
});

test('cached per tenant: a later load reads only new or changed users, old reads, or everything when asked', async () => {
  await load();
  const file = path.join(tenantDir(stateDir, emu.tenantId), INVENTORY_CACHE_FILE);
  expect(cachedReads(await fs.readFile(file, 'utf8')).length).toBe(members().length);

  emu.clearRequests();
  const again = await load();
  expect(again.photosRead).toBe(0);
  expect(again.directorySource).toBe('delta');
  expect(photoItems()).toHaveLength(0);

  // A directory change (seen by delta) re-reads that user; a photo changed elsewhere waits for its age or a refresh.
  const [changed, photoChanged] = members();
  emu.updateUser(changed!.id, { department: 'Changed department' });
  const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#c00' } })
    .jpeg()
    .toBuffer();
  emu.setPhoto(photoChanged!.id, jpeg);
  emu.clearRequests();
  const afterDelta = await load();
  expect(afterDelta.photosRead).toBe(1);
  expect(photoItems().map((r) => r.user)).toEqual([changed!.id]);
  expect(afterDelta.document.users.find((u) => u.id === changed!.id)!.department).toBe('Changed department');
  const stale = afterDelta.document.users.find((u) => u.id === photoChanged!.id)!;
  expect(stale.photo?.width).not.toBe(300);

  const aged = await load({ now: () => Date.now() + 25 * 60 * 60 * 1000 });
  expect(aged.photosRead).toBe(members().length);
  const fresh = aged.document.users.find((u) => u.id === photoChanged!.id)!;
  expect(fresh.photo).toMatchObject({ width: 300, height: 300, contentType: 'image/jpeg' });
  expect(fresh.photoStatus).toBe('low-resolution');

  const shortAge = await load({ maxAgeMinutes: 0 });
  expect(shortAge.photosRead).toBe(members().length);
  const refreshed = await load({ refresh: 'photos' });
  expect(refreshed.photosRead).toBe(members().length);
});

test('headshotRun: the run whose recorded etag is the current one', async () => {
  const first = await load();
  const withPhoto = first.document.users.filter((u) => u.photo?.etag);
  const [ours, replaced, legacy] = withPhoto;
  const manifest = await UploadManifest.open(stateDir, emu.tenantId);
  await manifest.record(ours!.id, 'a'.repeat(64), ours!.photo!.etag, '20261201-120000-abcdef');
  await manifest.record(
    replaced!.id,
    'b'.repeat(64),
    'W/"someone-else-changed-it"',
    '20261201-120000-abcdef',
  );
  await manifest.record(legacy!.id, 'c'.repeat(64), legacy!.photo!.etag); // written before runs were recorded
  await manifest.close();
  const again = await load();
  const row = (id: string) => again.document.users.find((u) => u.id === id)!;
  expect(row(ours!.id).headshotRun?.runId).toBe('20261201-120000-abcdef');
  expect(Date.parse(row(ours!.id).headshotRun!.at)).not.toBeNaN();
  expect(row(replaced!.id).headshotRun).toBeNull();
  expect(row(legacy!.id).headshotRun).toBeNull();
});

test('a real upload run: the inventory names the run that set each photo', async () => {
  const [a, b] = members();
  const folder = path.join(stateDir, 'photos');
  await writeTinyJpegs(folder, ['a.jpg', 'b.jpg'], 3);
  const items: PlannedItem[] = [a!, b!].map((u, i) => ({
    file: `${'ab'[i]}.jpg`,
    path: path.join(folder, `${'ab'[i]}.jpg`),
    user: { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null },
    method: 'upn',
  }));
  const run = await startRun(
    { tenantId: emu.tenantId, items },
    { stateDir, photos: conn.photos, processPhoto: passThroughProcess, auth: conn.auth },
  );
  const outcome = await run.done;
  expect(outcome.report.summary).toEqual({ uploaded: 2 });
  const inventory = await load();
  const row = (id: string) => inventory.document.users.find((u) => u.id === id)!;
  for (const u of [a!, b!]) {
    expect(row(u.id).headshotRun?.runId).toBe(run.runId);
    expect(row(u.id).photo).toMatchObject({ width: 64, height: 64 });
    expect(row(u.id).photoStatus).toBe('low-resolution');
  }
  expect(inventory.document.users.filter((u) => u.headshotRun)).toHaveLength(2);
});

test('cancel keeps what was read in the cache and rejects with CancelledError', async () => {
  emu.setLatency(100);
  try {
    const controller = new AbortController();
    // One batch at a time (a shared scheduler: not cancelled itself, its queued items give up).
    const scheduler = new RequestScheduler({
      maxConcurrency: 20,
      initialConcurrency: 20,
      minConcurrency: 20,
    });
    const pending = load({
      scheduler,
      signal: controller.signal,
      onProgress: (p) => p.phase === 'photos' && p.done > 0 && controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  } finally {
    emu.setLatency(2);
  }
  const file = path.join(tenantDir(stateDir, emu.tenantId), INVENTORY_CACHE_FILE);
  const reads = cachedReads(await fs.readFile(file, 'utf8'));
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.length).toBeLessThan(members().length);
});

test('needsRead: missing, changed, failed or old reads', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const read = {
    userId: 'u',
    fp: 'f',
    result: { kind: 'none' } as const,
    readAt: '2026-12-02T11:00:00Z',
  };
  expect(needsRead(undefined, 'f', now, 3_600_001)).toBe(true);
  expect(needsRead(read, 'f', now, 3_600_001)).toBe(false);
  expect(needsRead(read, 'g', now, 3_600_001)).toBe(true);
  expect(needsRead(read, 'f', now, 3_600_000)).toBe(true);
  expect(needsRead({ ...read, result: { kind: 'unreadable', message: 'x' } }, 'f', now, 3_600_001)).toBe(
    true,
  );
  expect(needsRead({ ...read, readAt: '2026-12-03T11:00:00Z' }, 'f', now, 3_600_001)).toBe(true); // clock went back
});
