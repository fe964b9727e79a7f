/**
 * One model of long work: an upload run joins the job registry beside invoke-style jobs, and quitting (the core's
 * dispose, which Electron's before-quit awaits) cancels every job, waits for each to flush, then signs out.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImportResultView } from '../../shared/ipc-desktop';
import { readRun } from '../core/runs/run-engine';
import { createIpcCore } from './index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-shutdown-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('quitting cancels an upload and an invoke job, flushes the run journal, then signs out', async () => {
  const core = createIpcCore({
    platform: {
      appInfo: () => {
        throw new Error('not used');
      },
      chooseFolder: () => Promise.resolve(null),
      openExternal: () => Promise.resolve(),
      dataDir: dir,
    },
  });
  const call = async <T>(channel: string, input?: unknown): Promise<T> => {
    const result = await core.dispatch(channel, input, core.context('test'));
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  };
  const demo = await call<{ folder: string; mappingCsv: string }>('session:startDemo');
  const imported = await call<ImportResultView>('import:run', {
    jobId: randomUUID(),
    folder: demo.folder,
    mappingCsv: demo.mappingCsv,
    domains: [],
  });
  const pairs = imported.items
    .filter((i) => i.status === 'matched' && i.user)
    .map((i) => ({ file: i.file, user: i.user!, method: i.method, crop: { strategy: 'center' } }));
  expect(pairs.length).toBeGreaterThan(2);

  // Slow Graph down so the run is mid-way when the app quits.
  core.desktop.session.demo()!.emulator.setLatency(400);
  const { runId } = await call<{ runId: string }>('run:start', {
    importId: imported.importId,
    pairs,
    dryRun: false,
  });
  expect(core.jobs.has(runId)).toBe(true);
  const countdown = core.dispatch(
    'demo:countdown',
    { jobId: randomUUID(), steps: 1000, intervalMs: 1000 },
    core.context('test'),
  );
  // Pause and resume reach the run through the same registry.
  await expect(call('run:control', { runId, action: 'pause' })).resolves.toEqual({ state: 'paused' });
  await expect(call('run:control', { runId, action: 'resume' })).resolves.toEqual({ state: 'running' });

  await core.dispose();

  expect(core.jobs.size).toBe(0);
  await expect(countdown).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
  const stateDir = await core.desktop.stateDir();
  const fold = await readRun(stateDir, runId);
  expect(fold.lastState).toBe('cancelled');
  // Whatever finished before the quit is in the journal; the rest is left for a resume, nothing half-recorded.
  const finished = fold.items.filter((i) => i.done).length;
  expect(finished).toBeLessThan(pairs.length);
  expect(core.desktop.session.info().signedIn).toBe(false);
  expect(core.desktop.session.demo()).toBeNull();
});
