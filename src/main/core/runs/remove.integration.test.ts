/**
 * A removal run against the demo tenant with the real MSAL and Graph client: 20 users (some without a photo),
 * a 429 and a 503 on the DELETE, then the roll back: every user exactly as before, byte for byte.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { listRuns } from './list-runs';
import { restoreRun } from './restore';
import { startRemoval } from './run-engine';

let emu: Emulator;
let conn: Connected;
let tmp: string;

beforeAll(async () => {
  emu = await startEmulator({ users: 60, seed: 'remove-run', latencyMs: 2 });
  conn = await connect(emu, 'client-credentials');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-remove-int-'));
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const isPhotoWrite = (e: { method: string; path: string; surface: string }) =>
  e.surface !== 'identity' && e.method !== 'GET' && e.path.includes('/photo');

describe('removal against the demo tenant', () => {
  it('removes 20 users through a 429 and a 503 on the DELETE, leaves users without a photo alone, and the roll back puts every photo back byte for byte', async () => {
    const users = emu
      .users()
      .filter((u) => u.accountEnabled !== false && !u.userPrincipalName.includes('#EXT#'))
      .slice(0, 20);
    expect(users).toHaveLength(20);
    // A known mix: 5 without a photo, one PNG, the rest as seeded (or a JPEG where the seed gave none).
    const png = await sharp({ create: { width: 96, height: 96, channels: 4, background: '#3a6' } })
      .png()
      .toBuffer();
    const jpeg = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#a63' } })
      .jpeg()
      .toBuffer();
    users.forEach((u, i) => {
      if (i % 4 === 3) emu.setPhoto(u.id, null);
      else if (i === 0) emu.setPhoto(u.id, png, 'image/png');
      else if (!emu.photoOf(u.id)) emu.setPhoto(u.id, jpeg, 'image/jpeg');
    });
    const before = new Map(users.map((u) => [u.id, emu.photoOf(u.id)]));
    const withPhoto = users.filter((u) => before.get(u.id) !== null);
    expect(withPhoto).toHaveLength(15);

    const stateDir = path.join(tmp, 'state');
    const refs = users.map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? null,
    }));

    // Dry run first: reads only.
    emu.clearRequests();
    const dry = await (
      await startRemoval(
        { tenantId: emu.tenantId, users: refs, settings: { dryRun: true } },
        { stateDir, photos: conn.photos, auth: conn.auth },
      )
    ).done;
    expect(dry.report.summary).toEqual({ 'would-remove': 15, 'no-photo': 5 });
    expect(emu.requests().filter(isPhotoWrite)).toEqual([]);

    emu.setFaults([
      {
        method: 'DELETE',
        path: '/users/*/photo/$value',
        nth: 2,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
      {
        method: 'DELETE',
        path: '/users/*/photo/$value',
        nth: 5,
        action: { type: 'status', status: 503, retryAfter: null },
      },
    ]);
    emu.clearRequests();
    const outcome = await (
      await startRemoval(
        { tenantId: emu.tenantId, users: refs },
        { stateDir, photos: conn.photos, auth: conn.auth, scheduler: { backoffBaseMs: 50 } },
      )
    ).done;
    emu.setFaults([]);
    expect(outcome.report.summary).toEqual({ removed: 15, 'no-photo': 5 });
    const log = emu.requests();
    expect(log.filter((e) => e.method === 'DELETE' && e.status === 429)).toHaveLength(1);
    expect(log.filter((e) => e.method === 'DELETE' && e.status === 503)).toHaveLength(1);
    // Each user with a photo got its DELETE (the log names the user in the path); those without got no write at all.
    for (const u of withPhoto)
      expect(log.some((e) => e.method === 'DELETE' && e.status === 200 && e.path.includes(u.id))).toBe(true);
    const noPhotoIds = new Set(users.filter((u) => before.get(u.id) === null).map((u) => u.id));
    expect(log.filter(isPhotoWrite).filter((e) => [...noPhotoIds].some((id) => e.path.includes(id)))).toEqual(
      [],
    );
    for (const row of outcome.report.results) {
      const old = before.get(row.user!.id)!;
      expect(emu.photoOf(row.user!.id)).toBeNull();
      if (old) {
        expect(row.status).toBe('removed');
        expect(await fs.readFile(row.backup!)).toEqual(old);
      } else {
        expect(row.status).toBe('no-photo');
        expect(row.backup).toBeNull();
      }
    }
    expect(outcome.report.results.find((r) => r.user!.id === users[0]!.id)!.backup).toMatch(/\.png$/);
    expect((await listRuns(stateDir))[0]).toMatchObject({ kind: 'remove', state: 'completed' });
    expect(emu.violations()).toEqual([]);

    // Roll back: every user exactly as before the removal.
    emu.clearRequests();
    const restored = await restoreRun(outcome.runId, { stateDir, photos: conn.photos, auth: conn.auth });
    expect(restored.report.summary).toEqual({ restored: 15 });
    for (const u of users) expect(emu.photoOf(u.id)).toEqual(before.get(u.id));
    expect(
      emu
        .requests()
        .filter(isPhotoWrite)
        .every((e) => e.method === 'PUT'),
    ).toBe(true);
    expect(emu.violations()).toEqual([]);
  }, 60_000);
});
