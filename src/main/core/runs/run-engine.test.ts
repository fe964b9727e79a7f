import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GraphRequestError } from '../tenant/graph-errors';
import { listRuns } from './list-runs';
import { readJournal } from './journal';
import { restoreRun } from './restore';
import { resumeRun, startRun, type RunEvent } from './run-engine';
import type { PlannedItem } from './run-records';
import { journalPath } from './run-folders';
import { FakePhotoService, fakeProcess } from '../../../../test/support/run-fakes';

let stateDir: string;
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-engine-'));
});
afterEach(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

function plan(n: number, extra: Partial<PlannedItem>[] = []): PlannedItem[] {
  const items: PlannedItem[] = Array.from({ length: n }, (_, i) => ({
    file: `u${i}.jpg`,
    path: `/photos/u${i}.jpg`,
    user: { id: `id-${i}`, userPrincipalName: `u${i}@contoso.com`, displayName: `User ${i}` },
    method: 'upn',
  }));
  return [...items, ...extra.map((e, i) => ({ ...items[0]!, ...e, file: e.file ?? `extra${i}.jpg` }))];
}

const expectedBytes = async (p: string) => {
  const r = await fakeProcess(p, new AbortController().signal);
  if (!r.ok) throw new Error(r.error.message);
  return r.jpeg;
};

describe('run engine (in-memory Graph)', () => {
  it('uploads, backs up replaced photos, reports, and a re-run with nothing changed uploads nothing', async () => {
    const photos = new FakePhotoService();
    const old = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]);
    photos.photos.set('id-1', { bytes: old, etag: 'W/"old"' });
    const items = plan(6, [
      {
        file: 'broken.jpg',
        path: '/photos/broken.jpg',
        user: { id: 'id-9', userPrincipalName: 'x@contoso.com', displayName: null },
      },
    ]);
    const events: RunEvent[] = [];
    const run = await startRun(
      {
        tenantId: 'contoso.onmicrosoft.com',
        items,
        skipped: [{ file: 'IMG_1.jpg', user: null, method: null, reason: 'No user matches.' }],
      },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    run.on((e) => events.push(e));
    const outcome = await run.done;
    expect(outcome.state).toBe('completed');
    expect(outcome.report.summary).toEqual({ uploaded: 6, failed: 1, skipped: 1 });
    for (let i = 0; i < 6; i++)
      expect(photos.photos.get(`id-${i}`)!.bytes).toEqual(await expectedBytes(`/photos/u${i}.jpg`));
    const row1 = outcome.report.results.find((r) => r.file === 'u1.jpg')!;
    expect(row1.hadPhoto).toBe(true);
    expect(await fs.readFile(row1.backup!)).toEqual(old);
    expect(outcome.report.results.find((r) => r.file === 'u2.jpg')!.hadPhoto).toBe(false);
    expect(outcome.report.results.find((r) => r.file === 'broken.jpg')!.error!.code).toBe('corrupt-image');
    expect(events.some((e) => e.type === 'progress' && e.progress.stages.done === 7)).toBe(true);
    const csv = await fs.readFile(outcome.reportPaths.csv, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('"file","userId","userPrincipalName"');
    expect(csv).toContain('"u1.jpg","id-1","u1@contoso.com","User 1","upn","uploaded"');
    expect(photos.maxInFlightPerUser).toBeLessThanOrEqual(4);

    const writesBefore = photos.writes().length;
    const again = await (
      await startRun(
        { tenantId: 'contoso.onmicrosoft.com', items },
        { stateDir, photos, processPhoto: fakeProcess },
      )
    ).done;
    expect(photos.writes().length).toBe(writesBefore);
    expect(again.report.summary).toEqual({ unchanged: 6, failed: 1 });
  });

  it('dry run writes nothing and says what would happen', async () => {
    const photos = new FakePhotoService();
    photos.photos.set('id-0', { bytes: Buffer.from('old'), etag: 'e' });
    const outcome = await (
      await startRun(
        { tenantId: 't', items: plan(3), settings: { dryRun: true } },
        { stateDir, photos, processPhoto: fakeProcess },
      )
    ).done;
    expect(photos.writes()).toEqual([]);
    expect(outcome.report.summary).toEqual({ 'dry-run': 3 });
    expect(outcome.report.results[0]!.note).toMatch(
      /^Would replace the current photo \(648 × 648\) with a \d+ bytes photo, after backing it up\.$/,
    );
    expect(outcome.report.results[1]!.note).toMatch(/has no photo now/);
    expect(outcome.report.dryRun).toBe(true);
  });

  it('progress says until when the run waits on Microsoft 365’s Retry-After, at once and only then', async () => {
    const photos = new FakePhotoService();
    let throttledOnce = false;
    photos.fault = (c) => {
      if (c.op !== 'put' || throttledOnce) return null;
      throttledOnce = true;
      return new GraphRequestError(429, 'TooManyRequests', 'Slow down', 400);
    };
    const run = await startRun(
      { tenantId: 't', items: plan(2), settings: { maxConcurrency: 1, processConcurrency: 1 } },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    const waits: (number | null | undefined)[] = [];
    run.on((e: RunEvent) => {
      if (e.type === 'progress') waits.push(e.progress.waitingUntil);
    });
    expect(run.progress().waitingUntil).toBeNull();
    while (!throttledOnce) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 150)); // the throttle's progress event (throttled to 10 a second)
    const waiting = run.progress().waitingUntil;
    expect(waiting).not.toBeNull();
    expect(waiting! - Date.now()).toBeGreaterThan(100);
    expect(waiting! - Date.now()).toBeLessThanOrEqual(420);
    expect(waits.some((w) => typeof w === 'number')).toBe(true);
    const outcome = await run.done;
    expect(outcome.report.summary).toEqual({ uploaded: 2 });
    expect(run.progress().waitingUntil).toBeNull();
  });

  it('a failed backup means no upload for that user', async () => {
    const photos = new FakePhotoService();
    photos.photos.set('id-0', { bytes: Buffer.from('old'), etag: 'e' });
    photos.fault = (c) =>
      c.op === 'getBytes' ? new GraphRequestError(403, 'Authorization_RequestDenied', 'denied') : null;
    const outcome = await (
      await startRun({ tenantId: 't', items: plan(2) }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(outcome.report.results[0]!.status).toBe('failed');
    expect(outcome.report.results[0]!.error!.code).toBe('backup-failed');
    expect(photos.writes().map((w) => w.userId)).toEqual(['id-1']);
  });

  it('pause stops new work, resume continues, cancel leaves a resumable run that finishes without redoing users', async () => {
    const photos = new FakePhotoService();
    photos.latencyMs = 5;
    const items = plan(40);
    const run = await startRun(
      { tenantId: 't', items, settings: { maxConcurrency: 2, processConcurrency: 1 } },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    await new Promise((r) => setTimeout(r, 40));
    run.pause();
    await new Promise((r) => setTimeout(r, 40));
    const callsWhilePaused = photos.calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(photos.calls.length).toBe(callsWhilePaused);
    expect(run.progress().state).toBe('paused');
    run.resume();
    await new Promise((r) => setTimeout(r, 30));
    run.cancel();
    const cancelled = await run.done;
    expect(cancelled.state).toBe('cancelled');
    const uploadedFirst = cancelled.report.summary.uploaded ?? 0;
    expect(uploadedFirst).toBeGreaterThan(0);
    expect(uploadedFirst).toBeLessThan(40);
    expect((await listRuns(stateDir))[0]!.state).toBe('cancelled');

    const putsBefore = photos.writes().length;
    const resumed = await (await resumeRun(run.runId, { stateDir, photos, processPhoto: fakeProcess })).done;
    expect(resumed.state).toBe('completed');
    expect(resumed.report.summary).toEqual({ uploaded: 40 });
    // Each user is written once in total, except any in flight at cancel (PUT is idempotent).
    expect(photos.writes().length - putsBefore).toBeLessThanOrEqual(40 - uploadedFirst + 2);
    for (let i = 0; i < 40; i++)
      expect(photos.photos.get(`id-${i}`)!.bytes).toEqual(await expectedBytes(`/photos/u${i}.jpg`));
  });

  it('resume after a torn journal keeps the backup taken before the crash, and restore puts every photo back', async () => {
    const photos = new FakePhotoService();
    const originals = new Map<string, Buffer>();
    for (const i of [0, 2, 4]) {
      const b = Buffer.from(`original-${i}`);
      originals.set(`id-${i}`, b);
      photos.photos.set(`id-${i}`, { bytes: b, etag: `W/"o${i}"` });
    }
    const items = plan(5);
    const first = await (
      await startRun({ tenantId: 't', items }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    // Simulate a crash after the PUT of every user but before the 'done' records, with a torn last line.
    const file = journalPath(path.dirname(first.reportPaths.json));
    const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
    const kept = lines.filter((l) => !l.includes('"stage":"done"') && !l.includes('"state":"completed"'));
    await fs.writeFile(file, kept.join('\n') + '\n{"type":"item","i":0,"st');
    await fs.rm(path.join(path.dirname(file), 'lock'), { force: true });
    expect((await listRuns(stateDir))[0]!.state).toBe('interrupted');

    const resumed = await (
      await resumeRun(first.runId, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(resumed.report.summary).toEqual({ uploaded: 5 });
    // The backups still hold the originals, not the photos we uploaded.
    for (const [id, bytes] of originals) {
      const row = resumed.report.results.find((r) => r.user?.id === id)!;
      expect(await fs.readFile(row.backup!)).toEqual(bytes);
    }
    expect((await readJournal(file)).length).toBeGreaterThan(kept.length);

    const restored = await restoreRun(first.runId, { stateDir, photos });
    expect(restored.report.summary).toEqual({ restored: 5 });
    for (let i = 0; i < 5; i++) {
      const want = originals.get(`id-${i}`);
      if (want) expect(photos.photos.get(`id-${i}`)!.bytes).toEqual(want);
      else expect(photos.photos.has(`id-${i}`)).toBe(false);
    }
    // Restore is resumable: a second call does nothing new.
    const writes = photos.writes().length;
    const again = await restoreRun(first.runId, { stateDir, photos });
    expect(again.report.summary).toEqual({ restored: 5 });
    expect(photos.writes().length).toBe(writes);
    expect((await listRuns(stateDir))[0]!.restore).toBe('completed');
    // After a restore the manifest forgets the users: the next run uploads again.
    const rerun = await (
      await startRun({ tenantId: 't', items }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(rerun.report.summary).toEqual({ uploaded: 5 });
  });

  it('classifies permanent Graph errors per user and carries on', async () => {
    const photos = new FakePhotoService();
    photos.fault = (c) =>
      c.op === 'put' && c.userId === 'id-1'
        ? new GraphRequestError(404, 'Request_ResourceNotFound', 'Resource does not exist')
        : null;
    const outcome = await (
      await startRun({ tenantId: 't', items: plan(3) }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(outcome.report.summary).toEqual({ uploaded: 2, failed: 1 });
    const row = outcome.report.results[1]!;
    expect(row.error).toEqual({
      code: 'Request_ResourceNotFound',
      message: expect.stringMatching(/not found/) as string,
    });
    expect(row.attempts).toBe(1);
  });
});
