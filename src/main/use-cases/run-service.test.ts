import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewedPair } from '../../shared/review';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { RunEvent } from '../core/runs/run-engine';
import { importWithPreviews, type ImportRecord } from './import-folder';
import { RunService } from './run-service';
import { SessionService } from './session-service';

let dir: string;
let session: SessionService;
let runs: RunService;
let imported: ImportRecord;
const events: RunEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-runs-'));
  session = new SessionService({ dataDir: dir, openBrowser: () => Promise.reject(new Error('no browser')) });
  const demo = await session.startDemo();
  runs = new RunService({
    session,
    stateDir: () => Promise.resolve(path.join(dir, 'state')),
    settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, concurrency: 2 }),
    onEvent: (e) => events.push(e),
  });
  imported = await importWithPreviews(
    { folder: demo.folder, mappingCsv: demo.mappingCsv },
    { directory: () => session.directory(), previewRoot: path.join(dir, 'pv'), imageUrl: (f) => f },
  );
});
afterAll(async () => {
  await runs.stopAll();
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

function matchedPairs(): ReviewedPair[] {
  return imported.items
    .filter((i) => i.status === 'matched' && i.user)
    .slice(0, 4)
    .map((i, n) => ({
      file: i.file,
      user: i.user!,
      method: i.method,

      // One photo gets a hand-drawn crop: the top-left quarter.
      crop:
        n === 0
          ? { strategy: 'rect' as const, rect: { left: 0, top: 0, width: 0.5, height: 0.5 } }
          : { strategy: 'center' as const },
    }));
}

describe('RunService against the demo tenant', () => {
  it('refuses files outside the import and two photos for one user', async () => {
    const [a] = matchedPairs();
    await expect(
      runs.start({ importRecord: imported, pairs: [{ ...a!, file: '../etc/passwd' }], dryRun: true }),
    ).rejects.toThrow(/not part of the imported folder/);
    await expect(
      runs.start({
        importRecord: imported,
        pairs: [a!, { ...a!, file: matchedPairs()[1]!.file }],
        dryRun: true,
      }),
    ).rejects.toThrow(/resolve the conflict/);
  });

  it('dry run writes nothing; upload writes; roll back restores', async () => {
    const emu = session.demo()!.emulator;
    const pairs = matchedPairs();
    // What Graph serves for each user before the run (the backup reads the same).
    const served = async (id: string) => (await session.currentPhoto(id))?.bytes ?? null;
    const before = new Map<string, Buffer | null>();
    for (const p of pairs) before.set(p.user.id, await served(p.user.id));
    expect([...before.values()].some((b) => b !== null)).toBe(true);

    emu.clearRequests();
    const dry = await runs.start({ importRecord: imported, pairs, dryRun: true });
    const dryOutcome = await dry.done;
    expect(dryOutcome.report.summary['dry-run']).toBe(4);
    // Files left out of the pairs: what the scan skipped stays skipped; a usable photo left out was excluded.
    const left = dryOutcome.report.results.filter((r) => r.status !== 'dry-run');
    const statusOf = (file: string) => left.find((r) => r.file === file)?.status;
    for (const i of imported.items.filter((it) => !pairs.some((p) => p.file === it.file))) {
      expect(statusOf(i.file), i.file).toBe(i.status === 'skipped' || i.error ? 'skipped' : 'excluded');
    }
    expect(left.some((r) => r.status === 'excluded')).toBe(true);
    expect(left.find((r) => r.status === 'excluded')!.note).toBe('Excluded in Review.');
    expect(dryOutcome.report.results.find((r) => r.status === 'dry-run')!.note).toMatch(
      /^Would (replace the current photo \(\d+ × \d+\) with|upload) a \d+ KB photo/,
    );
    expect(emu.requests().filter((r) => r.method === 'PUT' || r.method === 'DELETE')).toEqual([]);

    const real = await runs.start({ importRecord: imported, pairs, dryRun: false });
    const outcome = await real.done;
    expect(outcome.report.summary.uploaded).toBe(4);
    for (const p of pairs) {
      const photo = emu.photoOf(p.user.id)!;
      const meta = await sharp(photo).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 648, 648]);
    }
    expect(events.some((e) => e.type === 'progress')).toBe(true);

    const history = await runs.list();
    expect(history.map((r) => r.runId)).toEqual([real.runId, dry.runId]);
    const { report, csvPath } = await runs.report(real.runId);
    expect(report.results.filter((r) => r.status === 'uploaded')).toHaveLength(4);
    expect(await readFile(csvPath!, 'utf8')).toMatch(/uploaded/);

    const restored = await runs.restore(real.runId);
    expect(restored.report.summary.restored).toBe(4);
    for (const p of pairs) {
      const was = before.get(p.user.id) ?? null;
      if (was === null) expect(emu.photoOf(p.user.id)).toBeNull();
      // The tenant holds exactly the bytes it served before the run.
      else expect(emu.photoOf(p.user.id)?.equals(was)).toBe(true);
    }
    expect((await runs.report(real.runId, 'restore')).report.kind).toBe('restore');
  });

  it('skips unchanged users unless the setting says otherwise', async () => {
    const pairs = matchedPairs().slice(1, 3);
    const first = await (await runs.start({ importRecord: imported, pairs, dryRun: false })).done;
    expect(first.report.summary.uploaded).toBe(2);
    const again = await (await runs.start({ importRecord: imported, pairs, dryRun: false })).done;
    expect(again.report.summary.unchanged).toBe(2);
    const forced = new RunService({
      session,
      stateDir: () => Promise.resolve(path.join(dir, 'state')),
      settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, skipUnchanged: false }),
      onEvent: () => undefined,
    });
    const third = await (await forced.start({ importRecord: imported, pairs, dryRun: false })).done;
    expect(third.report.summary.uploaded).toBe(2);
  });

  it('retries only failed users and says so when there are none', async () => {
    const [latest] = await runs.list();
    await expect(runs.retryFailed(latest!.runId)).rejects.toThrow(/no failed users/);
  });

  it('removes the photos of a selection (dry run first), lists it as a removal, and the roll back puts them back', async () => {
    const emu = session.demo()!.emulator;
    const directory = await session.directory();
    const chosen = directory.filter((u) => emu.photoOf(u.id) !== null).slice(0, 3);
    const bare = directory.find((u) => emu.photoOf(u.id) === null)!;
    expect(chosen).toHaveLength(3);
    const before = new Map(chosen.map((u) => [u.id, emu.photoOf(u.id)!]));
    const refs = [...chosen, bare].map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? null,
    }));
    const ghost = {
      id: '00000000-dead-beef-0000-000000000000',
      userPrincipalName: 'gone@x',
      displayName: null,
    };

    emu.clearRequests();
    const dry = await (await runs.startRemoval({ users: [...refs, ghost], dryRun: true })).done;
    expect(dry.report.summary).toEqual({ 'would-remove': 3, 'no-photo': 1, skipped: 1 });
    expect(dry.report.results.find((r) => r.user?.id === ghost.id)!.note).toMatch(/not in the directory/);
    expect(emu.requests().filter((r) => r.method === 'PUT' || r.method === 'DELETE')).toEqual([]);

    // A repeated user is removed once.
    const handle = await runs.startRemoval({ users: [...refs, refs[0]!], dryRun: false });
    expect(runs.liveIds()).toContain(handle.runId);
    const outcome = await handle.done;
    expect(outcome.report.kind).toBe('remove');
    expect(outcome.report.summary).toEqual({ removed: 3, 'no-photo': 1 });
    for (const u of chosen) expect(emu.photoOf(u.id)).toBeNull();
    const entry = (await runs.list()).find((r) => r.runId === handle.runId)!;
    expect(entry.kind).toBe('remove');
    expect((await runs.report(handle.runId)).report.kind).toBe('remove');

    const restored = await runs.restore(handle.runId);
    expect(restored.report.summary).toEqual({ restored: 3 });
    for (const u of chosen) expect(emu.photoOf(u.id)!.equals(before.get(u.id)!)).toBe(true);
    expect(emu.photoOf(bare.id)).toBeNull();
    await expect(runs.startRemoval({ users: [], dryRun: true })).rejects.toThrow(/at least one user/);
  });
});
