/**
 * The run engine. A run is a reviewed list of (photo, user) pairs plus settings; each item flows through
 *   process (bounded CPU) -> skip-unchanged -> backup -> upload -> verify
 * as a pipeline: items start in order inside a bounded window, so processing runs ahead of the network while
 * uploads proceed, and memory stays bounded. Every transition that matters for safety is journaled durably
 * before the next side effect (a backup is on disk and recorded before its PUT is sent).
 *
 * API: startRun(plan, deps) / resumeRun(runId, deps) return a RunHandle with pause/resume/cancel, an event
 * subscription, and `done` (the final report).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import type { Issue, RunItemStatus } from '../../shared/domain';
import type { RunProgress, RunReport, RunState, RunSummary, RunTimings } from '../../shared/upload';
import type { PhotoService } from '../graph/photos';
import { writeBackup } from './backup';
import { Journal, readJournal } from './journal';
import { UploadManifest } from './manifest';
import { buildUploadReport, writeReport } from './report';
import {
  JOURNAL_VERSION,
  foldRun,
  isFinal,
  type BackupInfo,
  type DoneInfo,
  type FoldedRun,
  type ItemRecord,
  type PlannedItem,
  type RunRecord,
  type RunSettings,
  type RunStartRecord,
  type SkippedItem,
  type StateRecord,
} from './run-records';
import { journalPath, lockRun, newRunId, runDir } from './run-store';
import {
  CancelledError,
  RequestFailedError,
  RequestScheduler,
  type ThrottleInfo,
  type TokenRefresher,
} from './scheduler';
import { Semaphore } from './semaphore';

/** What processing returns (the imaging module's processImage result, narrowed to what the engine uses). */
export type ProcessOutcome =
  { ok: true; jpeg: Buffer; sha256: string; bytes: number; warnings?: Issue[] } | { ok: false; error: Issue };

export type ProcessPhoto = (absPath: string, signal: AbortSignal) => Promise<ProcessOutcome>;

export interface RunDeps {
  stateDir: string;
  photos: PhotoService;
  processPhoto: ProcessPhoto;
  /** For one token refresh on 401 (the AuthSession). */
  auth?: TokenRefresher;
  /** Scheduler tuning for tests and benches. */
  scheduler?: Partial<ConstructorParameters<typeof RequestScheduler>[0]>;
}

export interface RunPlan {
  tenantId: string;
  items: PlannedItem[];
  skipped?: SkippedItem[];
  settings?: Partial<RunSettings>;
}

export type RunEvent =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'item'; runId: string; index: number; file: string; status: RunItemStatus; error: Issue | null }
  | { type: 'state'; runId: string; state: RunState }
  | { type: 'throttle'; runId: string; info: ThrottleInfo };

export interface RunOutcome {
  runId: string;
  state: 'completed' | 'cancelled';
  report: RunReport;
  reportPaths: { json: string; csv: string };
}

export interface RunHandle {
  readonly runId: string;
  readonly runDir: string;
  /** Subscribe; returns an unsubscribe function. */
  on(listener: (event: RunEvent) => void): () => void;
  /** Stop starting work; in-flight requests finish. */
  pause(): void;
  resume(): void;
  /** Stop for good (resumable later with resumeRun); in-flight requests finish. */
  cancel(): void;
  progress(): RunProgress;
  readonly done: Promise<RunOutcome>;
}

export const DEFAULT_SETTINGS: RunSettings = {
  dryRun: false,
  maxConcurrency: 16,
  processConcurrency: Math.max(1, Math.min(4, os.availableParallelism())),
  perMailbox: 4,
  processing: {},
};

export async function startRun(plan: RunPlan, deps: RunDeps): Promise<RunHandle> {
  const runId = newRunId();
  const dir = runDir(deps.stateDir, runId);
  await fs.mkdir(`${dir}/backup`, { recursive: true });
  const start: RunStartRecord = {
    type: 'run-start',
    v: JOURNAL_VERSION,
    runId,
    tenantId: plan.tenantId,
    createdAt: new Date().toISOString(),
    settings: { ...DEFAULT_SETTINGS, ...plan.settings },
    items: plan.items,
    skipped: plan.skipped ?? [],
  };
  const unlock = await lockRun(dir);
  const journal = Journal.open(journalPath(dir));
  await journal.append(start);
  return launch(foldRun([start])!, dir, journal, unlock, deps);
}

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

/** Reads a run's plan and state without starting it (the CLI needs the settings to rebuild processing). */
export async function readRun(stateDir: string, runId: string): Promise<FoldedRun> {
  const dir = runDir(stateDir, runId);
  const fold = foldRun(await readJournal<RunRecord>(journalPath(dir)));
  if (!fold) throw new RunNotFoundError(`No run '${runId}' in ${stateDir}.`);
  return fold;
}

/** Carries on an interrupted, paused or cancelled run: finished users are not redone. */
export async function resumeRun(runId: string, deps: RunDeps): Promise<RunHandle> {
  const dir = runDir(deps.stateDir, runId);
  await readRun(deps.stateDir, runId);
  const unlock = await lockRun(dir);
  const journal = Journal.open(journalPath(dir)); // cuts a torn tail first
  const fold = foldRun(await readJournal<RunRecord>(journalPath(dir)))!;
  return launch(fold, dir, journal, unlock, deps);
}

type Stage = 'queued' | 'processing' | 'waiting' | 'backingUp' | 'uploading' | 'verifying' | 'done';

async function launch(
  fold: FoldedRun,
  dir: string,
  journal: Journal,
  unlock: () => Promise<void>,
  deps: RunDeps,
): Promise<RunHandle> {
  const { start } = fold;
  const settings = start.settings;
  const runId = start.runId;
  const manifest = await UploadManifest.open(deps.stateDir, start.tenantId);
  const listeners = new Set<(event: RunEvent) => void>();
  const emit = (event: RunEvent) => {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // a listener's bug must not stop the run
      }
    }
  };
  const scheduler = new RequestScheduler({
    maxConcurrency: settings.maxConcurrency,
    initialConcurrency: Math.min(8, settings.maxConcurrency),
    perMailbox: settings.perMailbox,
    ...(deps.auth ? { auth: deps.auth } : {}),
    ...deps.scheduler,
    onThrottle: (info) => emit({ type: 'throttle', runId, info }),
  });
  const abort = new AbortController();
  const cpu = new Semaphore(Math.max(1, settings.processConcurrency));
  // Items in flight at once: enough to keep both the CPU and the network busy, bounded for memory.
  const window = new Semaphore(settings.processConcurrency * 2 + settings.maxConcurrency * 2);
  const stages: Stage[] = fold.items.map((s) => (isFinal(s.done) ? 'done' : 'queued'));
  const summary: RunSummary = {};
  for (const s of fold.items)
    if (isFinal(s.done)) summary[s.done!.status] = (summary[s.done!.status] ?? 0) + 1;
  const finishTimes: number[] = [];
  const startedAt = Date.now();
  let state: RunState = 'running';
  let pauseGate: { promise: Promise<void>; release: () => void } | null = null;
  let lastProgressEmit = 0;
  let progressTimer: NodeJS.Timeout | null = null;

  const setStage = (i: number, stage: Stage) => {
    stages[i] = stage;
    scheduleProgress();
  };

  const progress = (): RunProgress => {
    const counts = {
      queued: 0,
      processing: 0,
      waiting: 0,
      backingUp: 0,
      uploading: 0,
      verifying: 0,
      done: 0,
    };
    for (const s of stages) counts[s] += 1;
    const now = Date.now();
    while (finishTimes.length > 0 && finishTimes[0]! < now - 10_000) finishTimes.shift();
    const windowMs = Math.min(10_000, Math.max(1, now - startedAt));
    const perMs = finishTimes.length / windowMs;
    const remaining = stages.length - counts.done;
    const stats = scheduler.stats();
    return {
      runId,
      state,
      total: stages.length,
      stages: counts,
      summary: { ...summary },
      throughputPerMin: Math.round(perMs * 60_000 * 10) / 10,
      etaSeconds: remaining === 0 ? 0 : perMs > 0 ? Math.round(remaining / perMs / 1000) : null,
      throttled: stats.throttled,
      concurrency: stats.concurrencyLimit,
      writeRatePerSec: stats.writeRatePerSec,
      elapsedMs: now - startedAt,
    };
  };

  function scheduleProgress(): void {
    const now = Date.now();
    if (now - lastProgressEmit >= 100) {
      lastProgressEmit = now;
      emit({ type: 'progress', progress: progress() });
    } else if (!progressTimer) {
      progressTimer = setTimeout(() => {
        progressTimer = null;
        lastProgressEmit = Date.now();
        emit({ type: 'progress', progress: progress() });
      }, 100);
    }
  }

  const record = (r: ItemRecord | StateRecord) => journal.append(r);
  const now = () => new Date().toISOString();

  const finish = async (i: number, done: DoneInfo) => {
    await record({ type: 'item', i, at: now(), stage: 'done', done });
    fold.items[i]!.done = done;
    summary[done.status] = (summary[done.status] ?? 0) + 1;
    finishTimes.push(Date.now());
    setStage(i, 'done');
    emit({
      type: 'item',
      runId,
      index: i,
      file: start.items[i]!.file,
      status: done.status,
      error: done.error,
    });
  };

  const waitForUnpause = async () => {
    for (let gate = pauseGate; gate && !abort.signal.aborted; gate = pauseGate) await gate.promise;
  };
  const waitWhilePaused = async () => {
    await waitForUnpause();
    if (abort.signal.aborted) throw new CancelledError();
  };

  async function runItem(i: number): Promise<void> {
    const item = start.items[i]!;
    const itemState = fold.items[i]!;
    const userId = item.user.id;
    const t0 = Date.now();
    const timings: RunTimings = {
      processMs: null,
      backupMs: null,
      uploadMs: null,
      verifyMs: null,
      totalMs: null,
    };
    let attempts = 0;
    let sha256: string | null = null;
    let bytes: number | null = null;
    const fail = (error: Issue, retryable: boolean, note: string) =>
      finish(i, {
        status: 'failed',
        error,
        retryable,
        sha256,
        bytes,
        etag: null,
        attempts,
        timings: { ...timings, totalMs: Date.now() - t0 },
        note,
      });
    try {
      await waitWhilePaused();
      // 1. Process.
      setStage(i, 'processing');
      const tp = Date.now();
      const processed = await cpu.use(async () => {
        await waitWhilePaused();
        return deps.processPhoto(item.path, abort.signal);
      });
      timings.processMs = Date.now() - tp;
      if (abort.signal.aborted) throw new CancelledError();
      if (!processed.ok) {
        await fail(processed.error, false, `The photo could not be processed: ${processed.error.message}`);
        return;
      }
      sha256 = processed.sha256;
      bytes = processed.bytes;
      setStage(i, 'waiting');
      await waitWhilePaused();

      // 2. Look at the current photo: skip-unchanged, and what a backup / dry run needs.
      setStage(i, 'backingUp');
      const tb = Date.now();
      const meta = (await scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId))).value;
      if (settings.skipUnchanged !== false && manifest.isUnchanged(userId, processed.sha256, meta?.etag)) {
        const resumed = itemState.uploadStarted;
        await finish(i, {
          status: resumed ? 'uploaded' : 'unchanged',
          error: null,
          retryable: false,
          sha256,
          bytes,
          etag: meta?.etag ?? null,
          attempts,
          timings: { ...timings, totalMs: Date.now() - t0 },
          note: resumed
            ? 'Uploaded; confirmed after resuming the run.'
            : 'Unchanged: this photo is already on the user and nobody has changed it since.',
        });
        return;
      }
      if (settings.dryRun) {
        timings.backupMs = Date.now() - tb;
        await finish(i, {
          status: 'dry-run',
          error: null,
          retryable: false,
          sha256,
          bytes,
          etag: null,
          attempts,
          timings: { ...timings, totalMs: Date.now() - t0 },
          note: meta
            ? `Would replace the current photo (${meta.id ?? 'unknown size'}) with a ${bytes} byte JPEG, after backing it up.`
            : `Would upload a ${bytes} byte JPEG; the user has no photo now.`,
        });
        return;
      }

      // 3. Backup (reused on resume: after a PUT the current photo is ours, and must not overwrite the backup).
      let backup: BackupInfo | null = itemState.backup;
      if (!backup) {
        try {
          if (!meta) {
            backup = { hadPhoto: false, path: null, etag: null, bytes: null };
          } else {
            const current = (await scheduler.run(userId, 'read', () => deps.photos.getBytes(userId))).value;
            backup = current
              ? {
                  hadPhoto: true,
                  path: await writeBackup(dir, userId, current),
                  etag: meta.etag,
                  bytes: current.length,
                }
              : { hadPhoto: false, path: null, etag: null, bytes: null };
          }
        } catch (error) {
          if (error instanceof CancelledError) throw error;
          const e = describe(error);
          await fail(
            { code: 'backup-failed', message: `Could not back up the current photo: ${e.message}` },
            e.retryable,
            'Not uploaded: the current photo could not be backed up.',
          );
          return;
        }
        await record({ type: 'item', i, at: now(), stage: 'backup', backup });
        itemState.backup = backup;
      }
      timings.backupMs = Date.now() - tb;

      // 4. Upload.
      await waitWhilePaused();
      setStage(i, 'uploading');
      if (!itemState.uploadStarted) {
        await record({ type: 'item', i, at: now(), stage: 'upload-start', sha256 });
        itemState.uploadStarted = true;
      }
      const tu = Date.now();
      try {
        const put = await scheduler.run(userId, 'write', () => deps.photos.put(userId, processed.jpeg));
        attempts = put.attempts;
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (error instanceof RequestFailedError) attempts = error.attempts;
        const e = describe(error);
        timings.uploadMs = Date.now() - tu;
        await fail(
          { code: e.code, message: e.message },
          e.retryable,
          'Upload failed; the previous photo is untouched or backed up.',
        );
        return;
      }
      timings.uploadMs = Date.now() - tu;

      // 5. Verify: read the metadata back.
      setStage(i, 'verifying');
      const tv = Date.now();
      let after;
      try {
        after = (await scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId))).value;
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        const e = describe(error);
        timings.verifyMs = Date.now() - tv;
        await fail(
          { code: 'verify-failed', message: `Uploaded, but reading it back failed: ${e.message}` },
          e.retryable,
          'Uploaded but not verified.',
        );
        return;
      }
      timings.verifyMs = Date.now() - tv;
      if (!after) {
        await fail(
          { code: 'verify-failed', message: 'Uploaded, but Graph shows no photo afterwards.' },
          true,
          'Uploaded but not verified.',
        );
        return;
      }
      await manifest.record(userId, processed.sha256, after.etag);
      await finish(i, {
        status: 'uploaded',
        error: null,
        retryable: false,
        sha256,
        bytes,
        etag: after.etag,
        attempts,
        timings: { ...timings, totalMs: Date.now() - t0 },
        note: backup.hadPhoto
          ? `Uploaded (${after.id ?? `${after.width}x${after.height}`}); the previous photo is backed up.`
          : `Uploaded (${after.id ?? `${after.width}x${after.height}`}); the user had no photo before.`,
      });
    } catch (error) {
      if (error instanceof CancelledError) {
        setStage(i, 'queued');
        return; // no record: a resume does this item again
      }
      const e = describe(error);
      await fail({ code: e.code, message: e.message }, e.retryable, 'Failed.').catch(() => undefined);
    }
  }

  const setState = async (next: RunState) => {
    state = next;
    if (next !== 'interrupted') await record({ type: 'state', at: now(), state: next });
    emit({ type: 'state', runId, state: next });
    scheduleProgress();
  };

  await setState('running');

  const done = (async (): Promise<RunOutcome> => {
    const tasks: Promise<void>[] = [];
    try {
      for (let i = 0; i < start.items.length; i++) {
        if (isFinal(fold.items[i]!.done)) continue;
        await window.acquire();
        await waitForUnpause();
        if (abort.signal.aborted) {
          window.release();
          break;
        }
        tasks.push(runItem(i).finally(() => window.release()));
      }
      await Promise.all(tasks);
      const finalState = abort.signal.aborted ? 'cancelled' : 'completed';
      await setState(finalState);
      if (progressTimer) clearTimeout(progressTimer);
      emit({ type: 'progress', progress: progress() });
      const report = buildUploadReport(dir, fold, finalState);
      report.finishedAt = now();
      const reportPaths = await writeReport(dir, report);
      return { runId, state: finalState, report, reportPaths };
    } finally {
      await manifest.close();
      await journal.close();
      await unlock();
    }
  })();

  return {
    runId,
    runDir: dir,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pause() {
      if (pauseGate || abort.signal.aborted) return;
      let release!: () => void;
      const promise = new Promise<void>((r) => (release = r));
      pauseGate = { promise, release };
      scheduler.pause();
      void setState('paused');
    },
    resume() {
      if (!pauseGate) return;
      const gate = pauseGate;
      pauseGate = null;
      scheduler.resume();
      gate.release();
      void setState('running');
    },
    cancel() {
      if (abort.signal.aborted) return;
      abort.abort(new CancelledError());
      scheduler.cancel();
      if (pauseGate) {
        const gate = pauseGate;
        pauseGate = null;
        gate.release();
      }
    },
    progress,
    done,
  };
}

/** Error -> report code/message, and whether a later resume should try again. */
export function describe(error: unknown): Issue & { retryable: boolean } {
  if (error instanceof RequestFailedError) {
    const c = error.failure;
    const code = c.status === 0 ? `network:${c.code}` : c.code || `HTTP${c.status}`;
    return {
      code,
      message: explainGraphFailure(c.status, c.code, c.message),
      retryable: c.retryable || c.status === 401,
    };
  }
  const e = error as { code?: string; message?: string };
  return {
    code: e.code ?? 'internal-error',
    message: (e.message ?? String(error)).slice(0, 300),
    retryable: true,
  };
}

function explainGraphFailure(status: number, code: string, message: string): string {
  const prefix =
    status === 401
      ? 'Sign-in expired and could not be refreshed'
      : status === 403
        ? 'Permission denied (needs ProfilePhoto.ReadWrite.All and, for a signed-in admin, the User Administrator role or higher)'
        : status === 404
          ? 'The user was not found in the tenant'
          : status === 413
            ? 'The photo is too large for Graph (4 MB)'
            : status === 429
              ? 'Still throttled after many retries'
              : status === 0
                ? 'Network error after several retries'
                : status >= 500
                  ? 'Microsoft Graph kept failing after several retries'
                  : `Graph refused the request (HTTP ${status} ${code})`;
  return `${prefix}: ${message}`.slice(0, 400);
}
