/**
 * The Import screen's state: what to import (folder, mapping CSV, domains), the running scan with live counts and
 * cancel, and the outcome. A finished import loads the review store.
 */
import { create } from 'zustand';
import type { IpcResult } from '../../shared/ipc';
import type { ImportResultView } from '../../shared/ipc-desktop';
import type { ImportPreviewsEvent } from '../../shared/review';
import { ApiError, newJobId, requireApi, unwrap } from '../api';
import { useReviewStore } from './review-store';
import { EVERYONE, type ScopeChoice, scopeRequest } from '../features/import/scope-choice';

export type ImportPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** An import-like job's invoke, given the job id the store made (it subscribes to the job's progress first). */
export type ImportCall<T extends ImportResultView> = (jobId: string) => Promise<IpcResult<T>>;

export interface ImportState {
  folder: string | null;
  mappingCsv: string | null;
  /** "Limit this upload to": everyone, a group, a department or a users CSV. */
  scope: ScopeChoice;
  domains: string[];
  selectedDomains: string[];
  phase: ImportPhase;
  jobId: string | null;
  progress: { scanned: number; previews: number; total: number | null; message: string | null };
  result: Omit<ImportResultView, 'items'> | null;
  /** Previews still being made after Review opened: how many are done, and since when (for the time left). */
  previews: { done: number; total: number; startedAt: number; updatedAt: number } | null;
  error: string | null;
  /** The rows on screen: their previews are made next. */
  prioritize: (ids: string[]) => void;
  setFolder: (folder: string | null) => void;
  setMappingCsv: (file: string | null) => void;
  setScope: (change: Partial<ScopeChoice>) => void;
  loadDomains: () => Promise<void>;
  toggleDomain: (domain: string) => void;
  /**
   * Runs an import and opens its result in Review, the previews streaming in after it: import:run with this
   * screen's folder, mapping CSV, domains and scope, or `call` (an import-like job: Prepare's prepare:match, a
   * package's package:open). The job's whole answer, or null when it did not run, failed or was cancelled
   * (`phase` and `error` say which).
   */
  start: <T extends ImportResultView = ImportResultView>(call?: ImportCall<T>) => Promise<T | null>;
  cancel: () => Promise<void>;
}

const IDLE_PROGRESS = { scanned: 0, previews: 0, total: null, message: null };

export const createImportStore = (review = useReviewStore) => {
  let stopPreviews: (() => void) | null = null;
  return create<ImportState>()((set, get) => ({
    folder: null,
    mappingCsv: null,
    scope: EVERYONE,
    domains: [],
    selectedDomains: [],
    phase: 'idle',
    jobId: null,
    progress: IDLE_PROGRESS,
    result: null,
    previews: null,
    error: null,
    prioritize: (ids) => {
      const importId = get().result?.importId;
      if (importId && ids.length > 0)
        void requireApi().import.prioritize({ importId, ids: ids.slice(0, 500) });
    },
    setFolder: (folder) => set({ folder, error: null }),
    setMappingCsv: (mappingCsv) => set({ mappingCsv, error: null }),
    setScope: (change) => set((s) => ({ scope: { ...s.scope, ...change }, error: null })),
    loadDomains: async () => {
      try {
        const { domains } = await unwrap(requireApi().directory.domains());
        set({ domains, selectedDomains: domains });
      } catch (e) {
        set({ error: e instanceof Error ? e.message : String(e) });
      }
    },
    toggleDomain: (domain) =>
      set((s) => ({
        selectedDomains: s.selectedDomains.includes(domain)
          ? s.selectedDomains.filter((d) => d !== domain)
          : [...s.selectedDomains, domain],
      })),
    start: async <T extends ImportResultView>(call?: ImportCall<T>) => {
      const { folder, mappingCsv, selectedDomains, phase } = get();
      if (phase === 'running') return null;
      const api = requireApi();
      let run = call;
      if (!run) {
        if (!folder) return null;
        const scoped = scopeRequest(get().scope);
        if ('missing' in scoped) {
          set({ error: scoped.missing });
          return null;
        }
        // No call: T is its default, ImportResultView, which import:run answers.
        run = ((id: string) =>
          api.import.run({
            jobId: id,
            folder,
            mappingCsv,
            domains: selectedDomains,
            ...(scoped.scope ? { scope: scoped.scope } : {}),
          })) as ImportCall<T>;
      }
      const jobId = newJobId();
      set({ phase: 'running', jobId, progress: IDLE_PROGRESS, error: null, result: null, previews: null });
      stopPreviews?.();
      // Previews stream in after the match result; events that beat the result are kept until it arrives.
      let importId: string | null = null;
      const early: ImportPreviewsEvent[] = [];
      const apply = (e: ImportPreviewsEvent) => {
        review.getState().updateItems(e.items);
        const now = Date.now();
        const startedAt = get().previews?.startedAt ?? now;
        set({
          previews: e.done >= e.total ? null : { done: e.done, total: e.total, startedAt, updatedAt: now },
        });
        if (e.done >= e.total) stopPreviews?.();
      };
      const offPreviews = api.on('import:previews', (e) => {
        if (importId === null) early.push(e);
        else if (e.importId === importId) apply(e);
      });
      stopPreviews = () => {
        offPreviews();
        stopPreviews = null;
      };
      const off = api.on('job:progress', (p) => {
        if (p.jobId !== jobId) return;
        set({
          progress: {
            scanned: p.counts.scanned ?? 0,
            previews: p.counts.previews ?? 0,
            total: p.total,
            message: p.message,
          },
        });
      });
      try {
        const value = await unwrap(run(jobId));
        const { items, ...result } = value;
        review.getState().load(items);
        importId = result.importId;
        const pending = items.filter((i) => i.previewPending).length;
        set({
          phase: 'done',
          result,
          previews:
            pending > 0 ? { done: 0, total: pending, startedAt: Date.now(), updatedAt: Date.now() } : null,
        });
        if (pending === 0) stopPreviews?.();
        for (const e of early.splice(0)) if (e.importId === importId) apply(e);
        return value;
      } catch (e) {
        const cancelled = e instanceof ApiError && e.code === 'cancelled';
        set({ phase: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : (e as Error).message });
        stopPreviews?.();
        return null;
      } finally {
        off();
        set({ jobId: null });
      }
    },
    cancel: async () => {
      const jobId = get().jobId;
      if (jobId) await requireApi().job.cancel({ jobId });
    },
  }));
};

export const useImportStore = createImportStore();
