/**
 * Review state: the import's items, the person's decisions, the selection, filter, search and the row shown in
 * the side panel. Every decision goes through review-model's pure functions, so the store holds no rules of its own.
 */
import { create } from 'zustand';
import type { UserRef } from '../../shared/domain';
import type { CropChoice, ReviewItem } from '../../shared/review';
import {
  acceptSuggestions,
  assignUser,
  resetDecision,
  resolveConflict,
  setCrop,
  setExcluded,
  type Decisions,
  type ReviewFilter,
} from '../features/review/review-model';

export interface ReviewState {
  items: ReviewItem[];
  decisions: Decisions;
  selected: ReadonlySet<string>;
  filter: ReviewFilter;
  query: string;
  /** The row shown in the side panel. */
  activeId: string | null;

  load: (items: ReviewItem[]) => void;
  /** Rows whose previews (and photo checks) arrived: replaced by id, decisions kept. */
  updateItems: (items: readonly ReviewItem[]) => void;
  clear: () => void;
  setFilter: (filter: ReviewFilter) => void;
  setQuery: (query: string) => void;
  setActive: (id: string | null) => void;
  toggleSelected: (id: string) => void;
  setSelected: (ids: Iterable<string>) => void;
  assign: (ids: Iterable<string>, user: UserRef | null) => void;
  resolveConflict: (id: string, user: UserRef) => void;
  acceptSuggestions: (ids: Iterable<string>) => void;
  exclude: (ids: Iterable<string>) => void;
  include: (ids: Iterable<string>) => void;
  setCrop: (ids: Iterable<string>, crop: CropChoice) => void;
  reset: (ids: Iterable<string>) => void;
}

export const createReviewStore = () =>
  create<ReviewState>()((set) => ({
    items: [],
    decisions: {},
    selected: new Set(),
    filter: 'all',
    query: '',
    activeId: null,

    load: (items) =>
      set({ items, decisions: {}, selected: new Set(), activeId: null, filter: 'all', query: '' }),
    clear: () => set({ items: [], decisions: {}, selected: new Set(), activeId: null }),
    updateItems: (updates) =>
      set((s) => {
        const byId = new Map(updates.map((item) => [item.id, item]));
        return { items: s.items.map((item) => byId.get(item.id) ?? item) };
      }),
    setFilter: (filter) => set({ filter }),
    setQuery: (query) => set({ query }),
    setActive: (activeId) => set({ activeId }),
    toggleSelected: (id) =>
      set((s) => {
        const selected = new Set(s.selected);
        if (selected.has(id)) selected.delete(id);
        else selected.add(id);
        return { selected };
      }),
    setSelected: (ids) => set({ selected: new Set(ids) }),
    assign: (ids, user) => set((s) => ({ decisions: assignUser(s.decisions, ids, user) })),
    resolveConflict: (id, user) =>
      set((s) => ({ decisions: resolveConflict(s.items, s.decisions, id, user) })),
    acceptSuggestions: (ids) => set((s) => ({ decisions: acceptSuggestions(s.items, s.decisions, ids) })),
    exclude: (ids) => set((s) => ({ decisions: setExcluded(s.decisions, ids, true) })),
    include: (ids) => set((s) => ({ decisions: setExcluded(s.decisions, ids, false) })),
    setCrop: (ids, crop) => set((s) => ({ decisions: setCrop(s.decisions, ids, crop) })),
    reset: (ids) => set((s) => ({ decisions: resetDecision(s.decisions, ids) })),
  }));

export type ReviewStore = ReturnType<typeof createReviewStore>;

/** The app's review store. */
export const useReviewStore = createReviewStore();
