/** Removal runs in the one run engine (in-memory Graph): journal kind, statuses, dry run, resume, manifest, restore. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UserRef } from '../../../shared/domain';
import { GraphRequestError } from '../tenant/graph-errors';
import { listRuns } from './list-runs';
import { readJournal } from './journal';
import { UploadManifest } from './manifest';
import { restoreRun } from './restore';
import { readRun, resumeRemoval, resumeRun, startRemoval, startRun } from './run-engine';
import type { RunRecord, RunStartRecord } from './run-records';
import { journalPath } from './run-folders';
import { FakePhotoService, fakeProcess } from '../../../../test/support/run-fakes';

let stateDir: string;
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-remove-'));
});
afterEach(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

const users = (n: number): UserRef[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    userPrincipalName: `u${i}@contoso.com`,
    displayName: `User ${i}`,
  }));

/** Users 0, 2, 4... have a photo (distinct bytes, PNG for user 0); the odd ones have none. */
function tenantWithPhotos(n: number): { photos: FakePhotoService; originals: Map<string, Buffer> } {
  const photos = new FakePhotoService();
  const originals = new Map<string, Buffer>();
  for (let i = 0; i < n; i += 2) {
    const bytes =
      i === 0
        ? Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png-0')])
        : Buffer.from(`photo-${i}`);
    originals.set(`id-${i}`, bytes);
    photos.photos.set(`id-${i}`, { bytes, etag: `W/"o${i}"` });
  }
  return { photos, originals };
}

const fastVerify = { timeoutMs: 50, initialDelayMs: 5 };

describe('removal runs', () => {
  it('journals the kind, backs up then removes, reports removed / no-photo / failed, and restore puts every photo back byte for byte', async () => {
    const { photos, originals } = tenantWithPhotos(8);
    // User 6 cannot be changed from the cloud: the DELETE is refused.
    photos.fault = (call) =>
      call.op === 'delete' && call.userId === 'id-6'
        ? new GraphRequestError(403, 'ErrorAccessDenied', 'Access is denied.', null)
        : null;
    const run = await startRemoval(
      { tenantId: 't', users: users(8) },
      { stateDir, photos, verify: fastVerify },
    );
    const outcome = await run.done;
    expect(outcome.report.kind).toBe('remove');
    expect(outcome.report.summary).toEqual({ removed: 3, 'no-photo': 4, failed: 1 });
    const start = (await readJournal<RunRecord>(journalPath(run.runDir)))[0] as RunStartRecord;
    expect(start.kind).toBe('remove');
    expect(start.items[0]).toEqual({ file: '', path: '', user: users(1)[0], method: null });

    for (const row of outcome.report.results) {
      const id = row.user!.id;
      const original = originals.get(id);
      if (!original) {
        expect(row.status).toBe('no-photo');
        expect(row.backup).toBeNull();
        continue;
      }
      // The backup holds the bytes exactly, with the extension of what they are.
      expect(await fs.readFile(row.backup!)).toEqual(original);
      if (id === 'id-0') expect(row.backup!.endsWith('.png')).toBe(true);
      if (id === 'id-6') {
        expect(row.status).toBe('failed');
        expect(row.error!.message).toMatch(/Permission denied/);
        expect(photos.photos.has(id)).toBe(true);
      } else {
        expect(row.status).toBe('removed');
        expect(row.note).toMatch(/^Removed \(648 × 648\); the photo is backed up\.$/);
        expect(photos.photos.has(id)).toBe(false);
      }
    }
    // Nothing was written to users without a photo: no DELETE, no PUT.
    const noPhoto = new Set(['id-1', 'id-3', 'id-5', 'id-7']);
    expect(photos.writes().filter((w) => noPhoto.has(w.userId))).toEqual([]);
    const csv = await fs.readFile(outcome.reportPaths.csv, 'utf8');
    expect(csv).toContain('"","id-2","u2@contoso.com","User 2",,"removed"');

    const entry = (await listRuns(stateDir))[0]!;
    expect(entry.kind).toBe('remove');
    expect(entry.summary).toEqual({ removed: 3, 'no-photo': 4, failed: 1 });

    photos.fault = null;
    const writesBefore = photos.writes().length;
    const restored = await restoreRun(run.runId, { stateDir, photos });
    expect(restored.report.summary).toEqual({ restored: 4 });
    for (let i = 0; i < 8; i++) {
      const want = originals.get(`id-${i}`);
      if (want) expect(photos.photos.get(`id-${i}`)!.bytes).toEqual(want);
      else expect(photos.photos.has(`id-${i}`)).toBe(false);
    }
    // Only PUTs of the backed-up photos: users who had none are left alone.
    const restoreWrites = photos.writes().slice(writesBefore);
    expect(restoreWrites.every((w) => w.op === 'put' && originals.has(w.userId))).toBe(true);
    expect((await listRuns(stateDir))[0]!.restore).toBe('completed');
  });

  it('a dry run reads, says who would lose a photo, and writes nothing', async () => {
    const { photos } = tenantWithPhotos(6);
    const outcome = await (
      await startRemoval({ tenantId: 't', users: users(6), settings: { dryRun: true } }, { stateDir, photos })
    ).done;
    expect(outcome.report.summary).toEqual({ 'would-remove': 3, 'no-photo': 3 });
    expect(outcome.report.dryRun).toBe(true);
    expect(outcome.report.results[0]!.note).toBe(
      'Would remove the current photo (648 × 648), after backing it up.',
    );
    expect(photos.writes()).toEqual([]);
    expect(photos.calls.filter((c) => c.op === 'getBytes')).toEqual([]);
    expect(await fs.readdir(path.join(path.dirname(outcome.reportPaths.json), 'backup'))).toEqual([]);
  });

  it('a cancelled removal resumes without redoing users; a crash after the DELETE is confirmed on resume', async () => {
    const { photos, originals } = tenantWithPhotos(40);
    photos.latencyMs = 5;
    const run = await startRemoval(
      { tenantId: 't', users: users(40), settings: { maxConcurrency: 2 } },
      { stateDir, photos, verify: fastVerify },
    );
    await new Promise<void>((resolve) =>
      run.on((e) => {
        if (e.type === 'item' && e.index >= 6) resolve();
      }),
    );
    run.cancel();
    const cancelled = await run.done;
    expect(cancelled.state).toBe('cancelled');
    expect((await listRuns(stateDir))[0]!.state).toBe('cancelled');
    const doneFirst = cancelled.report.results.filter((r) => r.status !== 'skipped').length;
    expect(doneFirst).toBeGreaterThan(0);
    expect(doneFirst).toBeLessThan(40);

    const callsBefore = photos.calls.length;
    const resumed = await (
      await resumeRun(run.runId, { stateDir, photos, processPhoto: fakeProcess, verify: fastVerify })
    ).done;
    expect(resumed.state).toBe('completed');
    expect(resumed.report.summary).toEqual({ removed: 20, 'no-photo': 20 });
    // The users finished before the cancel are not read again.
    const finishedFirst = new Set(
      cancelled.report.results.filter((r) => r.status !== 'skipped').map((r) => r.user!.id),
    );
    expect(photos.calls.slice(callsBefore).filter((c) => finishedFirst.has(c.userId))).toEqual([]);

    // A crash between the DELETE and its 'done' record: the resume sees the photo gone and says removed.
    const file = journalPath(run.runDir);
    const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
    const kept = lines.filter((l) => !l.includes('"stage":"done"') && !l.includes('"state":"completed"'));
    await fs.writeFile(file, kept.join('\n') + '\n');
    expect((await listRuns(stateDir))[0]!.state).toBe('interrupted');
    const again = await (
      await resumeRun(run.runId, { stateDir, photos, processPhoto: fakeProcess, verify: fastVerify })
    ).done;
    expect(again.report.summary).toEqual({ removed: 20, 'no-photo': 20 });
    for (const r of again.report.results.filter((x) => x.status === 'removed')) {
      expect(r.note).toBe('Removed; confirmed after resuming the run.');
      // The backup taken before the crash is kept: it is what restore puts back.
      expect(await fs.readFile(r.backup!)).toEqual(originals.get(r.user!.id));
    }
    await restoreRun(run.runId, { stateDir, photos });
    for (const [id, bytes] of originals) expect(photos.photos.get(id)!.bytes).toEqual(bytes);
  });

  it('"removed, not visible yet" while Graph still shows the photo', async () => {
    const photos = new FakePhotoService();
    photos.photos.set('id-0', { bytes: Buffer.from('photo'), etag: 'W/"o"' });
    // Graph accepts the DELETE but goes on serving the photo for a while (read-after-write).
    photos.delete = (userId) => {
      photos.calls.push({ op: 'delete', userId, at: Date.now() });
      return Promise.resolve();
    };
    const outcome = await (
      await startRemoval({ tenantId: 't', users: users(1) }, { stateDir, photos, verify: fastVerify })
    ).done;
    expect(outcome.report.results[0]!.status).toBe('removed');
    expect(outcome.report.results[0]!.note).toMatch(/^Removed, not visible yet: /);
    expect(photos.calls.filter((c) => c.op === 'getMetadata').length).toBeGreaterThan(2);
  });

  it('the manifest forgets a removed user, so uploading the same photo again is not skipped as unchanged', async () => {
    const photos = new FakePhotoService();
    const item = {
      file: 'u0.jpg',
      path: '/photos/u0.jpg',
      user: users(1)[0]!,
      method: 'upn' as const,
    };
    const first = await (
      await startRun({ tenantId: 't', items: [item] }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(first.report.summary).toEqual({ uploaded: 1 });
    await (
      await startRemoval({ tenantId: 't', users: [item.user] }, { stateDir, photos, verify: fastVerify })
    ).done;
    const manifest = await UploadManifest.open(stateDir, 't');
    expect(manifest.get('id-0')).toBeUndefined();
    await manifest.close();
    const again = await (
      await startRun({ tenantId: 't', items: [item] }, { stateDir, photos, processPhoto: fakeProcess })
    ).done;
    expect(again.report.summary).toEqual({ uploaded: 1 });
    expect(photos.photos.has('id-0')).toBe(true);
  });

  it('an upload journal stays as it was: no kind (older journals read as uploads)', async () => {
    const photos = new FakePhotoService();
    const run = await startRun(
      {
        tenantId: 't',
        items: [{ file: 'a.jpg', path: '/photos/a.jpg', user: users(1)[0]!, method: 'upn' }],
      },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    const outcome = await run.done;
    expect(outcome.report.kind).toBe('upload');
    expect((await readRun(stateDir, run.runId)).start.kind).toBeUndefined();
    expect((await listRuns(stateDir))[0]!.kind).toBe('upload');
    // A removal's resume does not take an upload (it would have nothing to process it with).
    await expect(resumeRemoval(run.runId, { stateDir, photos })).rejects.toThrow(
      /is an upload, not a removal/,
    );
  });
});
