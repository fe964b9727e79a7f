/**
 * Review state: the import's items, the person's decisions, the selection, filter, search and the row shown in
 * the side panel. Every decision goes through review-model's pure functions, so the store holds no rules of its own;
 * after every change to what is shown (tab, search, decisions, previews) the selection keeps only the rows still
 * shown (narrowSelection), so no bulk action reaches a row no one can see.
 */
import { create } from 'zustand';
import type { UserRef } from '../../shared/domain';
import type { CropChoice, ReviewItem } from '../../shared/review';
import {
  acceptSuggestions,
  assignUser,
  narrowSelection,
  resetDecision,
  resolveConflict,
  setCrop,
  setExcluded,
  shownRows,
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

type Visible = Pick<ReviewState, 'items' | 'decisions' | 'filter' | 'query' | 'selected'>;

/** A change to what is shown, with the selection narrowed to the rows still shown (review-model's rule). */
function visibleChange(s: ReviewState, change: Partial<Visible>): Partial<ReviewState> {
  const next = { ...s, ...change };
  return {
    ...change,
    selected: narrowSelection(next.selected, shownRows(next.items, next.decisions, next.filter, next.query)),
  };
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
        return visibleChange(s, { items: s.items.map((item) => byId.get(item.id) ?? item) });
      }),
    setFilter: (filter) => set((s) => visibleChange(s, { filter })),
    setQuery: (query) => set((s) => visibleChange(s, { query })),
    setActive: (activeId) => set({ activeId }),
    toggleSelected: (id) =>
      set((s) => {
        const selected = new Set(s.selected);
        if (selected.has(id)) selected.delete(id);
        else selected.add(id);
        return { selected };
      }),
    setSelected: (ids) => set({ selected: new Set(ids) }),
    assign: (ids, user) => set((s) => visibleChange(s, { decisions: assignUser(s.decisions, ids, user) })),
    resolveConflict: (id, user) =>
      set((s) => visibleChange(s, { decisions: resolveConflict(s.items, s.decisions, id, user) })),
    acceptSuggestions: (ids) =>
      set((s) => visibleChange(s, { decisions: acceptSuggestions(s.items, s.decisions, ids) })),
    exclude: (ids) => set((s) => visibleChange(s, { decisions: setExcluded(s.decisions, ids, true) })),
    include: (ids) => set((s) => visibleChange(s, { decisions: setExcluded(s.decisions, ids, false) })),
    setCrop: (ids, crop) => set((s) => visibleChange(s, { decisions: setCrop(s.decisions, ids, crop) })),
    reset: (ids) => set((s) => visibleChange(s, { decisions: resetDecision(s.decisions, ids) })),
  }));

export type ReviewStore = ReturnType<typeof createReviewStore>;

/** The app's review store. */
export const useReviewStore = createReviewStore();
