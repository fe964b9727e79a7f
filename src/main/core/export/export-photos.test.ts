/**
 * The export against the demo tenant through the real MSAL + Graph client: byte-identical files, the manifest,
 * resume without downloads, a changed photo, no-photo users, throttled reads, safe and distinct names, cancel.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../../emulator/index';
import type { Emulator, EmulatorUser } from '../../../emulator/types';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { EXPORT_MANIFEST_FILE, readExportManifest } from './export-manifest';
import { exportPhotos, type ExportPhotosOptions } from './export-photos';

let emu: Emulator;
let conn: Connected;
let tmp: string;
let members: EmulatorUser[];

const solid = (n: number, side = 64, format: 'jpeg' | 'png' = 'jpeg') => {
  const image = sharp({
    create: { width: side, height: side, channels: 3, background: { r: n % 256, g: (n * 7) % 256, b: 90 } },
  });
  return (format === 'png' ? image.png() : image.jpeg()).toBuffer();
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const downloads = () => emu.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/$value'));

beforeAll(async () => {
  emu = await startEmulator({ users: 60, seed: 'export-photos', latencyMs: 1 });
  conn = await connect(emu);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-export-'));
  members = emu.users().filter((u) => !u.userPrincipalName.includes('#EXT#') && !u.mailboxOnPremises);
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

function run(folder: string, users: EmulatorUser[], extra: Partial<ExportPhotosOptions> = {}) {
  return exportPhotos({ folder, users, photos: conn.photos, auth: conn.auth, ...extra });
}

describe('exportPhotos against the demo tenant', () => {
  it('writes byte-identical files and a manifest; a re-export downloads nothing; a changed photo is exported again', async () => {
    const users = members.slice(0, 12);
    for (const [i, u] of users.entries()) {
      if (i < 3) emu.setPhoto(u.id, null);
      else if (i === 3) emu.setPhoto(u.id, await solid(i, 80, 'png'), 'image/png');
      else emu.setPhoto(u.id, await solid(i));
    }
    const folder = path.join(tmp, 'all');
    const first = await run(folder, users);
    expect(first.state).toBe('completed');
    expect(first.summary).toMatchObject({ total: 12, exported: 9, 'no-photo': 3, failed: 0, notReached: 0 });
    for (const item of first.items) {
      const stored = emu.photoOf(item.userId);
      if (!stored) {
        expect(item).toMatchObject({ status: 'no-photo', file: null, error: null });
        continue;
      }
      const file = await fs.readFile(path.join(folder, item.file!));
      expect(file.equals(stored)).toBe(true);
      expect(item.sha256).toBe(sha(stored));
      expect(item.file).toBe(`${item.userPrincipalName}${item.userId === users[3]!.id ? '.png' : '.jpg'}`);
    }
    expect(first.items.find((i) => i.userId === users[3]!.id)!.size).toBe('80 × 80');
    expect(first.items.find((i) => i.userId === users[4]!.id)!.size).toBe('64 × 64');

    const manifest = await readExportManifest(folder);
    expect(manifest.size).toBe(12);
    expect(manifest.get(users[5]!.id)).toMatchObject({
      status: 'exported',
      sha256: sha(emu.photoOf(users[5]!.id)!),
    });
    const csv = await fs.readFile(path.join(folder, EXPORT_MANIFEST_FILE), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeff"userId","userPrincipalName","file","requested","size","etag","sha256","status","error","note"',
    );

    emu.clearRequests();
    const second = await run(folder, users);
    expect(second.summary).toMatchObject({ unchanged: 9, 'no-photo': 3, exported: 0 });
    expect(downloads()).toHaveLength(0);

    // A changed photo, and a file someone edited in the folder: both are exported again, nothing else.
    emu.setPhoto(users[6]!.id, await solid(99));
    await fs.writeFile(path.join(folder, `${users[7]!.userPrincipalName}.jpg`), 'edited');
    emu.clearRequests();
    const third = await run(folder, users);
    expect(third.summary).toMatchObject({ unchanged: 7, exported: 2, 'no-photo': 3 });
    expect(
      downloads()
        .map((r) => r.user)
        .sort(),
    ).toEqual([users[6]!.id, users[7]!.id].sort());
    for (const i of [6, 7]) {
      const u = users[i]!;
      const file = await fs.readFile(path.join(folder, `${u.userPrincipalName}.jpg`));
      expect(file.equals(emu.photoOf(u.id)!)).toBe(true);
    }
  });

  it('waits out a 429 with Retry-After on a metadata read and on a download', async () => {
    const users = members.slice(12, 16);
    for (const [i, u] of users.entries()) emu.setPhoto(u.id, await solid(40 + i));
    emu.setFaults([
      {
        method: 'GET',
        path: '/users/*/photo',
        nth: 1,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
      {
        method: 'GET',
        path: '/users/*/photo/$value',
        nth: 2,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
    ]);
    emu.clearRequests();
    const t0 = Date.now();
    const outcome = await run(path.join(tmp, 'throttled'), users);
    emu.setFaults([]);
    expect(outcome.summary).toMatchObject({ exported: 4, failed: 0 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(emu.requests().filter((r) => r.status === 429)).toHaveLength(2);
    expect(emu.violations().filter((v) => v.kind === 'retry-too-early')).toEqual([]);
    for (const item of outcome.items) {
      const file = await fs.readFile(path.join(outcome.folder, item.file!));
      expect(file.equals(emu.photoOf(item.userId)!)).toBe(true);
    }
  });

  it('names files safely and distinctly: a reserved name, two people of one name, a missing field', async () => {
    const [a, b, c, d] = members.slice(16, 20) as [EmulatorUser, EmulatorUser, EmulatorUser, EmulatorUser];
    emu.updateUser(a.id, { displayName: 'CON' });
    emu.updateUser(b.id, { displayName: 'Sam Lee' });
    emu.updateUser(c.id, { displayName: 'Sam Lee' });
    emu.updateUser(d.id, { displayName: null });
    for (const [i, u] of [a, b, c, d].entries()) emu.setPhoto(u.id, await solid(60 + i));
    const users = [a, b, c, d].map((u) => emu.users().find((x) => x.id === u.id)!);
    const outcome = await run(path.join(tmp, 'names'), users, { nameBy: 'displayName' });
    const [first, second] = [b, c].sort((x, y) => (x.id < y.id ? -1 : 1));
    const byUser = new Map(outcome.items.map((i) => [i.userId, i]));
    expect(byUser.get(a.id)!.file).toBe('_CON.jpg');
    expect(byUser.get(first!.id)!.file).toBe('Sam Lee.jpg');
    expect(byUser.get(second!.id)!.file).toBe('Sam Lee (2).jpg');
    expect(byUser.get(second!.id)!.note).toMatch(/same name/);
    expect(byUser.get(d.id)).toMatchObject({ file: `${d.userPrincipalName}.jpg` });
    expect(byUser.get(d.id)!.note).toMatch(/no display name, so the file is named by UPN/);
    for (const item of outcome.items) {
      const file = await fs.readFile(path.join(outcome.folder, item.file!));
      expect(file.equals(emu.photoOf(item.userId)!)).toBe(true);
    }
  });

  it('exports a chosen size, and says so for a user whose photo is smaller than that size', async () => {
    const [big, small, none] = members.slice(20, 23) as [EmulatorUser, EmulatorUser, EmulatorUser];
    emu.setPhoto(big.id, await solid(1, 300));
    emu.setPhoto(small.id, await solid(2, 100));
    emu.setPhoto(none.id, null);
    const outcome = await run(path.join(tmp, 'sized'), [big, small, none], { size: 240 });
    const [b, s, n] = outcome.items;
    expect(b).toMatchObject({ status: 'exported', size: '240 × 240', requested: '240' });
    const meta = await sharp(path.join(outcome.folder, b!.file!)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([240, 240, 'jpeg']);
    expect(s).toMatchObject({ status: 'no-photo', file: null });
    expect(s!.note).toBe(
      'The photo is 100 × 100, so Microsoft 365 has no 240 × 240 copy of it; export without a size to get it.',
    );
    expect(n).toMatchObject({ status: 'no-photo', note: null });

    // The same folder, now the largest photo: the 240 px file is not taken for it.
    const largest = await run(outcome.folder, [big]);
    expect(largest.items[0]).toMatchObject({ status: 'exported', size: '300 × 300' });
    const file = await fs.readFile(path.join(outcome.folder, largest.items[0]!.file!));
    expect(file.equals(emu.photoOf(big.id)!)).toBe(true);
  });

  it('cancels mid-way leaving only whole files, then a second export finishes without downloading them again', async () => {
    const users = members.slice(23, 53);
    for (const [i, u] of users.entries()) emu.setPhoto(u.id, await solid(100 + i));
    const folder = path.join(tmp, 'cancel');
    emu.setLatency(40);
    const controller = new AbortController();
    emu.clearRequests();
    const first = await run(folder, users, {
      signal: controller.signal,
      concurrency: 4,
      onProgress: (p) => {
        if (p.done >= 8) controller.abort();
      },
    });
    emu.setLatency(1);
    expect(first.state).toBe('cancelled');
    expect(first.items.length).toBeGreaterThanOrEqual(8);
    expect(first.items.length).toBeLessThan(users.length);
    expect(first.summary.notReached).toBe(users.length - first.items.length);
    const entries = await fs.readdir(folder);
    expect(entries.filter((e) => e.includes('.tmp-'))).toEqual([]);
    for (const e of entries.filter((x) => x.endsWith('.jpg'))) {
      const u = users.find((x) => `${x.userPrincipalName}.jpg` === e)!;
      expect((await fs.readFile(path.join(folder, e))).equals(emu.photoOf(u.id)!)).toBe(true);
    }
    expect((await readExportManifest(folder)).size).toBe(first.items.length);
    const firstDownloads = downloads().length;

    emu.clearRequests();
    const second = await run(folder, users);
    expect(second.state).toBe('completed');
    expect(second.summary).toMatchObject({
      unchanged: first.items.length,
      exported: users.length - first.items.length,
    });
    expect(downloads()).toHaveLength(users.length - first.items.length);
    expect(firstDownloads + downloads().length).toBe(users.length);
    expect((await readExportManifest(folder)).size).toBe(users.length);
  });

  it('reports a user who was deleted as failed, with a sentence, and goes on', async () => {
    const [gone, kept] = members.slice(53, 55) as [EmulatorUser, EmulatorUser];
    emu.setPhoto(kept.id, await solid(7));
    emu.deleteUser(gone.id);
    const outcome = await run(path.join(tmp, 'gone'), [gone, kept]);
    expect(outcome.items[0]).toMatchObject({ status: 'failed', file: null });
    expect(outcome.items[0]!.error).toMatch(/not found in the tenant/);
    expect(outcome.items[1]).toMatchObject({ status: 'exported' });
  });
});
