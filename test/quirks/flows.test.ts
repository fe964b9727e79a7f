/**
 * The app flow (RunService, as the desktop app drives it) and the CLI flow (`headshot upload` / `restore`), each
 * against the default demo tenant and every photo quirk profile: upload, a re-run that uploads nothing (checked in
 * the emulator's request log), and a restore that puts back exactly what Graph served before.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runCli } from '../../src/cli/index';
import { captureIo } from '../support/capture-io';
import type { QuirkProfile } from '../../src/emulator/quirks';
import type { Emulator, EmulatorUser, RequestLogEntry } from '../../src/emulator/types';
import { importWithPreviews } from '../../src/main/use-cases/import-folder';
import { RunService } from '../../src/main/use-cases/run-service';
import { SessionService } from '../../src/main/use-cases/session-service';
import type { ReviewedPair } from '../../src/shared/review';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { RunReport, RunReportRow } from '../../src/shared/upload';

// photo-policy-roles restricts delegated admins without an allowed role; the demo's admin and the CLI's app pass.
const PROFILES: QuirkProfile[] = [
  'default',
  'no-photo-codes',
  'read-after-write',
  'mailboxes',
  'photo-policy-roles',
];

const photoWrites = (log: RequestLogEntry[]) =>
  log.filter((r) => r.surface !== 'identity' && r.path.includes('/photo') && r.method !== 'GET');

/** What each report row must say for this user in this tenant. */
function expectRow(row: RunReportRow, user: EmulatorUser | undefined, status: 'uploaded' | 'unchanged') {
  if (user?.mailboxOnPremises) {
    expect(row.status).toBe('failed');
    expect(row.error?.code).toBe('mailbox-on-premises');
    expect(row.error?.message).toMatch(/on-premises Exchange/);
    expect(row.error?.message).not.toMatch(/not found/i);
  } else {
    expect([row.file, row.status, row.error]).toEqual([row.file, status, null]);
  }
}

/** Restore put back what Graph served before the run, byte for byte, for every user the run wrote. */
function expectRestored(emu: Emulator, before: Map<string, Buffer | null>, written: string[]) {
  for (const id of written) {
    const was = before.get(id) ?? null;
    if (was === null) expect(emu.photoOf(id)).toBeNull();
    else expect(emu.photoOf(id)?.equals(was)).toBe(true);
  }
}

/** After a restore's writes, wait out the profile's read-after-write delay before the next flow reads. */
const settle = (profile: QuirkProfile) =>
  new Promise((r) => setTimeout(r, profile === 'read-after-write' ? 3100 : 0));

describe.each(PROFILES)('quirk profile %s', (profile) => {
  let dir: string;
  let session: SessionService;
  let runs: RunService;
  let emu: Emulator;
  let pairs: ReviewedPair[];
  let importRecord: Awaited<ReturnType<typeof importWithPreviews>>;
  const before = new Map<string, Buffer | null>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `headshot-quirks-${profile}-`));
    session = new SessionService({
      dataDir: dir,
      openBrowser: () => Promise.reject(new Error('no browser')),
      demoQuirks: profile,
    });
    const demo = await session.startDemo();
    emu = session.demo()!.emulator;
    runs = new RunService({
      session,
      stateDir: () => Promise.resolve(path.join(dir, 'state')),
      settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, concurrency: 2 }),
      onEvent: () => undefined,
    });
    importRecord = await importWithPreviews(
      { folder: demo.folder, mappingCsv: demo.mappingCsv },
      { directory: () => session.directory(), previewRoot: path.join(dir, 'pv'), imageUrl: (f) => f },
    );
    const matched = importRecord.items.filter((i) => i.status === 'matched' && i.user);
    const kindOf = (id: string) => emu.users().find((u) => u.id === id);
    // Six ordinary users, plus every user of the mailbox kinds the profile marks (none in other profiles).
    const special = matched.filter((i) => {
      const u = kindOf(i.user!.id);
      return u?.mailboxOnPremises || u?.hasMailbox === false;
    });
    const chosen = [...matched.filter((i) => !special.includes(i)).slice(0, 6), ...special.slice(0, 4)];
    if (profile === 'mailboxes') {
      expect(chosen.some((i) => kindOf(i.user!.id)?.mailboxOnPremises)).toBe(true);
      expect(chosen.some((i) => kindOf(i.user!.id)?.hasMailbox === false)).toBe(true);
    }
    pairs = chosen.map((i) => ({
      file: i.file,
      user: i.user!,
      method: i.method,

      crop: { strategy: 'center' as const },
    }));
    for (const p of pairs) before.set(p.user.id, emu.photoOf(p.user.id));
  }, 60_000);
  afterAll(async () => {
    await runs?.stopAll();
    await session?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const userOf = (id: string | undefined) => emu.users().find((u) => u.id === id);

  it('app: upload, a re-run that uploads nothing, restore', async () => {
    emu.clearRequests();
    const planned = new Set(pairs.map((p) => p.file));
    const first = await (await runs.start({ importRecord, pairs, dryRun: false })).done;
    // The report also lists the imported files that were not chosen, as skipped.
    const rows = first.report.results.filter((r) => planned.has(r.file));
    expect(rows).toHaveLength(pairs.length);
    for (const row of rows) expectRow(row, userOf(row.user?.id), 'uploaded');
    const writes = photoWrites(emu.requests()).length;
    expect(writes).toBeGreaterThan(0);

    emu.clearRequests();
    const again = await (await runs.start({ importRecord, pairs, dryRun: false })).done;
    const againRows = again.report.results.filter((r) => planned.has(r.file));
    expect(againRows).toHaveLength(pairs.length);
    for (const row of againRows) expectRow(row, userOf(row.user?.id), 'unchanged');
    expect(photoWrites(emu.requests())).toEqual([]);

    const restored = await runs.restore(first.runId);
    const written = rows.filter((r) => r.status === 'uploaded').map((r) => r.user!.id);
    expect(restored.report.summary.restored).toBe(written.length);
    expectRestored(emu, before, written);
    await settle(profile);
  }, 120_000);

  it('CLI: upload, a re-run that uploads nothing, restore', async () => {
    // The same users, photos named by UPN in a folder of their own.
    const folder = path.join(dir, 'cli-photos');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(folder, { recursive: true });
    for (const [i, p] of pairs.entries()) {
      emu.setPhoto(p.user.id, before.get(p.user.id) ?? null);
      await writeFile(
        path.join(folder, `${p.user.userPrincipalName}.jpg`),
        await sharp({
          create: { width: 200, height: 200, channels: 3, background: { r: i * 20, g: 90, b: 30 } },
        })
          .jpeg()
          .toBuffer(),
      );
    }
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, emu.caCertPem);
    const stateDir = path.join(dir, 'cli-state');
    const auth = [
      ...['--tenant', emu.tenantId, '--client-id', emu.clientId, '--auth', 'client-credentials'],
      ...['--authority', emu.authority, '--graph-url', emu.graphBaseUrl, '--ca', caFile],
      ...['--state-dir', stateDir, '--yes', '--json'],
    ];
    const cli = async (args: string[]) => {
      const io = captureIo({ cwd: dir, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
      const code = await runCli(args, io);
      expect(code, io.err()).toBeLessThanOrEqual(1);
      return JSON.parse(io.out()) as RunReport;
    };
    const hasOnPrem = pairs.some((p) => userOf(p.user.id)?.mailboxOnPremises);

    emu.clearRequests();
    const up = await cli(['upload', folder, ...auth]);
    const rows = up.results.filter((r) => r.user);
    expect(rows).toHaveLength(pairs.length);
    for (const row of rows) expectRow(row, userOf(row.user?.id), 'uploaded');
    expect(photoWrites(emu.requests()).length).toBeGreaterThan(0);
    expect((up.summary.failed ?? 0) > 0).toBe(hasOnPrem);

    emu.clearRequests();
    const again = await cli(['upload', folder, ...auth]);
    for (const row of again.results.filter((r) => r.user)) expectRow(row, userOf(row.user?.id), 'unchanged');
    expect(photoWrites(emu.requests())).toEqual([]);

    const restored = await cli(['restore', up.runId, ...auth]);
    const written = rows.filter((r) => r.status === 'uploaded').map((r) => r.user!.id);
    expect(restored.summary.restored).toBe(written.length);
    expectRestored(emu, before, written);
  }, 120_000);
});
