/**
 * The run engine against quirk tenants, where the app and CLI defaults would hide the case: a verification window
 * shorter than the read-after-write delay ("uploaded, not visible yet", a pending manifest entry confirmed by the
 * next run), and users without an Exchange Online mailbox given a photo over Entra ID's 100 KB.
 */
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../src/emulator/index';
import type { Emulator } from '../../src/emulator/types';
import { connect, passThroughProcess, writeTinyJpegs, type Connected } from '../support/emulator-tenant';
import { UploadManifest } from '../../src/main/core/runs/manifest';
import { restoreRun } from '../../src/main/core/runs/restore';
import { startRun, type RunDeps } from '../../src/main/core/runs/run-engine';
import type { PlannedItem } from '../../src/main/core/runs/run-records';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-engine-quirks-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const puts = (emu: Emulator) =>
  emu.requests().filter((r) => r.surface !== 'identity' && r.method !== 'GET' && r.path.includes('/photo'));

async function plan(emu: Emulator, names: string[], jpegs: (i: number) => Promise<Buffer>, ids: string[]) {
  const folder = path.join(tmp, `photos-${Math.random().toString(36).slice(2)}`);
  await fs.mkdir(folder);
  const items: PlannedItem[] = [];
  for (const [i, id] of ids.entries()) {
    const file = path.join(folder, names[i]!);
    await fs.writeFile(file, await jpegs(i));
    const u = emu.users().find((x) => x.id === id)!;
    items.push({
      file: names[i]!,
      path: file,
      user: { id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null },
      method: 'upn',
    });
  }
  return items;
}

describe('read-after-write delay', () => {
  let emu: Emulator;
  let conn: Connected;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 'engine-raw', users: 30, quirks: { readAfterWriteDelayMs: 1500 } });
    conn = await connect(emu);
  });
  afterAll(async () => {
    conn?.close();
    await emu?.stop();
  });

  it('finishes as uploaded, not visible yet; the re-runs upload nothing; the manifest confirms the etag later', async () => {
    const members = emu.users().filter((u) => u.userType === 'Member' && u.accountEnabled !== false);
    const ids = members.slice(0, 6).map((u) => u.id);
    const before = new Map(ids.map((id) => [id, emu.photoOf(id)]));
    const folder = path.join(tmp, 'raw');
    const names = ids.map((_, i) => `r${i}.jpg`);
    await writeTinyJpegs(folder, names, 3);
    const items = ids.map((id, i) => {
      const u = members.find((m) => m.id === id)!;
      return {
        file: names[i]!,
        path: path.join(folder, names[i]!),
        user: { id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null },
        method: 'upn' as const,
      };
    });
    const stateDir = path.join(tmp, 'raw-state');
    const deps: RunDeps = {
      stateDir,
      photos: conn.photos,
      processPhoto: passThroughProcess,
      auth: conn.auth,
      verify: { timeoutMs: 150, initialDelayMs: 50 },
    };
    emu.clearRequests();
    const first = await (await startRun({ tenantId: emu.tenantId, items }, deps)).done;
    expect(first.report.summary.uploaded).toBe(6);
    for (const row of first.report.results) {
      expect(row.note).toMatch(/^Uploaded, not visible yet/);
      expect(row.etag).toBeNull();
    }
    expect(puts(emu)).toHaveLength(6);
    const manifest = await UploadManifest.open(stateDir, emu.tenantId);
    for (const id of ids) expect(manifest.get(id)).toMatchObject({ etag: null, pending: {} });
    await manifest.close();

    // Still within the delay: nothing is sent again.
    emu.clearRequests();
    const early = await (await startRun({ tenantId: emu.tenantId, items }, deps)).done;
    expect(early.report.summary.unchanged).toBe(6);
    expect(puts(emu)).toEqual([]);

    // After the delay: the new etags are taken as ours and recorded; still nothing is sent.
    await new Promise((r) => setTimeout(r, 1600));
    emu.clearRequests();
    const later = await (await startRun({ tenantId: emu.tenantId, items }, deps)).done;
    expect(later.report.summary.unchanged).toBe(6);
    expect(puts(emu)).toEqual([]);
    const confirmed = await UploadManifest.open(stateDir, emu.tenantId);
    for (const id of ids) {
      const entry = confirmed.get(id)!;
      expect(entry.pending).toBeUndefined();
      expect(entry.etag).toMatch(/^"[0-9A-F]{8}"$/);
    }
    await confirmed.close();

    // Restore under the delay puts back exactly what was there.
    const restored = await restoreRun(first.runId, { stateDir, photos: conn.photos, auth: conn.auth });
    expect(restored.report.summary.restored).toBe(6);
    for (const id of ids) {
      const was = before.get(id) ?? null;
      if (was === null) expect(emu.photoOf(id)).toBeNull();
      else expect(emu.photoOf(id)?.equals(was)).toBe(true);
    }
  }, 60_000);
});

describe('mailbox kinds', () => {
  let emu: Emulator;
  let conn: Connected;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 'engine-mbx', users: 40, quirks: 'mailboxes' });
    conn = await connect(emu);
  });
  afterAll(async () => {
    conn?.close();
    await emu?.stop();
  });

  it('sends a copy under 100 KB to a user without an Exchange Online mailbox; an on-premises mailbox gets its own error', async () => {
    const noMailbox = emu
      .users()
      .find((u) => u.userType === 'Member' && u.hasMailbox === false && !u.roles?.length)!;
    const onPrem = emu.users().find((u) => u.mailboxOnPremises)!;
    const ordinary = emu
      .users()
      .find(
        (u) => u.userType === 'Member' && u.hasMailbox !== false && !u.mailboxOnPremises && !u.roles?.length,
      )!;
    // Noise does not compress: several hundred KB at 648 px.
    const noise = () =>
      sharp(randomBytes(648 * 648 * 3), { raw: { width: 648, height: 648, channels: 3 } })
        .jpeg({ quality: 95 })
        .toBuffer();
    const ids = [noMailbox.id, onPrem.id, ordinary.id];
    const items = await plan(emu, ['a.jpg', 'b.jpg', 'c.jpg'], noise, ids);
    const stateDir = path.join(tmp, 'mbx-state');
    const run = await (
      await startRun(
        { tenantId: emu.tenantId, items },
        { stateDir, photos: conn.photos, processPhoto: passThroughProcess, auth: conn.auth },
      )
    ).done;
    const byUser = new Map(run.report.results.map((r) => [r.user!.id, r]));
    const small = byUser.get(noMailbox.id)!;
    expect(small.status).toBe('uploaded');
    expect(small.note).toMatch(/no Exchange Online mailbox/);
    expect(emu.photoOf(noMailbox.id)!.length).toBeLessThanOrEqual(100_000);
    const original = await fs.readFile(items[0]!.path);
    expect(original.length).toBeGreaterThan(100 * 1024);
    expect(small.sha256).toBe(createHash('sha256').update(original).digest('hex'));

    const refused = byUser.get(onPrem.id)!;
    expect(refused.status).toBe('failed');
    expect(refused.error?.code).toBe('mailbox-on-premises');
    expect(refused.error?.message).toMatch(/on-premises Exchange/);

    const big = byUser.get(ordinary.id)!;
    expect(big.status).toBe('uploaded');
    expect(emu.photoOf(ordinary.id)!.equals(await fs.readFile(items[2]!.path))).toBe(true);
  }, 60_000);
});
