/**
 * The review table's logic, pure: from the import's items plus the person's decisions, derive each row's
 * effective user and state, the filters, search and the "upload" readiness rule. The store keeps items and
 * decisions; the components only render what this module derives.
 *
 * Safety rule: a row only becomes Ready when the matcher matched it or a person chose its user, and no two
 * rows may send a photo to the same user (both become Conflict until one is resolved). A row for someone outside
 * the upload's scope is Outside scope: never Ready, not counted, not blocking (like Skipped), and not assignable.
 */
import type { MatchStatus, UserRef } from '../../../shared/domain';
import type { CropChoice, ReviewedPair, ReviewItem } from '../../../shared/review';
import { foldText, searchTerms } from '../../../shared/text-fold';

export interface RowDecision {
  /** undefined: keep the matcher's result; a user: chosen by a person; null: unassigned by a person. */
  user?: UserRef | null;
  excluded?: boolean;
  crop?: CropChoice;
}
export type Decisions = Readonly<Record<string, RowDecision>>;

export type RowState =
  'ready' | 'attention' | 'unmatched' | 'conflict' | 'skipped' | 'excluded' | 'outside-scope';

export interface ReviewRow {
  id: string;
  item: ReviewItem;
  /** The user the photo will go to, or null. */
  target: UserRef | null;
  /** The user to show in the table: the target, else the matcher's user (e.g. for a conflict). */
  shownUser: UserRef | null;
  status: MatchStatus;
  state: RowState;
  byHand: boolean;
  excluded: boolean;
  crop: CropChoice | null;
}

export const FILTERS = [
  'all',
  'ready',
  'attention',
  'unmatched',
  'conflicts',
  'warnings',
  'skipped',
] as const;
/**
 * Filters with no tab of their own: 'mapping' is chosen from the mapping CSV banner (MappingProblems),
 * 'outside-scope' from the scope line (its rows are also under Skipped: neither is uploaded).
 */
export const CHIP_FILTERS = ['mapping', 'outside-scope'] as const;
export type ReviewFilter = (typeof FILTERS)[number] | (typeof CHIP_FILTERS)[number];

export const FILTER_LABELS: Record<ReviewFilter, string> = {
  all: 'All',
  ready: 'Ready',
  attention: 'Needs attention',
  unmatched: 'Unmatched',
  conflicts: 'Conflicts',
  warnings: 'Warnings',
  skipped: 'Skipped',
  mapping: 'Mapping CSV problems',
  'outside-scope': 'Outside scope',
};

export const STATE_LABELS: Record<RowState, string> = {
  ready: 'Ready',
  attention: 'Needs attention',
  unmatched: 'Unmatched',
  conflict: 'Conflict',
  skipped: 'Skipped',
  excluded: 'Excluded',
  'outside-scope': 'Outside scope',
};

/** Rows that are never uploaded whatever a person decides: a file that is not a photo, or one outside the scope. */
export function isFinalStatus(status: MatchStatus): boolean {
  return status === 'skipped' || status === 'outside-scope';
}

function baseTarget(
  item: ReviewItem,
  decision: RowDecision | undefined,
): { target: UserRef | null; byHand: boolean } {
  if (isFinalStatus(item.status) || item.error) return { target: null, byHand: false };
  if (decision && decision.user !== undefined) return { target: decision.user, byHand: true };
  return { target: item.status === 'matched' ? item.user : null, byHand: false };
}

function stateWithoutTarget(item: ReviewItem, byHand: boolean): RowState {
  if (item.error) return 'attention';
  if (byHand) return 'unmatched';
  switch (item.status) {
    case 'conflict':
      return 'conflict';
    case 'ambiguous':
    case 'suggested':
      return 'attention';
    default:
      return 'unmatched';
  }
}

/** The one user the matcher pointed at, if any (a conflict may carry it as its only candidate). */
export function matcherUser(item: ReviewItem): UserRef | null {
  return item.user ?? (item.candidates.length === 1 ? (item.candidates[0] ?? null) : null);
}

export function deriveRows(items: readonly ReviewItem[], decisions: Decisions): ReviewRow[] {
  const partial = items.map((item) => {
    const decision = decisions[item.id];
    const excluded = !isFinalStatus(item.status) && decision?.excluded === true;
    const { target, byHand } = excluded ? { target: null, byHand: false } : baseTarget(item, decision);
    return { item, decision, excluded, target, byHand };
  });
  // Two live rows aiming at one user: neither may upload until a person decides.
  const perUser = new Map<string, number>();
  for (const p of partial) if (p.target) perUser.set(p.target.id, (perUser.get(p.target.id) ?? 0) + 1);
  return partial.map(({ item, decision, excluded, target, byHand }) => {
    let state: RowState;
    if (item.status === 'skipped') state = 'skipped';
    else if (item.status === 'outside-scope') state = 'outside-scope';
    else if (excluded) state = 'excluded';
    else if (!target) state = stateWithoutTarget(item, byHand);
    else state = (perUser.get(target.id) ?? 0) > 1 ? 'conflict' : 'ready';
    return {
      id: item.id,
      item,
      target,
      shownUser: target ?? (byHand ? null : matcherUser(item)),
      status: item.status,
      state,
      byHand,
      excluded,
      // A handoff package's photo keeps the photographer's crop until someone changes it.
      crop: decision?.crop ?? item.packageCrop ?? null,
    };
  });
}

export function matchesFilter(row: ReviewRow, filter: ReviewFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'ready':
      return row.state === 'ready';
    case 'attention':
      return row.state === 'attention' || row.state === 'unmatched' || row.state === 'conflict';
    case 'unmatched':
      return row.state === 'unmatched';
    case 'conflicts':
      return row.state === 'conflict';
    case 'warnings':
      // Usable photos the checks flagged (blurry, too dark...): they may upload, but someone may want to look.
      return (
        !row.item.error &&
        row.item.warnings.length > 0 &&
        row.state !== 'skipped' &&
        row.state !== 'outside-scope' &&
        !row.excluded
      );
    case 'skipped':
      return row.state === 'skipped' || row.state === 'excluded' || row.state === 'outside-scope';
    case 'outside-scope':
      return row.state === 'outside-scope';
    case 'mapping':
      return (row.item.mappingRows?.length ?? 0) > 0;
  }
}

function rowSearchText(row: ReviewRow): string {
  const u = row.shownUser;
  const candidates = row.item.candidates
    .map((c) => `${c.displayName ?? ''} ${c.userPrincipalName}`)
    .join(' ');
  return foldText(`${row.item.file} ${u?.displayName ?? ''} ${u?.userPrincipalName ?? ''} ${candidates}`);
}

/** True when the row holds every term of the search (no terms: every row). */
function matchesQuery(row: ReviewRow, terms: readonly string[]): boolean {
  return terms.length === 0 || terms.every((t) => rowSearchText(row).includes(t));
}

export function filterRows(rows: readonly ReviewRow[], filter: ReviewFilter, query: string): ReviewRow[] {
  const terms = searchTerms(query);
  return rows.filter((row) => matchesFilter(row, filter) && matchesQuery(row, terms));
}

/** Rows per filter among those the search finds, so each tab's count is what the tab will show. */
export function countByFilter(rows: readonly ReviewRow[], query = ''): Record<ReviewFilter, number> {
  const terms = searchTerms(query);
  const all = [...FILTERS, ...CHIP_FILTERS];
  const counts = Object.fromEntries(all.map((f) => [f, 0])) as Record<ReviewFilter, number>;
  for (const row of rows) {
    if (!matchesQuery(row, terms)) continue;
    for (const f of all) if (matchesFilter(row, f)) counts[f] += 1;
  }
  return counts;
}

export interface Readiness {
  /** True when every row is Ready, Skipped, Excluded or Outside scope and at least one is Ready. */
  canUpload: boolean;
  /** How many users will get a photo (one per ready row; ready rows never share a user). */
  usersToChange: number;
  /** Rows that still need a decision. */
  blocking: number;
  /** The button text. */
  label: string;
}

export function readiness(rows: readonly ReviewRow[]): Readiness {
  let ready = 0;
  let blocking = 0;
  let checking = 0;
  for (const row of rows) {
    if (row.state === 'skipped' || row.state === 'excluded' || row.state === 'outside-scope') continue;
    // A photo whose checks are not back yet cannot be uploaded: it may turn out unusable.
    if (row.item.previewPending) checking += 1;
    if (row.state === 'ready') ready += 1;
    else blocking += 1;
  }
  const canUpload = blocking === 0 && checking === 0 && ready > 0;
  const users = `${ready} ${ready === 1 ? 'user' : 'users'}`;
  const label =
    blocking > 0
      ? `${blocking} ${blocking === 1 ? 'row needs' : 'rows need'} a decision before upload`
      : checking > 0
        ? `Checking ${checking} ${checking === 1 ? 'photo' : 'photos'}…`
        : ready === 0
          ? 'Nothing to upload'
          : `Upload ${users}`;
  return { canUpload, usersToChange: ready, blocking, label };
}

/** The pairs to hand to the upload engine: Ready rows only. */
export function reviewedPairs(rows: readonly ReviewRow[], defaultCrop: CropChoice): ReviewedPair[] {
  return rows
    .filter((row) => row.state === 'ready' && row.target)
    .map((row) => ({
      file: row.item.file,
      user: row.target as UserRef,
      // A person's choice carries no matcher method: the report says "chosen in Review".
      method: row.byHand ? null : row.item.method,
      crop: row.crop ?? defaultCrop,
    }));
}

/* ---------- decision updates (pure; the store applies them) ---------- */

function patch(
  decisions: Decisions,
  ids: Iterable<string>,
  change: RowDecision,
): Record<string, RowDecision> {
  const next: Record<string, RowDecision> = { ...decisions };
  for (const id of ids) next[id] = { ...next[id], ...change };
  return next;
}

/** A person picks the user for these rows (resolving ambiguous/suggested/conflict, or assigning by hand). */
export function assignUser(
  decisions: Decisions,
  ids: Iterable<string>,
  user: UserRef | null,
): Record<string, RowDecision> {
  return patch(decisions, ids, { user, excluded: false });
}

export function setExcluded(
  decisions: Decisions,
  ids: Iterable<string>,
  excluded: boolean,
): Record<string, RowDecision> {
  return patch(decisions, ids, { excluded });
}

export function setCrop(
  decisions: Decisions,
  ids: Iterable<string>,
  crop: CropChoice,
): Record<string, RowDecision> {
  return patch(decisions, ids, { crop });
}

/** Puts rows back to the matcher's result (keeps their crop). */
export function resetDecision(decisions: Decisions, ids: Iterable<string>): Record<string, RowDecision> {
  const next: Record<string, RowDecision> = { ...decisions };
  for (const id of ids) next[id] = next[id]?.crop ? { crop: next[id].crop } : {};
  return next;
}

/**
 * Resolves a conflict: this row's photo goes to `user`, and every other live row aiming at that user is excluded.
 * One explicit action, and each excluded row can be included again.
 */
export function resolveConflict(
  items: readonly ReviewItem[],
  decisions: Decisions,
  id: string,
  user: UserRef,
): Record<string, RowDecision> {
  const rows = deriveRows(items, decisions);
  const rivals = rows
    .filter(
      (r) =>
        r.id !== id &&
        !r.excluded &&
        (r.target?.id === user.id ||
          (r.status === 'conflict' && r.target === null && !r.byHand && matcherUser(r.item)?.id === user.id)),
    )
    .map((r) => r.id);
  return setExcluded(assignUser(decisions, [id], user), rivals, true);
}

/** Accepts the matcher's single suggestion on `suggested` rows (ambiguous rows need a pick, never a default). */
export function acceptSuggestions(
  items: readonly ReviewItem[],
  decisions: Decisions,
  ids: Iterable<string>,
): Record<string, RowDecision> {
  const byId = new Map(items.map((i) => [i.id, i]));
  let next: Record<string, RowDecision> = { ...decisions };
  for (const id of ids) {
    const item = byId.get(id);
    if (!item || item.status !== 'suggested' || item.error) continue;
    const pick = item.user ?? (item.candidates.length === 1 ? item.candidates[0] : undefined);
    if (pick) next = assignUser(next, [id], pick);
  }
  return next;
}

/* ---------- selection and display (pure) ---------- */

/**
 * Selections follow what is visible: the selected ids that are among the rows shown, in the same Set when nothing
 * changes (so a store update that keeps every selected row visible does not re-render for nothing). Switching tab,
 * searching and every decision narrow the selection with it, so a bulk action never reaches a row no one can see.
 */
export function narrowSelection(
  selected: ReadonlySet<string>,
  shown: readonly Pick<ReviewRow, 'id'>[],
): ReadonlySet<string> {
  if (selected.size === 0) return selected;
  const visible = new Set(shown.map((r) => r.id));
  const kept = [...selected].filter((id) => visible.has(id));
  return kept.length === selected.size ? selected : new Set(kept);
}

/** The rows a filter and search show, from the items and decisions (what the table renders). */
export function shownRows(
  items: readonly ReviewItem[],
  decisions: Decisions,
  filter: ReviewFilter,
  query: string,
): ReviewRow[] {
  return filterRows(deriveRows(items, decisions), filter, query);
}

/** Job title, department and office, for telling two people of one name apart ("" when none is known). */
export function userContext(user: UserRef): string {
  return [user.jobTitle, user.department, user.officeLocation]
    .map((part) => part?.trim())
    .filter((part): part is string => !!part)
    .join(' · ');
}

/** The other live rows competing with this conflict row for its user (the photos to compare side by side). */
export function conflictRivals(rows: readonly ReviewRow[], row: ReviewRow): ReviewRow[] {
  const contested = row.state === 'conflict' ? (row.target ?? matcherUser(row.item)) : null;
  if (!contested) return [];
  return rows.filter(
    (r) =>
      r.id !== row.id &&
      r.state === 'conflict' &&
      (r.target ?? (r.byHand ? null : matcherUser(r.item)))?.id === contested.id,
  );
}

/**
 * A long name cut in the middle, so its start and its extension both stay readable ("IMG_2024…0042.jpg"). Works on
 * the visible text (visible-text.ts), and never cuts inside a ⟨U+…⟩ code.
 */
export function middleEllipsis(text: string, max = 36): string {
  const units = text.match(/⟨U\+[0-9A-F]+⟩|[\s\S]/gu) ?? [];
  if (units.length <= max) return text;
  const dot = text.lastIndexOf('.');
  const ext = dot > 0 && text.length - dot <= 6 ? [...text.slice(dot)].length : 0;
  const tail = Math.max(ext + 4, Math.floor((max - 1) / 3));
  const head = max - 1 - tail;
  return `${units.slice(0, head).join('')}…${units.slice(units.length - tail).join('')}`;
}
