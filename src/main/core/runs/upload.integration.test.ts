/**
 * The engine against the demo tenant with the real MSAL and Graph client: faults, throttling, token expiry,
 * backup, restore, unchanged re-run, dry run, secrets hygiene.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import {
  connect,
  passThroughProcess,
  writeTinyJpegs,
  type Connected,
} from '../../../../test/support/emulator-tenant';
import { restoreRun } from './restore';
import { startRun } from './run-engine';
import type { PlannedItem } from './run-records';

let emu: Emulator;
let conn: Connected;
let tmp: string;

beforeAll(async () => {
  emu = await startEmulator({ users: 360, seed: 'upload-engine', latencyMs: 2 });
  // Short-lived tokens, used to the last second: they expire mid-run and requests get 401s.
  emu.setTokenLifetime(4);
  conn = await connect(emu, 'client-credentials', { refreshMarginMs: 0 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-upload-'));
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const isWrite = (m: string) => m === 'PUT' || m === 'PATCH' || m === 'DELETE' || m === 'POST';
const isPhotoWrite = (e: { method: string; path: string; surface: string }) =>
  e.surface !== 'identity' && isWrite(e.method) && e.path.includes('/photo');

describe('upload engine against the demo tenant', () => {
  it('uploads 300 users through 429s (with and without Retry-After), 503s, resets and an expiring token; then re-run, dry run, restore', async () => {
    const users = emu
      .users()
      .filter((u) => u.accountEnabled !== false && !u.userPrincipalName.includes('#EXT#'))
      .slice(0, 300);
    expect(users).toHaveLength(300);
    // Each user's photo as the tenant holds it before the run, read from the emulator's store (not through Graph).
    const before = new Map<string, Buffer | null>();
    for (const u of users) before.set(u.id, emu.photoOf(u.id));
    expect([...before.values()].some((p) => p !== null)).toBe(true);
    const t0 = Date.now();
    const folder = path.join(tmp, 'photos');
    const names = users.map((_, i) => `p${i}.jpg`);
    const jpegs = await writeTinyJpegs(folder, names);
    const items: PlannedItem[] = users.map((u, i) => ({
      file: names[i]!,
      path: path.join(folder, names[i]!),
      user: { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null },
      method: 'upn',
    }));
    const stateDir = path.join(tmp, 'state');
    emu.setFaults([
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        probability: 0.02,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        probability: 0.03,
        action: { type: 'status', status: 429, retryAfter: null },
      },
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        probability: 0.03,
        action: { type: 'status', status: 503, retryAfter: null },
      },
      {
        method: 'GET',
        path: '/users/*/photo',
        probability: 0.01,
        action: { type: 'status', status: 429, retryAfter: '0.5' },
      },
      { path: '/users/*/photo/$value', probability: 0.02, action: { type: 'reset' } },
      { method: 'PUT', path: '/users/*/photo/$value', nth: [40, 160], action: { type: 'expire-token' } },
    ]);
    emu.clearRequests();
    const run = await startRun(
      { tenantId: emu.tenantId, items, settings: { maxConcurrency: 12 } },
      {
        stateDir,
        photos: conn.photos,
        processPhoto: passThroughProcess,
        auth: conn.auth,
        scheduler: { backoffBaseMs: 50 },
      },
    );
    const outcome = await run.done;
    const t1 = Date.now();
    emu.setFaults([]);
    expect(
      outcome.report.results.filter((r) => r.status !== 'uploaded').map((r) => [r.error, r.attempts]),
    ).toEqual([]);
    expect(outcome.report.summary).toEqual({ uploaded: 300 });
    // The note gives the size as people write it, as Graph read it back ("648X648" -> "648 × 648").
    for (const r of outcome.report.results) expect(r.note).toMatch(/^Uploaded \(\d+ × \d+\); the /);
    for (const [i, u] of users.entries()) expect(emu.photoOf(u.id)).toEqual(jpegs.get(names[i]!));
    const log = emu.requests();
    expect(log.filter((e) => e.status === 401).length).toBeGreaterThan(0);
    expect(log.filter((e) => e.status === 429).length).toBeGreaterThan(3);
    expect(log.filter((e) => e.fault === 'reset').length).toBeGreaterThan(0);
    expect(emu.violations()).toEqual([]);
    expect(Math.max(...log.map((e) => e.mailboxConcurrencyAtStart))).toBeLessThan(4);
    // Every overwritten photo is in the backup, byte for byte.
    for (const row of outcome.report.results) {
      const old = before.get(row.user!.id)!;
      expect(row.hadPhoto).toBe(old !== null);
      if (old) expect(await fs.readFile(row.backup!)).toEqual(old);
      else expect(row.backup).toBeNull();
    }

    // Nothing changed: nothing is written.
    emu.clearRequests();
    const again = await (
      await startRun(
        { tenantId: emu.tenantId, items },
        { stateDir, photos: conn.photos, processPhoto: passThroughProcess, auth: conn.auth },
      )
    ).done;
    expect(again.report.summary).toEqual({ unchanged: 300 });
    expect(emu.requests().filter(isPhotoWrite)).toEqual([]);

    // Dry run with new photos: reads only.
    const newJpegs = await writeTinyJpegs(folder, names.slice(0, 20), 1);
    emu.clearRequests();
    const dry = await (
      await startRun(
        { tenantId: emu.tenantId, items: items.slice(0, 20), settings: { dryRun: true } },
        { stateDir, photos: conn.photos, processPhoto: passThroughProcess, auth: conn.auth },
      )
    ).done;
    expect(dry.report.summary).toEqual({ 'dry-run': 20 });
    expect(emu.requests().filter((e) => e.surface !== 'identity' && isWrite(e.method))).toEqual([]);
    expect(emu.photoOf(users[0]!.id)).toEqual(jpegs.get(names[0]!));
    expect(newJpegs.size).toBe(20);

    // Restore the first run: the tenant is back to its previous photos, byte for byte.
    const restored = await restoreRun(outcome.runId, { stateDir, photos: conn.photos, auth: conn.auth });
    expect(restored.report.summary).toEqual({ restored: 300 });
    console.log(`faulty run ${t1 - t0} ms, rest ${Date.now() - t1} ms`);
    for (const u of users) expect(emu.photoOf(u.id)).toEqual(before.get(u.id));
    expect(emu.violations()).toEqual([]);

    // Secrets never reach disk: the journal, reports and backups hold no token or client secret.
    const token = await conn.auth.getAccessToken();
    const files = await fs.readdir(stateDir, { recursive: true });
    for (const f of files) {
      const full = path.join(stateDir, f);
      if (!(await fs.stat(full)).isFile()) continue;
      const text = await fs.readFile(full, 'latin1');
      expect(text.includes(token.slice(-40))).toBe(false);
      expect(text.includes(emu.clientSecret)).toBe(false);
      expect(text.includes('Bearer')).toBe(false);
    }
  }, 150_000);
});
