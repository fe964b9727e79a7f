/**
 * The journal's record types and the fold that turns a journal into the state of each item. Pure: the engine,
 * resume, restore, `headshot runs` and the report all read runs through foldRun().
 */
import type { ProcessingPlan } from '../../../shared/processing-plan';
import type { Issue, MatchMethod, RunItemStatus, UserRef } from '../../../shared/domain';
import type { RunKind, RunState, RunTimings } from '../../../shared/upload';

export const JOURNAL_VERSION = 1;

export interface PlannedItem {
  /** Path relative to the dropped folder (report key); '' in a removal run, whose items are users. */
  file: string;
  /** Absolute path read at processing time; '' in a removal run. */
  path: string;
  user: UserRef;
  method: MatchMethod | null;
}

export interface SkippedItem {
  file: string;
  user: UserRef | null;
  method: MatchMethod | null;
  reason: string;
  /** 'excluded': the admin left it out in Review; 'skipped' (or absent, in older journals): it could not be used. */
  status?: 'skipped' | 'excluded';
  /** Why it could not be used, as a code for the report (e.g. package-mismatch); absent in older journals. */
  error?: Issue;
}

export interface RunSettings {
  dryRun: boolean;
  /** Upper bound of concurrent Graph requests (the adaptive limit stays under it). */
  maxConcurrency: number;
  /** Photos processed at once. */
  processConcurrency: number;
  perMailbox: number;
  /** false: upload even when the photo and etag match the last upload (default true; absent in older journals). */
  skipUnchanged?: boolean;
  /**
   * How every photo is processed, so a resume by any client processes the same way. Typed when written; read
   * back through processingPlanSchema (process-photo.ts), since a journal is data from disk.
   */
  processing: ProcessingPlan;
}

export interface RunStartRecord {
  type: 'run-start';
  v: number;
  runId: string;
  tenantId: string;
  /** Absent in journals written before removal runs existed: an upload. */
  kind?: RunKind;
  createdAt: string;
  settings: RunSettings;
  items: PlannedItem[];
  skipped: SkippedItem[];
}

export interface BackupInfo {
  hadPhoto: boolean;
  /** Relative to the run directory; null when there was no photo. */
  path: string | null;
  etag: string | null;
  bytes: number | null;
}

export interface DoneInfo {
  status: RunItemStatus;
  error: Issue | null;
  /** Whether a later resume should try again (transient failures only). */
  retryable: boolean;
  sha256: string | null;
  bytes: number | null;
  etag: string | null;
  attempts: number;
  timings: RunTimings;
  note: string;
  /** The photo's warnings from processing (blurry, too dark...); absent in journals written before they were kept. */
  warnings?: Issue[];
}

export type ItemRecord =
  | { type: 'item'; i: number; at: string; stage: 'backup'; backup: BackupInfo }
  /** The write (a PUT, or a removal run's DELETE) is about to be sent; sha256 '' for a DELETE. */
  | { type: 'item'; i: number; at: string; stage: 'upload-start'; sha256: string }
  | { type: 'item'; i: number; at: string; stage: 'done'; done: DoneInfo };

export interface StateRecord {
  type: 'state';
  at: string;
  state: Extract<RunState, 'running' | 'paused' | 'cancelled' | 'completed'>;
}

export type RunRecord = RunStartRecord | ItemRecord | StateRecord;

export interface ItemState {
  backup: BackupInfo | null;
  /** The item's write (PUT, or DELETE in a removal run) may have reached Graph. */
  uploadStarted: boolean;
  done: DoneInfo | null;
}

export interface FoldedRun {
  start: RunStartRecord;
  items: ItemState[];
  /** Last recorded state; 'running' or 'paused' with no live process means interrupted. */
  lastState: StateRecord['state'];
  finishedAt: string | null;
}

export function foldRun(records: readonly RunRecord[]): FoldedRun | null {
  const start = records.find((r): r is RunStartRecord => r.type === 'run-start');
  if (!start) return null;
  const items: ItemState[] = start.items.map(() => ({ backup: null, uploadStarted: false, done: null }));
  let lastState: StateRecord['state'] = 'running';
  let finishedAt: string | null = null;
  for (const r of records) {
    if (r.type === 'state') {
      lastState = r.state;
      finishedAt = r.state === 'completed' || r.state === 'cancelled' ? r.at : null;
    } else if (r.type === 'item') {
      const item = items[r.i];
      if (!item) continue;
      if (r.stage === 'backup') item.backup = r.backup;
      else if (r.stage === 'upload-start') item.uploadStarted = true;
      else item.done = r.done;
    }
  }
  return { start, items, lastState, finishedAt };
}

export function runKindOf(start: RunStartRecord): RunKind {
  return start.kind ?? 'upload';
}

/** A removal run's item: a user, no file. */
export function removalItem(user: UserRef): PlannedItem {
  return { file: '', path: '', user, method: null };
}

/** Done for good: a resume does not touch it again. */
export function isFinal(done: DoneInfo | null): boolean {
  return !!done && !(done.status === 'failed' && done.retryable);
}

export const EMPTY_TIMINGS: RunTimings = {
  processMs: null,
  backupMs: null,
  uploadMs: null,
  verifyMs: null,
  totalMs: null,
};
