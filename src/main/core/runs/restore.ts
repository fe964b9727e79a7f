/**
 * Restore: roll a run back. For every user the run may have written (an upload or a removal was started), put the
 * backed-up photo back byte for byte, or (an upload) delete the photo of a user who had none. Journaled (restore.jsonl) and resumable: calling
 * restoreRun again skips users already restored. The manifest forgets restored users, so a later run re-uploads.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from '../../../shared/domain';
import type { RunReport, RunReportRow } from '../../../shared/upload';
import type { PhotoService } from '../tenant/photos';
import { sniffContentType } from './backup';
import { Journal, readJournal } from './journal';
import { UploadManifest } from './manifest';
import { summarize, writeReport } from './report';
import { EMPTY_TIMINGS, runKindOf } from './run-records';
import { describe, readRun, type RunEvent } from './run-engine';
import { lockRun, restoreJournalPath, runDir } from './run-folders';
import { CancelledError, RequestScheduler, type TokenRefresher } from './scheduler';

export interface RestoreDeps {
  stateDir: string;
  photos: PhotoService;
  auth?: TokenRefresher;
  maxConcurrency?: number;
  scheduler?: Partial<ConstructorParameters<typeof RequestScheduler>[0]>;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

type RestoreRecord =
  | { type: 'restore-start'; at: string }
  | {
      type: 'restore-item';
      i: number;
      at: string;
      status: 'restored' | 'failed';
      error: Issue | null;
      note: string;
      attempts: number;
      ms: number;
    }
  | { type: 'restore-end'; at: string; state: 'completed' | 'cancelled' };

export interface RestoreOutcome {
  runId: string;
  state: 'completed' | 'cancelled';
  report: RunReport;
  reportPaths: { json: string; csv: string };
}

export async function restoreRun(runId: string, deps: RestoreDeps): Promise<RestoreOutcome> {
  const fold = await readRun(deps.stateDir, runId);
  const dir = runDir(deps.stateDir, runId);
  const unlock = await lockRun(dir);
  const journalFile = restoreJournalPath(dir);
  const previous = await readJournal<RestoreRecord>(journalFile);
  const restored = new Map<number, Extract<RestoreRecord, { type: 'restore-item' }>>();
  for (const r of previous) if (r.type === 'restore-item' && r.status === 'restored') restored.set(r.i, r);
  const journal = Journal.open(journalFile);
  const manifest = await UploadManifest.open(deps.stateDir, fold.start.tenantId);
  const scheduler = new RequestScheduler({
    maxConcurrency: deps.maxConcurrency ?? fold.start.settings.maxConcurrency,
    perMailbox: fold.start.settings.perMailbox,
    ...(deps.auth ? { auth: deps.auth } : {}),
    ...deps.scheduler,
  });
  const onAbort = () => scheduler.cancel();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const rows = new Map<number, RunReportRow>();
  try {
    await journal.append({ type: 'restore-start', at: new Date().toISOString() });
    // A removal run wrote only to users it backed up a photo of; those who had none are left alone.
    const removal = runKindOf(fold.start) === 'remove';
    const targets = fold.start.items
      .map((item, i) => ({ item, i, state: fold.items[i]! }))
      .filter((t) => t.state.uploadStarted && t.state.backup && (!removal || t.state.backup.hadPhoto));
    await Promise.all(
      targets.map(async ({ item, i, state }) => {
        const base = { file: item.file, user: item.user, method: item.method, sha256: null, etag: null };
        const backup = state.backup!;
        const backupPath = backup.path ? path.join(dir, backup.path) : null;
        const done = restored.get(i);
        if (done) {
          rows.set(
            i,
            row(base, 'restored', null, done.note, done.attempts, done.ms, backupPath, backup.hadPhoto),
          );
          return;
        }
        const t0 = Date.now();
        let attempts = 0;
        try {
          let note: string;
          if (backup.hadPhoto && backupPath) {
            const bytes = await fs.readFile(backupPath);
            const r = await scheduler.run(item.user.id, 'write', () =>
              deps.photos.put(item.user.id, bytes, sniffContentType(bytes)),
            );
            attempts = r.attempts;
            note = 'The previous photo is back.';
          } else {
            const r = await scheduler.run(item.user.id, 'write', () => deps.photos.delete(item.user.id));
            attempts = r.attempts;
            note = 'The photo was removed: the user had none before the run.';
          }
          await manifest.record(item.user.id, null, null);
          const ms = Date.now() - t0;
          await journal.append({
            type: 'restore-item',
            i,
            at: new Date().toISOString(),
            status: 'restored',
            error: null,
            note,
            attempts,
            ms,
          });
          rows.set(i, row(base, 'restored', null, note, attempts, ms, backupPath, backup.hadPhoto));
          deps.onEvent?.({ type: 'item', runId, index: i, file: item.file, status: 'restored', error: null });
        } catch (error) {
          if (error instanceof CancelledError) return;
          const e = describe(error);
          const issue = { code: e.code, message: e.message };
          const ms = Date.now() - t0;
          await journal.append({
            type: 'restore-item',
            i,
            at: new Date().toISOString(),
            status: 'failed',
            error: issue,
            note: 'Not restored.',
            attempts,
            ms,
          });
          rows.set(
            i,
            row(
              base,
              'failed',
              issue,
              'Not restored; run restore again to retry.',
              attempts,
              ms,
              backupPath,
              backup.hadPhoto,
            ),
          );
          deps.onEvent?.({ type: 'item', runId, index: i, file: item.file, status: 'failed', error: issue });
        }
      }),
    );
    const state = deps.signal?.aborted ? 'cancelled' : 'completed';
    const results = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const report: RunReport = {
      runId,
      tenantId: fold.start.tenantId,
      kind: 'restore',
      dryRun: false,
      state,
      startedAt: fold.start.createdAt,
      finishedAt: new Date().toISOString(),
      results,
      summary: summarize(results),
    };
    // The report first, then the journal's end (as the run engine does): a roll back that has ended has its report.
    const reportPaths = await writeReport(dir, report, 'restore-report');
    await journal.append({ type: 'restore-end', at: new Date().toISOString(), state });
    return { runId, state, report, reportPaths };
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    await manifest.close();
    await journal.close();
    await unlock();
  }
}

function row(
  base: Pick<RunReportRow, 'file' | 'user' | 'method' | 'sha256' | 'etag'>,
  status: 'restored' | 'failed',
  error: Issue | null,
  note: string,
  attempts: number,
  ms: number,
  backup: string | null,
  hadPhoto: boolean,
): RunReportRow {
  return {
    ...base,
    status,
    error,
    note,
    attempts,
    bytes: null,
    timings: { ...EMPTY_TIMINGS, uploadMs: ms, totalMs: ms },
    backup,
    hadPhoto,
    // A roll back puts the backed-up photo back as it was: nothing is processed, nothing to warn about.
    warnings: [],
  };
}

/** 'none' | 'incomplete' | 'completed', for `headshot runs`. */
export async function restoreStatus(dir: string): Promise<'none' | 'incomplete' | 'completed'> {
  const records = await readJournal<RestoreRecord>(restoreJournalPath(dir));
  if (records.length === 0) return 'none';
  const last = [...records].reverse().find((r) => r.type === 'restore-end' || r.type === 'restore-start');
  if (last?.type !== 'restore-end' || last.state !== 'completed') return 'incomplete';
  const failed = new Set<number>();
  for (const r of records) {
    if (r.type === 'restore-item') {
      if (r.status === 'failed') failed.add(r.i);
      else failed.delete(r.i);
    }
  }
  return failed.size > 0 ? 'incomplete' : 'completed';
}
