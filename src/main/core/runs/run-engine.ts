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
import { errorFields, getLogger } from '../logging/logger';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { Issue, RunItemStatus, UserRef } from '../../../shared/domain';
import { processingPlanSchema } from '../../../shared/processing-plan';
import { formatBytes, formatPhotoDimensions } from '../../../shared/format-size';
import type {
  RunKind,
  RunProgress,
  RunReport,
  RunState,
  RunSummary,
  RunTimings,
} from '../../../shared/upload';
import { PHOTO_ERROR_CODES, type PhotoMetadata, type PhotoService } from '../tenant/photos';
import { assertInScope, type ScopeMembership } from '../scope/apply-scope';
import { writeBackup } from './backup';
import { fitEntraPhotoLimit } from './entra-photo-limit';
import { Journal, readJournal } from './journal';
import { UploadManifest } from './manifest';
import { buildUploadReport, writeReport } from './report';
import {
  JOURNAL_VERSION,
  foldRun,
  isFinal,
  removalItem,
  runKindOf,
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
  EMPTY_TIMINGS,
} from './run-records';
import { journalPath, lockRun, newRunId, runDir } from './run-folders';
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
  /** Read-after-write: how long to keep re-reading a new photo that Graph does not show yet. */
  verify?: Partial<VerifyOptions>;
}

export interface VerifyOptions {
  /** Total time spent re-reading after the first read (default 4 s). */
  timeoutMs: number;
  /** First pause before a re-read; doubles each time (default 250 ms). */
  initialDelayMs: number;
}

export const DEFAULT_VERIFY: VerifyOptions = { timeoutMs: 4000, initialDelayMs: 250 };

export interface RunPlan {
  tenantId: string;
  items: PlannedItem[];
  skipped?: SkippedItem[];
  settings?: Partial<RunSettings>;
  /** A scoped upload: a planned user outside it refuses the whole run, before anything is written. */
  scope?: ScopeMembership;
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

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  dryRun: false,
  maxConcurrency: 16,
  processConcurrency: Math.max(1, Math.min(4, os.availableParallelism())),
  perMailbox: 4,
  processing: processingPlanSchema.parse({}),
};

export async function startRun(plan: RunPlan, deps: RunDeps): Promise<RunHandle> {
  if (plan.scope)
    assertInScope(
      plan.items.map((item) => item.user),
      plan.scope,
    );
  return createRun('upload', plan, deps);
}

/** A removal run: which users lose their photo (each is backed up first, so restoreRun puts it back). */
export interface RemovalPlan {
  tenantId: string;
  users: UserRef[];
  /** Users asked for that cannot be removed (not in the directory...): listed in the report, nothing done. */
  skipped?: SkippedItem[];
  settings?: Partial<Pick<RunSettings, 'dryRun' | 'maxConcurrency' | 'perMailbox'>>;
}

/** A removal processes no photo. */
export type RemovalDeps = Omit<RunDeps, 'processPhoto'>;

/** Starts a removal run (resumeRemoval, or resumeRun, carries it on). */
export async function startRemoval(plan: RemovalPlan, deps: RemovalDeps): Promise<RunHandle> {
  return createRun(
    'remove',
    {
      tenantId: plan.tenantId,
      items: plan.users.map(removalItem),
      ...(plan.skipped ? { skipped: plan.skipped } : {}),
      ...(plan.settings ? { settings: plan.settings } : {}),
    },
    { ...deps, processPhoto: noProcessing },
  );
}

const noProcessing: ProcessPhoto = () => Promise.reject(new Error('A removal run processes no photo.'));

async function createRun(kind: RunKind, plan: RunPlan, deps: RunDeps): Promise<RunHandle> {
  const runId = newRunId();
  const dir = runDir(deps.stateDir, runId);
  await fs.mkdir(`${dir}/backup`, { recursive: true });
  const start: RunStartRecord = {
    type: 'run-start',
    v: JOURNAL_VERSION,
    runId,
    tenantId: plan.tenantId,
    // Uploads keep the journal as it was (no kind = upload), so older clients still read new upload runs.
    ...(kind === 'upload' ? {} : { kind }),
    createdAt: new Date().toISOString(),
    settings: { ...DEFAULT_RUN_SETTINGS, ...plan.settings },
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

/** Carries on an interrupted or cancelled removal run; refuses an upload run (that needs its processing). */
export async function resumeRemoval(runId: string, deps: RemovalDeps): Promise<RunHandle> {
  const fold = await readRun(deps.stateDir, runId);
  if (runKindOf(fold.start) !== 'remove') throw new RunKindError(`Run ${runId} is an upload, not a removal.`);
  return resumeRun(runId, { ...deps, processPhoto: noProcessing });
}

export class RunKindError extends Error {
  override name = 'RunKindError';
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
  const removal = runKindOf(start) === 'remove';
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
    onThrottle: (info) => {
      emit({ type: 'throttle', runId, info });
      scheduleProgress(); // the wait shows at once (progress.waitingUntil), not at the next stage change
    },
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
      waitingUntil: state === 'running' ? scheduler.waitingUntil() : null,
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

  /** Each item's photo warnings from processing (blurry, too dark...), carried into its report row. */
  const warningsOf: Issue[][] = [];
  const finish = async (i: number, result: DoneInfo) => {
    const done: DoneInfo = { ...result, warnings: warningsOf[i] ?? [] };
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
    /** A finished item that did not fail: what it became, the etag Graph shows (if known), and why. */
    const succeed = (status: RunItemStatus, etag: string | null, note: string) =>
      finish(i, {
        status,
        error: null,
        retryable: false,
        sha256,
        bytes,
        etag,
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
      warningsOf[i] = processed.warnings ?? [];
      setStage(i, 'waiting');
      await waitWhilePaused();

      // 2. Look at the current photo: skip-unchanged, and what a backup / dry run needs.
      setStage(i, 'backingUp');
      const tb = Date.now();
      const meta = (await scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId))).value;
      const verdict =
        settings.skipUnchanged === false
          ? ({ kind: 'changed' } as const)
          : manifest.verdict(userId, processed.sha256, meta?.etag);
      if (verdict.kind === 'confirmed')
        await manifest.record(userId, processed.sha256, verdict.etag, manifest.get(userId)?.runId);
      if (verdict.kind !== 'changed') {
        const resumed = itemState.uploadStarted;
        await succeed(
          resumed ? 'uploaded' : 'unchanged',
          verdict.kind === 'pending' ? null : (meta?.etag ?? null),
          verdict.kind === 'pending'
            ? 'Uploaded by an earlier run; Microsoft 365 does not show it yet, so it is not sent again.'
            : resumed
              ? 'Uploaded; confirmed after resuming the run.'
              : 'Unchanged: this photo is already on the user and nobody has changed it since.',
        );
        return;
      }
      if (settings.dryRun) {
        timings.backupMs = Date.now() - tb;
        await succeed(
          'dry-run',
          null,
          meta
            ? `Would replace the current photo (${meta.id ? formatPhotoDimensions(meta.id) : 'size unknown'}) with a ${formatBytes(bytes)} photo, after backing it up.`
            : `Would upload a ${formatBytes(bytes)} photo; the user has no photo now.`,
        );
        return;
      }

      // 3. Backup (reused on resume: after a PUT the current photo is ours, and must not overwrite the backup).
      let backup: BackupInfo | null = itemState.backup;
      // Uploading the photo the user already has may leave the etag as it was: that is not "not visible yet".
      let sameAsCurrent = false;
      if (!backup) {
        try {
          if (!meta) {
            backup = { hadPhoto: false, path: null, etag: null, bytes: null };
          } else {
            const current = (await scheduler.run(userId, 'read', () => deps.photos.getBytes(userId))).value;
            sameAsCurrent = !!current && sha256Hex(current) === processed.sha256;
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
      let smaller: Buffer | null = null;
      try {
        try {
          const put = await scheduler.run(userId, 'write', () => deps.photos.put(userId, processed.jpeg));
          attempts = put.attempts;
        } catch (error) {
          if (!isNoExchangeMailbox(error)) throw error;
          // No Exchange Online mailbox: the photo goes to Entra ID, which takes 100 KB at most. Send a copy that fits.
          attempts = (error as RequestFailedError).attempts;
          smaller = await fitEntraPhotoLimit(processed.jpeg);
          if (!smaller) throw error;
          const fit = smaller;
          const put = await scheduler.run(userId, 'write', () => deps.photos.put(userId, fit));
          attempts += put.attempts;
        }
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (error instanceof RequestFailedError) attempts = Math.max(attempts, error.attempts);
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
      const sizeNote = smaller
        ? ` This user has no Exchange Online mailbox, so Microsoft keeps the photo in Entra ID, which takes up to 100 KB: a ${Math.ceil(smaller.length / 1000)} KB copy was sent.`
        : '';

      // 5. Verify: read the metadata back, re-reading for a bounded time while Graph still shows the old state.
      setStage(i, 'verifying');
      const tv = Date.now();
      let after: PhotoMetadata | null;
      try {
        after = await readBack(
          () => scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId)).then((r) => r.value),
          sameAsCurrent ? null : (meta?.etag ?? null),
          { ...DEFAULT_VERIFY, ...deps.verify },
          abort.signal,
        );
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
      const visible = after !== null && after.etag !== null && (sameAsCurrent || after.etag !== meta?.etag);
      if (!visible) {
        // Accepted by Graph but not shown yet: not a failure, and nothing to upload again. The manifest keeps the
        // etag Graph still shows, so a later run can tell when the new photo appears (manifest.ts).
        await manifest.recordPending(userId, processed.sha256, after?.etag ?? null, runId);
        await succeed(
          'uploaded',
          null,
          `Uploaded, not visible yet: Microsoft 365 still shows ${after ? 'the previous photo' : 'no photo'}; it usually appears within minutes.${sizeNote}`,
        );
        return;
      }
      const shown = after!;
      await manifest.record(userId, processed.sha256, shown.etag, runId);
      const size = formatPhotoDimensions(shown.id ?? `${shown.width}x${shown.height}`);
      await succeed(
        'uploaded',
        shown.etag,
        (backup.hadPhoto
          ? `Uploaded (${size}); the previous photo is backed up.`
          : `Uploaded (${size}); the user had no photo before.`) + sizeNote,
      );
    } catch (error) {
      if (error instanceof CancelledError) {
        setStage(i, 'queued');
        return; // no record: a resume does this item again
      }
      const e = describe(error);
      await fail({ code: e.code, message: e.message }, e.retryable, 'Failed.').catch(() => undefined);
    }
  }

  /**
   * A removal run's user: read the photo (none: 'no-photo') -> back it up -> DELETE -> read until it is gone.
   * The same journal records as an upload ('backup' before 'upload-start' before the write), so restoreRun puts
   * the backed-up bytes back.
   */
  async function removeItem(i: number): Promise<void> {
    const userId = start.items[i]!.user.id;
    const itemState = fold.items[i]!;
    const t0 = Date.now();
    const timings: RunTimings = { ...EMPTY_TIMINGS };
    let attempts = 0;
    const end = (status: RunItemStatus, error: Issue | null, retryable: boolean, note: string) =>
      finish(i, {
        status,
        error,
        retryable,
        sha256: null,
        bytes: itemState.backup?.bytes ?? null,
        etag: null,
        attempts,
        timings: { ...timings, totalMs: Date.now() - t0 },
        note,
      });
    const removed = async (note: string) => {
      // Forget the user: a later upload of the same photo must not be skipped as unchanged.
      await manifest.record(userId, null, null);
      await end('removed', null, false, note);
    };
    try {
      await waitWhilePaused();
      setStage(i, 'backingUp');
      const tb = Date.now();
      const meta = (await scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId))).value;
      if (!meta) {
        timings.backupMs = Date.now() - tb;
        if (itemState.uploadStarted) await removed('Removed; confirmed after resuming the run.');
        else await end('no-photo', null, false, 'No photo: nothing to remove.');
        return;
      }
      const size = meta.id ? formatPhotoDimensions(meta.id) : 'size unknown';
      if (settings.dryRun) {
        timings.backupMs = Date.now() - tb;
        await end(
          'would-remove',
          null,
          false,
          `Would remove the current photo (${size}), after backing it up.`,
        );
        return;
      }
      // A backup is reused once the DELETE may have been sent (the photo may be gone), or while it is still the
      // photo Graph shows; a photo changed since then is backed up again.
      let backup = itemState.backup;
      if (!backup || (!itemState.uploadStarted && backup.etag !== meta.etag)) {
        let current: Buffer | null;
        try {
          current = (await scheduler.run(userId, 'read', () => deps.photos.getBytes(userId))).value;
        } catch (error) {
          if (error instanceof CancelledError) throw error;
          const e = describe(error);
          await end(
            'failed',
            { code: 'backup-failed', message: `Could not back up the current photo: ${e.message}` },
            e.retryable,
            'Not removed: the current photo could not be backed up.',
          );
          return;
        }
        if (!current) {
          timings.backupMs = Date.now() - tb;
          await end('no-photo', null, false, 'No photo: nothing to remove.');
          return;
        }
        backup = {
          hadPhoto: true,
          path: await writeBackup(dir, userId, current),
          etag: meta.etag,
          bytes: current.length,
        };
        await record({ type: 'item', i, at: now(), stage: 'backup', backup });
        itemState.backup = backup;
      }
      timings.backupMs = Date.now() - tb;

      await waitWhilePaused();
      setStage(i, 'uploading');
      if (!itemState.uploadStarted) {
        await record({ type: 'item', i, at: now(), stage: 'upload-start', sha256: '' });
        itemState.uploadStarted = true;
      }
      const tu = Date.now();
      try {
        attempts = (await scheduler.run(userId, 'write', () => deps.photos.delete(userId))).attempts;
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (error instanceof RequestFailedError) attempts = error.attempts;
        const e = describe(error);
        timings.uploadMs = Date.now() - tu;
        await end(
          'failed',
          { code: e.code, message: e.message },
          e.retryable,
          'Not removed; the current photo is backed up.',
        );
        return;
      }
      timings.uploadMs = Date.now() - tu;

      setStage(i, 'verifying');
      const tv = Date.now();
      let after: PhotoMetadata | null;
      try {
        after = await readUntil(
          () => scheduler.run(userId, 'read', () => deps.photos.getMetadata(userId)).then((r) => r.value),
          (m) => m === null,
          { ...DEFAULT_VERIFY, ...deps.verify },
          abort.signal,
        );
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        const e = describe(error);
        timings.verifyMs = Date.now() - tv;
        await end(
          'failed',
          { code: 'verify-failed', message: `Removed, but reading it back failed: ${e.message}` },
          e.retryable,
          'Removed but not verified; the photo is backed up.',
        );
        return;
      }
      timings.verifyMs = Date.now() - tv;
      await removed(
        after === null
          ? `Removed (${size}); the photo is backed up.`
          : 'Removed, not visible yet: Microsoft 365 still shows the photo; it usually disappears within minutes. The photo is backed up.',
      );
    } catch (error) {
      if (error instanceof CancelledError) {
        setStage(i, 'queued');
        return; // no record: a resume does this user again
      }
      const e = describe(error);
      await end('failed', { code: e.code, message: e.message }, e.retryable, 'Failed.').catch(
        () => undefined,
      );
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
        tasks.push((removal ? removeItem(i) : runItem(i)).finally(() => window.release()));
      }
      await Promise.all(tasks);
      const finalState = abort.signal.aborted ? 'cancelled' : 'completed';
      // The report is written before the journal says the run is over: killed in between, the run reads as
      // interrupted and its resume writes the report, so a finished run never lacks one.
      const report = buildUploadReport(dir, fold, finalState);
      report.finishedAt = now();
      const reportPaths = await writeReport(dir, report);
      await setState(finalState);
      if (progressTimer) clearTimeout(progressTimer);
      emit({ type: 'progress', progress: progress() });
      return { runId, state: finalState, report, reportPaths };
    } finally {
      await manifest.close();
      await journal.close();
      await unlock();
    }
  })();

  const handle: RunHandle = {
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
  // Every run is in the log, whichever client started it (app or CLI).
  logRun(handle);
  return handle;
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
  const known = PHOTO_FAILURES[code];
  if (known) return known;
  const prefix =
    status === 401
      ? 'Sign-in expired and could not be refreshed'
      : status === 403
        ? "Permission denied (needs ProfilePhoto.ReadWrite.All; a signed-in admin also needs a role that may change other people's photos, such as People Administrator; and the organization's photo update settings must allow cloud changes by that role)"
        : status === 404
          ? `Microsoft Graph answered "not found" (${code})`
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

/** Report lines for the photo failures whose meaning is known: what it means, and what to do. */
const PHOTO_FAILURES: Record<string, string> = {
  [PHOTO_ERROR_CODES.userNotFound]:
    'The user was not found in the tenant: they may have been deleted or renamed since the photos were matched. Check the user in the Microsoft 365 admin center and match the photo again.',
  [PHOTO_ERROR_CODES.onPremises]:
    "This user's mailbox is in on-premises Exchange, and Microsoft 365 cannot change its photo from the cloud. Set the photo in on-premises Exchange or Active Directory (it then syncs to Microsoft 365), or move the mailbox to Exchange Online and run again.",
  [PHOTO_ERROR_CODES.noExchangeMailbox]:
    'This user has no Exchange Online mailbox, so Microsoft keeps the photo in Entra ID, which takes photos up to 100 KB, and it refused even a smaller copy. Give the user an Exchange Online licence, or use a simpler photo, and run again.',
};

function isNoExchangeMailbox(error: unknown): boolean {
  return error instanceof RequestFailedError && error.failure.code === PHOTO_ERROR_CODES.noExchangeMailbox;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads the photo metadata until it shows an etag other than `staleEtag` (null: any photo will do), pausing
 * initialDelayMs, then twice that, and so on, for at most timeoutMs in all. Returns the last answer either way.
 */
export function readBack(
  read: () => Promise<PhotoMetadata | null>,
  staleEtag: string | null,
  options: VerifyOptions,
  signal?: AbortSignal,
): Promise<PhotoMetadata | null> {
  return readUntil(read, (m) => m !== null && m.etag !== null && m.etag !== staleEtag, options, signal);
}

/** Reads until `shows` holds (a bounded backoff, as readBack); returns the last answer either way. */
export async function readUntil(
  read: () => Promise<PhotoMetadata | null>,
  shows: (answer: PhotoMetadata | null) => boolean,
  options: VerifyOptions,
  signal?: AbortSignal,
): Promise<PhotoMetadata | null> {
  let answer = await read();
  const deadline = Date.now() + options.timeoutMs;
  let pause = options.initialDelayMs;
  while (!shows(answer) && Date.now() < deadline && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(pause, deadline - Date.now()))));
    pause *= 2;
    answer = await read();
  }
  return answer;
}

/** A run's lifecycle in the log, for any run (upload, removal): start, states, throttling waits, failures, end. */
const runLog = getLogger('run');
function logRun(handle: RunHandle): void {
  const runId = handle.runId;
  runLog.info('run started', { runId, total: handle.progress().total });
  handle.on((event) => {
    if (event.type === 'state') runLog.info('run state', { runId, state: event.state });
    else if (event.type === 'throttle')
      runLog.info('throttled by Microsoft 365: waiting', { runId, ...event.info });
    else if (event.type === 'item' && event.status === 'failed') {
      runLog.warn('photo failed', { runId, file: event.file, error: event.error });
    } else if (event.type === 'item')
      runLog.debug('photo done', { runId, file: event.file, status: event.status });
  });
  handle.done.then(
    (outcome) =>
      runLog.info('run finished', {
        runId,
        kind: outcome.report.kind,
        dryRun: outcome.report.dryRun,
        state: outcome.state,
        summary: outcome.report.summary,
      }),
    (error: unknown) => runLog.error('run failed', { runId, ...errorFields(error) }),
  );
}
