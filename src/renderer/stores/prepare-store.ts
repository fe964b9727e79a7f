/**
 * Prepare mode (issue 14) and the admin's package import. Prepare: no tenant; a folder and a roster CSV are matched
 * in main, Review opens as usual (the import store holds the result, so Review's previews and banners work), and
 * the reviewed pairs are exported as a handoff package. A package import fills Review the same way.
 */
import { create } from 'zustand';
import type { PrepareExportOutput } from '../../shared/ipc-prepare';
import type { ReviewedPair } from '../../shared/review';
import type { PrepareScreenId } from '../screens';
import { ApiError, newJobId, requireApi, unwrap } from '../api';
import { useImportStore } from './import-store';
import { useReviewStore } from './review-store';

export type JobPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PrepareState {
  /** On: the photographer's mode (no sign-in, no tenant). */
  active: boolean;
  screen: PrepareScreenId;
  folder: string | null;
  roster: string | null;
  /** The match's phase; its job, live counts and cancel are the import store's (it runs the match). */
  importPhase: JobPhase;
  rosterProblems: { row: number; message: string }[];
  rosterSize: number;
  importError: string | null;

  /** The reviewed pairs sent to Export. */
  pairs: ReviewedPair[];
  kind: 'folder' | 'zip';
  includeOriginals: boolean;
  createdBy: string;
  outFolder: string | null;
  exportPhase: JobPhase;
  exportJob: string | null;
  exported: { done: number; total: number | null };
  result: PrepareExportOutput | null;
  exportError: string | null;

  enter: () => void;
  leave: () => void;
  setScreen: (screen: PrepareScreenId) => void;
  setFolder: (folder: string | null) => void;
  setRoster: (roster: string | null) => void;
  startImport: () => Promise<boolean>;
  setPairs: (pairs: ReviewedPair[]) => void;
  setExportOption: (
    change: Partial<Pick<PrepareState, 'kind' | 'includeOriginals' | 'createdBy' | 'outFolder'>>,
  ) => void;
  startExport: () => Promise<boolean>;
  cancel: () => Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isCancel = (e: unknown) => e instanceof ApiError && e.code === 'cancelled';

export const usePrepareStore = create<PrepareState>()((set, get) => ({
  active: false,
  screen: 'prepare',
  folder: null,
  roster: null,
  importPhase: 'idle',
  rosterProblems: [],
  rosterSize: 0,
  importError: null,
  pairs: [],
  kind: 'zip',
  includeOriginals: false,
  createdBy: '',
  outFolder: null,
  exportPhase: 'idle',
  exportJob: null,
  exported: { done: 0, total: null },
  result: null,
  exportError: null,

  enter: () => {
    useReviewStore.getState().clear();
    useImportStore.setState({ result: null, previews: null, phase: 'idle' });
    set({ active: true, screen: 'prepare' });
  },
  leave: () => {
    useReviewStore.getState().clear();
    useImportStore.setState({ result: null, previews: null, phase: 'idle' });
    set({
      active: false,
      screen: 'prepare',
      pairs: [],
      result: null,
      importPhase: 'idle',
      exportPhase: 'idle',
    });
  },
  setScreen: (screen) => set({ screen }),
  setFolder: (folder) => set({ folder, importError: null }),
  setRoster: (roster) => set({ roster, importError: null }),

  startImport: async () => {
    const { folder, roster, importPhase } = get();
    if (!folder || !roster || importPhase === 'running') return false;
    set({ importPhase: 'running', importError: null, rosterProblems: [], result: null });
    const imports = useImportStore.getState();
    const out = await imports.start((jobId) => requireApi().prepare.match({ jobId, folder, roster }));
    if (out) {
      set({ importPhase: 'done', rosterProblems: out.rosterProblems, rosterSize: out.rosterSize });
      return true;
    }
    const { phase, error } = useImportStore.getState();
    set({ importPhase: phase === 'cancelled' ? 'cancelled' : 'failed', importError: error });
    return false;
  },

  setPairs: (pairs) => set({ pairs, result: null, exportPhase: 'idle', exportError: null }),
  setExportOption: (change) => set({ ...change, exportError: null }),

  startExport: async () => {
    const { pairs, kind, includeOriginals, createdBy, outFolder, exportPhase } = get();
    const importId = useImportStore.getState().result?.importId;
    if (exportPhase === 'running') return false;
    if (!importId || !outFolder || !createdBy.trim()) {
      set({
        exportError: !outFolder ? 'Choose a folder for the package first.' : 'Type who made the package.',
      });
      return false;
    }
    const api = requireApi();
    const jobId = newJobId();
    set({
      exportPhase: 'running',
      exportJob: jobId,
      exported: { done: 0, total: pairs.length },
      result: null,
      exportError: null,
    });
    const off = api.on('job:progress', (p) => {
      if (p.jobId === jobId) set({ exported: { done: p.done, total: p.total } });
    });
    try {
      const result = await unwrap(
        api.prepare.export({
          jobId,
          importId,
          pairs,
          folder: outFolder,
          kind,
          includeOriginals,
          createdBy: createdBy.trim(),
        }),
      );
      set({ exportPhase: 'done', result });
      return true;
    } catch (e) {
      set({
        exportPhase: isCancel(e) ? 'cancelled' : 'failed',
        exportError: isCancel(e) ? null : message(e),
      });
      return false;
    } finally {
      off();
      set({ exportJob: null });
    }
  },

  cancel: async () => {
    const jobId = get().exportJob;
    if (jobId) await requireApi().job.cancel({ jobId });
    else await useImportStore.getState().cancel();
  },
}));
