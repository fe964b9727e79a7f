/**
 * Upload, report and history state: the live run (progress events keyed by run id, the failure list, pause/
 * resume/cancel, retry failed), past runs, the report being viewed, and roll back with its own progress.
 */
import { create } from 'zustand';
import type { RunDoneEvent, RunItemEvent } from '../../shared/ipc-desktop';
import type { ReviewedPair } from '../../shared/review';
import type { RunListEntry, RunProgress, RunReport } from '../../shared/upload';
import { newJobId, requireApi, unwrap } from '../api';
import { countsFromEngine, maxCounts, type StageCounts } from '../features/upload/progress-model';
import { attemptWith } from './attempt';

/**
 * What a run was started for: the import and its reviewed pairs (file, user, crop). The Upload screen compares it
 * with the pairs waiting there, so a finished run's work is never offered again as if it were new.
 */
export function workKeyOf(importId: string, pairs: readonly ReviewedPair[]): string {
  return JSON.stringify([importId, pairs.map((p) => [p.file, p.user.id, p.crop])]);
}

export interface RunStoreState {
  dryRun: boolean;
  runId: string | null;
  /** Whether the run followed on screen is a dry run (its own setting, not the toggle for the next start). */
  runDryRun: boolean;
  progress: RunProgress | null;
  /** When the last progress snapshot arrived (epoch ms): a wait's countdown starts from it. */
  progressAt: number;
  /** The followed run's stage counts, never lower than shown before (a cancel puts users in flight back). */
  counts: StageCounts | null;
  /** workKeyOf the followed run's import and pairs; null for a run resumed from History. */
  workKey: string | null;
  failures: RunItemEvent[];
  done: RunDoneEvent | null;
  busy: boolean;
  error: string | null;
  /** Something the user should know right now, e.g. "Saved to …". */
  notice: string | null;
  history: RunListEntry[];
  live: string[];
  report: { runId: string; kind: 'upload' | 'restore'; report: RunReport; hasCsv: boolean } | null;
  restoring: { runId: string; progress: RunProgress | null } | null;

  setDryRun: (dryRun: boolean) => void;
  /** Subscribes to run events; returns the unsubscribe function (the app calls it once). */
  listen: () => () => void;
  /** Starts a run of the pairs; `dryRun` defaults to the toggle. */
  start: (importId: string, pairs: ReviewedPair[], dryRun?: boolean) => Promise<boolean>;
  control: (action: 'pause' | 'resume' | 'cancel') => Promise<void>;
  retryFailed: () => Promise<boolean>;
  resume: (runId: string) => Promise<boolean>;
  loadHistory: () => Promise<void>;
  openReport: (runId: string, kind?: 'upload' | 'restore') => Promise<boolean>;
  exportCsv: (runId: string, kind: 'upload' | 'restore') => Promise<void>;
  openBackup: (runId: string) => Promise<void>;
  restore: (runId: string) => Promise<boolean>;
}

export const createRunStore = () =>
  create<RunStoreState>()((set, get) => {
    const attempt = attemptWith(set);
    const follow = (runId: string, runDryRun: boolean, workKey: string | null) =>
      set({ runId, runDryRun, workKey, progress: null, counts: null, failures: [], done: null });
    // Keeps the run list (and so the resume offer) in step with runs resumed or finished; quietly: a failure
    // here must not replace what the screen says.
    const refreshRuns = async () => {
      try {
        const { runs, live } = await unwrap(requireApi().run.list());
        set({ history: runs, live });
      } catch {
        // the next loadHistory says what went wrong
      }
    };
    return {
      dryRun: true,
      runId: null,
      runDryRun: true,
      progress: null,
      progressAt: 0,
      counts: null,
      workKey: null,
      failures: [],
      done: null,
      busy: false,
      error: null,
      notice: null,
      history: [],
      live: [],
      report: null,
      restoring: null,

      setDryRun: (dryRun) => set({ dryRun }),
      listen: () => {
        const api = requireApi();
        const offs = [
          api.on('run:progress', (progress) => {
            const s = get();
            if (s.restoring?.runId === progress.runId)
              set({ restoring: { runId: progress.runId, progress } });
            else if (s.runId === progress.runId)
              set({
                progress,
                progressAt: Date.now(),
                counts: maxCounts(s.counts, countsFromEngine(progress)),
              });
          }),
          api.on('run:item', (item) => {
            if (item.runId === get().runId && item.status === 'failed')
              set((s) => ({ failures: [...s.failures, item] }));
          }),
          api.on('run:done', (done) => {
            if (done.runId === get().runId && done.kind === 'upload') set({ done });
            void refreshRuns();
          }),
        ];
        return () => offs.forEach((off) => off());
      },
      start: (importId, pairs, dryRun = get().dryRun) =>
        attempt(async () => {
          const { runId } = await unwrap(requireApi().run.start({ importId, pairs, dryRun }));
          follow(runId, dryRun, workKeyOf(importId, pairs));
        }),
      control: async (action) => {
        const runId = get().runId;
        if (!runId) return;
        await attempt(async () => {
          await unwrap(requireApi().run.control({ runId, action }));
        });
      },
      retryFailed: () =>
        attempt(async () => {
          const previous = get().runId;
          if (!previous) return;
          const { runId } = await unwrap(requireApi().run.retryFailed({ runId: previous }));
          follow(runId, get().runDryRun, get().workKey);
        }),
      resume: (runId) =>
        attempt(async () => {
          const s = get();
          const known = s.history.find((r) => r.runId === runId);
          // The run on screen (resumed after a cancel) keeps its work; one from History has none known here.
          const same = s.runId === runId;
          const resumed = (await unwrap(requireApi().run.resume({ runId }))).runId;
          follow(resumed, same ? s.runDryRun : (known?.dryRun ?? s.dryRun), same ? s.workKey : null);
          await refreshRuns();
        }),
      loadHistory: async () => {
        await attempt(async () => {
          const { runs, live } = await unwrap(requireApi().run.list());
          set({ history: runs, live });
        });
      },
      openReport: (runId, kind = 'upload') =>
        attempt(async () => {
          const { report, hasCsv } = await unwrap(requireApi().run.report({ runId, kind }));
          set({ report: { runId, kind, report, hasCsv } });
          await refreshRuns(); // whether it was rolled back since
        }),
      exportCsv: async (runId, kind) => {
        await attempt(async () => {
          const api = requireApi();
          const folder = await unwrap(
            api.dialog.chooseFolder({ purpose: 'reports', title: 'Save the CSV report in…' }),
          );
          if (!folder) return;
          const { path } = await unwrap(api.run.exportCsv({ runId, kind, folder: folder.path }));
          set({ notice: `Saved the report to ${path}` });
        });
      },
      openBackup: async (runId) => {
        await attempt(async () => {
          const { path, opened } = await unwrap(requireApi().run.openBackupFolder({ runId }));
          set({ notice: opened ? `Opened ${path}` : `The previous photos are in ${path}` });
        });
      },
      restore: async (runId) => {
        set({ restoring: { runId, progress: null } });
        let done = '';
        const ok = await attempt(async () => {
          const out = await unwrap(requireApi().run.restore({ jobId: newJobId(), runId }));
          const failed = out.summary.failed ? `, ${out.summary.failed} failed` : '';
          done = `Rolled back: ${out.summary.restored ?? 0} photos put back${failed}.`;
        });
        set({ restoring: null });
        if (ok) {
          await get().openReport(runId, 'restore');
          await get().loadHistory();
          // Set last: opening the report clears notices.
          set({ notice: done });
        }
        return ok;
      },
    };
  });

export const useRunStore = createRunStore();
