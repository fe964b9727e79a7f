/**
 * People screen state: the tenant's photo inventory (loaded as a job, with its progress), the photo tab, filters,
 * search, group scope and sort, the selection, and the actions on the users an action reaches (the selection, or
 * every row shown): save the list, the missing-photo list, export photos (a job) and remove photos (a run followed by
 * its run:progress / run:done events). After every change to what is shown the selection keeps only the rows still
 * shown, as in Review. The rules live in features/inventory/inventory-model.ts and src/shared/inventory.ts.
 */
import { create } from 'zustand';
import type { JobProgress } from '../../shared/ipc';
import type { RunDoneEvent } from '../../shared/ipc-desktop';
import type {
  EXPORT_NAMINGS,
  EXPORT_SIZES,
  InventoryLoadOutput,
  PhotoExportOutput,
} from '../../shared/ipc-people';
import type { InventorySortKey } from '../../shared/inventory';
import type { RunProgress } from '../../shared/upload';
import { ApiError, newJobId, requireApi, unwrap } from '../api';
import {
  actionTargets,
  missingPhoto,
  narrowSelection,
  removable,
  shownUsers,
  type OtherFilters,
  type PhotoView,
} from '../features/inventory/inventory-model';
import { attemptWith, errorMessage } from './attempt';

export type ExportNaming = (typeof EXPORT_NAMINGS)[number];
export type ExportSize = 'largest' | (typeof EXPORT_SIZES)[number];
export type InventorySort = { key: InventorySortKey; direction: 'ascending' | 'descending' };

export interface GroupScope {
  id: string;
  displayName: string;
  members: ReadonlySet<string>;
}

export interface RemovalState {
  runId: string;
  total: number;
  dryRun: boolean;
  progress: RunProgress | null;
  done: RunDoneEvent | null;
}

export interface InventoryState {
  /** The switches; null: as in Settings. */
  includeGuests: boolean | null;
  includeDisabled: boolean | null;
  loading: { jobId: string; progress: JobProgress | null } | null;
  result: InventoryLoadOutput | null;
  view: PhotoView;
  filters: OtherFilters;
  query: string;
  group: GroupScope | null;
  groupBusy: boolean;
  groupError: string | null;
  sort: InventorySort | null;
  selected: ReadonlySet<string>;
  busy: boolean;
  error: string | null;
  notice: string | null;
  exporting: { jobId: string; progress: JobProgress | null } | null;
  exported: PhotoExportOutput | null;
  removal: RemovalState | null;

  setInclude: (patch: { includeGuests?: boolean; includeDisabled?: boolean }) => void;
  /** Reads the inventory; `refresh: 'photos'` re-reads every photo. Resolves when the job ends. */
  load: (options: {
    includeGuests: boolean;
    includeDisabled: boolean;
    refresh?: 'auto' | 'photos';
  }) => Promise<boolean>;
  cancelLoad: () => Promise<void>;
  setView: (view: PhotoView) => void;
  /** A summary button: that photo tab alone (other filters, search and group cleared), so the count is what shows. */
  showOnly: (view: PhotoView) => void;
  setFilter: (patch: Partial<OtherFilters>) => void;
  /** The filters and the group (the photo tab and the search stay). */
  clearFilters: () => void;
  setQuery: (query: string) => void;
  findGroup: (name: string) => Promise<boolean>;
  clearGroup: () => void;
  /** Column header: ascending, then descending, then the directory's order. */
  toggleSort: (key: InventorySortKey) => void;
  toggleSelected: (id: string) => void;
  setSelected: (ids: Iterable<string>) => void;
  saveList: (format: 'csv' | 'json', list: 'filtered' | 'missing') => Promise<boolean>;
  /** The folder dialog (null: cancelled). */
  chooseFolder: (title: string) => Promise<string | null>;
  startExport: (options: { folder: string; naming: ExportNaming; size: ExportSize }) => Promise<boolean>;
  cancelExport: () => Promise<void>;
  startRemoval: (dryRun: boolean) => Promise<boolean>;
  clearMessages: () => void;
  /** Forgets the inventory (another tenant was signed in to). */
  reset: () => void;
}

const isCancelled = (e: unknown) => e instanceof ApiError && e.code === 'cancelled';

type Shown = Pick<InventoryState, 'result' | 'view' | 'filters' | 'query' | 'group' | 'sort' | 'selected'>;

/** The rows the screen shows for this state. */
export function shownOf(s: Shown) {
  return shownUsers({
    users: s.result?.document.users ?? [],
    view: s.view,
    filters: s.filters,
    query: s.query,
    members: s.group?.members ?? null,
    sort: s.sort,
  });
}

/** A change to what is shown, with the selection narrowed to the rows still shown. */
function visibleChange(s: InventoryState, change: Partial<Shown>): Partial<InventoryState> {
  const next = { ...s, ...change };
  // Nothing selected: nothing to narrow (spares a pass over 100,000 rows per keystroke).
  if (next.selected.size === 0) return change;
  return { ...change, selected: narrowSelection(next.selected, shownOf(next)) };
}

export const createInventoryStore = () =>
  create<InventoryState>()((set, get) => {
    /** Listens to a job's progress (before it starts, so nothing is missed); returns the unsubscribe function. */
    const followJob = (jobId: string, onProgress: (p: JobProgress) => void) =>
      requireApi().on('job:progress', (p) => {
        if (p.jobId === jobId) onProgress(p);
      });
    const targets = () => {
      const s = get();
      return actionTargets(shownOf(s), s.selected).users;
    };
    const attempt = attemptWith(set);

    return {
      includeGuests: null,
      includeDisabled: null,
      loading: null,
      result: null,
      view: 'all',
      filters: {},
      query: '',
      group: null,
      groupBusy: false,
      groupError: null,
      sort: null,
      selected: new Set(),
      busy: false,
      error: null,
      notice: null,
      exporting: null,
      exported: null,
      removal: null,

      setInclude: (patch) => set(patch),
      load: async ({ includeGuests, includeDisabled, refresh = 'auto' }) => {
        if (get().loading) return false;
        const jobId = newJobId();
        set({ loading: { jobId, progress: null }, error: null, notice: null });
        let off: (() => void) | null = null;
        try {
          off = followJob(jobId, (progress) => {
            if (get().loading?.jobId === jobId) set({ loading: { jobId, progress } });
          });
          const result = await unwrap(
            requireApi().inventory.load({ jobId, refresh, includeGuests, includeDisabled }),
          );
          set((s) => visibleChange(s, { result }));
          return true;
        } catch (e) {
          set({
            error: isCancelled(e)
              ? get().result
                ? 'Stopped. The list below is the one read before.'
                : 'Stopped before the inventory was read.'
              : errorMessage(e),
          });
          return false;
        } finally {
          off?.();
          set({ loading: null });
        }
      },
      cancelLoad: async () => {
        const jobId = get().loading?.jobId;
        if (jobId) await requireApi().job.cancel({ jobId });
      },
      setView: (view) => set((s) => visibleChange(s, { view })),
      showOnly: (view) => {
        set((s) => visibleChange(s, { view, filters: {}, query: '', group: null }));
        set({ groupError: null });
      },
      setFilter: (patch) =>
        set((s) => {
          const filters: OtherFilters = { ...s.filters, ...patch };
          for (const key of Object.keys(filters) as (keyof OtherFilters)[])
            if (filters[key] === undefined || filters[key] === '') delete filters[key];
          return visibleChange(s, { filters });
        }),
      clearFilters: () => {
        set((s) => visibleChange(s, { filters: {}, group: null }));
        set({ groupError: null });
      },
      setQuery: (query) => set((s) => visibleChange(s, { query })),
      findGroup: async (name) => {
        const group = name.trim();
        if (!group) return false;
        set({ groupBusy: true, groupError: null });
        try {
          const found = await unwrap(requireApi().inventory.group({ group }));
          set((s) =>
            visibleChange(s, {
              group: { id: found.id, displayName: found.displayName, members: new Set(found.memberIds) },
            }),
          );
          return true;
        } catch (e) {
          set({ groupError: errorMessage(e) });
          return false;
        } finally {
          set({ groupBusy: false });
        }
      },
      clearGroup: () => {
        set((s) => visibleChange(s, { group: null }));
        set({ groupError: null });
      },
      toggleSort: (key) =>
        set((s) => ({
          sort:
            s.sort?.key !== key
              ? { key, direction: 'ascending' }
              : s.sort.direction === 'ascending'
                ? { key, direction: 'descending' }
                : null,
        })),
      toggleSelected: (id) =>
        set((s) => {
          const selected = new Set(s.selected);
          if (selected.has(id)) selected.delete(id);
          else selected.add(id);
          return { selected };
        }),
      setSelected: (ids) => set((s) => ({ selected: narrowSelection(new Set(ids), shownOf(s)) })),

      saveList: (format, list) =>
        attempt(async () => {
          const users = list === 'missing' ? missingPhoto(targets()) : targets();
          if (users.length === 0) {
            set({
              notice:
                list === 'missing'
                  ? 'Nobody here needs a photo: every one of these users has a full-size photo.'
                  : 'No users are shown, so there is nothing to save.',
            });
            return;
          }
          const api = requireApi();
          const folder = await unwrap(
            api.dialog.chooseFolder({
              purpose: 'reports',
              title: list === 'missing' ? 'Save the missing-photo list in…' : 'Save the list in…',
            }),
          );
          if (!folder) return;
          const { path } = await unwrap(
            api.inventory.saveList({ folder: folder.path, format, list, userIds: users.map((u) => u.id) }),
          );
          set({ notice: `Saved the list of ${users.length.toLocaleString('en-US')} users to ${path}` });
        }),
      chooseFolder: async (title) => {
        try {
          const folder = await unwrap(requireApi().dialog.chooseFolder({ purpose: 'reports', title }));
          return folder?.path ?? null;
        } catch (e) {
          set({ error: errorMessage(e) });
          return null;
        }
      },
      startExport: async ({ folder, naming, size }) => {
        if (get().exporting) return false;
        const userIds = targets().map((u) => u.id);
        const jobId = newJobId();
        set({ exporting: { jobId, progress: null }, exported: null, error: null, notice: null });
        let off: (() => void) | null = null;
        try {
          off = followJob(jobId, (progress) => {
            if (get().exporting?.jobId === jobId) set({ exporting: { jobId, progress } });
          });
          const exported = await unwrap(requireApi().photos.export({ jobId, folder, userIds, naming, size }));
          set({ exported });
          return true;
        } catch (e) {
          set({
            error: isCancelled(e)
              ? 'Export stopped. The photos already written stay in the folder; exporting again goes on from there.'
              : errorMessage(e),
          });
          return false;
        } finally {
          off?.();
          set({ exporting: null });
        }
      },
      cancelExport: async () => {
        const jobId = get().exporting?.jobId;
        if (jobId) await requireApi().job.cancel({ jobId });
      },
      startRemoval: (dryRun) =>
        attempt(async () => {
          const live = get().removal;
          if (live && !live.done) throw new Error('A removal is still running: wait for it to finish.');
          const userIds = removable(targets()).map((u) => u.id);
          if (userIds.length === 0) {
            set({ notice: 'None of these users has a photo, so there is nothing to remove.' });
            return;
          }
          const api = requireApi();
          // The run's events can arrive before its id does: keep the latest of each run until it is known.
          const early = new Map<string, { progress?: RunProgress; done?: RunDoneEvent }>();
          const note = (runId: string, patch: { progress?: RunProgress; done?: RunDoneEvent }) => {
            const r = get().removal;
            if (r?.runId === runId) set({ removal: { ...r, ...patch } });
            else if (!r || r.done) early.set(runId, { ...early.get(runId), ...patch });
          };
          const offs = [
            api.on('run:progress', (progress) => note(progress.runId, { progress })),
            api.on('run:done', (done) => {
              note(done.runId, { done });
              if (get().removal?.runId === done.runId) offs.forEach((off) => off());
            }),
          ];
          try {
            const { runId, total } = await unwrap(api.photos.remove({ userIds, dryRun }));
            const seen = early.get(runId);
            set({
              removal: { runId, total, dryRun, progress: seen?.progress ?? null, done: seen?.done ?? null },
            });
            if (seen?.done) offs.forEach((off) => off());
          } catch (e) {
            offs.forEach((off) => off());
            throw e;
          }
        }),
      clearMessages: () => set({ error: null, notice: null }),
      reset: () =>
        set({
          result: null,
          filters: {},
          query: '',
          view: 'all',
          group: null,
          groupError: null,
          selected: new Set(),
          exported: null,
          removal: null,
          error: null,
          notice: null,
        }),
    };
  });

export type InventoryStore = ReturnType<typeof createInventoryStore>;

/** The app's People screen store. */
export const useInventoryStore = createInventoryStore();
