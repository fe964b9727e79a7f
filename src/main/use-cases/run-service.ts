/**
 * Runs for the app: turns reviewed pairs into an engine plan (absolute paths resolved in main from the import,
 * never taken from the renderer), processes each photo with its own crop, and exposes pause/resume/cancel,
 * retry-failed, resume-at-launch, history, reports and roll back. Progress goes out through `onEvent`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UserRef } from '../../shared/domain';
import type { ProcessingPlan } from '../../shared/processing-plan';
import type { ReviewedPair, CropChoice } from '../../shared/review';
import type { Settings } from '../../shared/settings';
import type { RunListEntry, RunReport } from '../../shared/upload';
import { listIncompleteRuns, listRuns } from '../core/runs/list-runs';
import { processorFor } from '../core/runs/process-photo';
import { buildUploadReport } from '../core/runs/report';
import { restoreRun, type RestoreOutcome } from '../core/runs/restore';
import {
  readRun,
  resumeRun,
  startRemoval,
  startRun,
  type RunEvent,
  type RunHandle,
} from '../core/runs/run-engine';
import { runKindOf, type PlannedItem, type SkippedItem } from '../core/runs/run-records';
import { runDir } from '../core/runs/run-folders';
import { runStateOf } from '../core/runs/list-runs';
import { OutsideScopeError } from '../core/scope/apply-scope';
import { errorFields, getLogger } from '../core/logging/logger';
import type { ImportRecord } from './import-folder';
import type { SessionService } from './session-service';

const log = getLogger('run');

export class RunServiceError extends Error {
  override name = 'RunServiceError';
  constructor(
    readonly code: 'not-found' | 'not-allowed' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export interface RunServiceDeps {
  session: SessionService;
  stateDir: () => Promise<string>;
  settings: () => Promise<Settings>;
  onEvent: (event: RunEvent) => void;
}

export interface StartRunInput {
  importRecord: ImportRecord;
  pairs: ReviewedPair[];
  dryRun: boolean;
}

export interface StartRemovalInput {
  /** Who loses their photo (the People screen's selection); only the ids are trusted, the rest is re-read. */
  users: UserRef[];
  dryRun: boolean;
}

export class RunService {
  private readonly live = new Map<string, RunHandle>();

  constructor(private readonly deps: RunServiceDeps) {}

  /** Plans a run from reviewed pairs; rejects pairs whose file is not in the import (the renderer is not trusted). */
  async start(input: StartRunInput): Promise<RunHandle> {
    const settings = await this.deps.settings();
    const items: PlannedItem[] = [];
    const crops: Record<string, CropChoice> = {};
    const seenUsers = new Set<string>();
    for (const pair of input.pairs) {
      const abs = input.importRecord.images.get(pair.file);
      if (!abs)
        throw new RunServiceError('not-allowed', `"${pair.file}" is not part of the imported folder.`);
      // The review never lets two photos go to one user; refuse it here too, whatever the caller sent.
      if (seenUsers.has(pair.user.id)) {
        throw new RunServiceError(
          'not-allowed',
          `Two photos are meant for ${pair.user.userPrincipalName}; resolve the conflict first.`,
        );
      }
      seenUsers.add(pair.user.id);
      items.push({ file: pair.file, path: abs, user: pair.user, method: pair.method });
      crops[abs] = pair.crop;
    }
    const chosen = new Set(input.pairs.map((p) => p.file));
    const skipped: SkippedItem[] = input.importRecord.items
      .filter((i) => !chosen.has(i.file))
      .map((i): SkippedItem => {
        // A file the matcher skipped (not a photo) or that cannot be read was never usable; any other file left
        // out of the pairs is one the admin excluded in Review.
        const unusable = i.status === 'skipped' || i.status === 'outside-scope' || i.error !== null;
        return unusable
          ? {
              file: i.file,
              user: i.user,
              method: i.method,
              reason: i.error?.message ?? i.reason,
              status: 'skipped',
              ...(i.error ? { error: i.error } : {}),
            }
          : {
              file: i.file,
              user: i.user,
              method: i.method,
              reason: 'Excluded in Review.',
              status: 'excluded',
            };
      });
    const processing: ProcessingPlan = {
      size: settings.outputSize,
      quality: settings.quality,
      defaultCrop: { strategy: settings.defaultCrop },
      crops,
      framing: { tightness: settings.faceTightness },
    };
    const scope = input.importRecord.scopeMembership;
    const handle = await startRun(
      {
        tenantId: this.tenantId(),
        items,
        skipped,
        settings: {
          dryRun: input.dryRun,
          skipUnchanged: settings.skipUnchanged,
          processConcurrency: settings.concurrency,
          processing,
        },
        ...(scope ? { scope } : {}),
      },
      await this.engineDeps(processing),
    ).catch((error: unknown) => {
      // Review never sends a user outside the scope; a caller that did is told who, and nothing is written.
      if (error instanceof OutsideScopeError) throw new RunServiceError('not-allowed', error.message);
      throw error;
    });
    return this.launch(handle);
  }

  /**
   * Starts a removal run: each user's photo is backed up, then removed (a dry run only reads). Users are looked up
   * in the directory by id (the renderer is not trusted): one not there is listed as skipped, not removed.
   */
  async startRemoval(input: StartRemovalInput): Promise<RunHandle> {
    if (input.users.length === 0) throw new RunServiceError('not-allowed', 'Choose at least one user.');
    const tenantId = this.tenantId();
    const byId = new Map((await this.deps.session.directory()).map((u) => [u.id, u]));
    const users: UserRef[] = [];
    const skipped: SkippedItem[] = [];
    const seen = new Set<string>();
    for (const asked of input.users) {
      if (seen.has(asked.id)) continue;
      seen.add(asked.id);
      const u = byId.get(asked.id);
      if (u) {
        users.push({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null });
      } else {
        skipped.push({
          file: '',
          user: asked,
          method: null,
          reason: `${asked.userPrincipalName} is not in the directory (deleted or renamed?): nothing was removed.`,
          status: 'skipped',
        });
      }
    }
    const c = this.deps.session.require();
    return this.launch(
      await startRemoval(
        { tenantId, users, skipped, settings: { dryRun: input.dryRun } },
        { stateDir: await this.deps.stateDir(), photos: c.photos, auth: c.auth },
      ),
    );
  }

  /** Carries on an interrupted or cancelled run (finished users are not redone). */
  async resume(runId: string): Promise<RunHandle> {
    const existing = this.live.get(runId);
    if (existing) {
      existing.resume();
      return existing;
    }
    const fold = await this.read(runId);
    return this.launch(await resumeRun(runId, await this.engineDeps(fold.start.settings.processing)));
  }

  /** A new run (of the same kind) with the failed users of an earlier one, the same files, crops and dry-run setting. */
  async retryFailed(runId: string): Promise<RunHandle> {
    const fold = await this.read(runId);
    const items = fold.start.items.filter((_, i) => fold.items[i]?.done?.status === 'failed');
    if (items.length === 0)
      throw new RunServiceError('not-allowed', 'This run has no failed users to retry.');
    if (runKindOf(fold.start) === 'remove') {
      const c = this.deps.session.require();
      return this.launch(
        await startRemoval(
          { tenantId: fold.start.tenantId, users: items.map((i) => i.user), settings: fold.start.settings },
          { stateDir: await this.deps.stateDir(), photos: c.photos, auth: c.auth },
        ),
      );
    }
    return this.launch(
      await startRun(
        { tenantId: fold.start.tenantId, items, settings: fold.start.settings },
        await this.engineDeps(fold.start.settings.processing),
      ),
    );
  }

  liveIds(): string[] {
    return [...this.live.keys()];
  }

  handle(runId: string): RunHandle {
    const h = this.live.get(runId);
    if (!h) throw new RunServiceError('not-found', 'That run is not running now.');
    return h;
  }

  async list(): Promise<RunListEntry[]> {
    return listRuns(await this.deps.stateDir());
  }

  async incomplete(): Promise<RunListEntry[]> {
    return listIncompleteRuns(await this.deps.stateDir());
  }

  /** The run's report: the one written when it finished, else built from its journal. */
  async report(
    runId: string,
    kind: 'upload' | 'restore' = 'upload',
  ): Promise<{ report: RunReport; csvPath: string | null; dir: string }> {
    const stateDir = await this.deps.stateDir();
    const dir = runDir(stateDir, runId);
    const base = kind === 'restore' ? 'restore-report' : 'report';
    try {
      const report = JSON.parse(await readFile(path.join(dir, `${base}.json`), 'utf8')) as RunReport;
      return { report, csvPath: path.join(dir, `${base}.csv`), dir };
    } catch {
      if (kind === 'restore') throw new RunServiceError('not-found', 'This run has not been rolled back.');
      const fold = await this.read(runId);
      return { report: buildUploadReport(dir, fold, runStateOf(fold, dir)), csvPath: null, dir };
    }
  }

  async backupDir(runId: string): Promise<string> {
    await this.read(runId);
    return path.join(runDir(await this.deps.stateDir(), runId), 'backup');
  }

  /** Rolls a run back: each backed-up photo is put back, photos of users who had none are removed. */
  async restore(runId: string, signal?: AbortSignal): Promise<RestoreOutcome> {
    if (this.live.has(runId))
      throw new RunServiceError('not-allowed', 'Stop the run before rolling it back.');
    const c = this.deps.session.require();
    log.info('roll back started', { runId });
    try {
      const outcome = await restoreRun(runId, {
        stateDir: await this.deps.stateDir(),
        photos: c.photos,
        auth: c.auth,
        onEvent: this.deps.onEvent,
        ...(signal ? { signal } : {}),
      });
      log.info('roll back finished', { runId, state: outcome.state, summary: outcome.report.summary });
      return outcome;
    } catch (error) {
      log.error('roll back failed', { runId, ...errorFields(error) });
      throw error;
    }
  }

  /** Cancels every live run (app quit): each stays resumable. */
  async stopAll(): Promise<void> {
    const handles = [...this.live.values()];
    for (const h of handles) h.cancel();
    await Promise.allSettled(handles.map((h) => h.done));
  }

  private tenantId(): string {
    const info = this.deps.session.info();
    if (!info.tenantId) throw new RunServiceError('not-allowed', 'Sign in first.');
    return info.tenantId;
  }

  private async read(runId: string) {
    try {
      return await readRun(await this.deps.stateDir(), runId);
    } catch {
      throw new RunServiceError('not-found', `There is no run "${runId}".`);
    }
  }

  private async engineDeps(processing: unknown) {
    const c = this.deps.session.require();
    return {
      stateDir: await this.deps.stateDir(),
      photos: c.photos,
      auth: c.auth,
      processPhoto: processorFor(processing),
    };
  }

  private launch(handle: RunHandle): RunHandle {
    this.live.set(handle.runId, handle);
    handle.on(this.deps.onEvent);
    void handle.done.finally(() => this.live.delete(handle.runId)).catch(() => undefined);
    return handle;
  }
}
