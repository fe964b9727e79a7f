/**
 * The People screen's pure view logic: the photo tabs and their counts, the values the dropdowns offer, the rows
 * shown (through src/shared/inventory.ts's one filter and sort), which users an action reaches, and the sentences
 * for the load's progress and the export's outcome. The store and the components hold no rules of their own.
 */
import type { JobProgress } from '../../../shared/ipc';
import type { PhotoExportOutput } from '../../../shared/ipc-people';
import {
  filterInventory,
  sortInventory,
  type InventoryFilter,
  type InventorySortKey,
  type InventoryUser,
  type PhotoStatus,
} from '../../../shared/inventory';
import { usersText } from '../upload/run-outcome';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The photo tabs (and the summary's buttons): each is a photo filter of the shared schema. "Needs a photo" is
 * the photographer's list: no photo, or a low-resolution one. */
export const PHOTO_VIEWS = ['all', 'with', 'none', 'low', 'unreadable', 'missing'] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const PHOTO_VIEW_LABELS: Record<PhotoView, string> = {
  all: 'All',
  with: 'With a photo',
  none: 'No photo',
  low: 'Low resolution',
  unreadable: 'Could not be read',
  missing: 'Needs a photo',
};

const VIEW_FILTERS: Record<PhotoView, InventoryFilter> = {
  all: {},
  with: { photo: ['present', 'low-resolution'] },
  none: { photo: ['none'] },
  low: { photo: ['low-resolution'] },
  unreadable: { photo: ['unreadable'] },
  missing: { missing: true },
};

/** The filters other than the photo tab (and the search, kept apart as typed). */
export type OtherFilters = Omit<InventoryFilter, 'photo' | 'missing' | 'query'>;

export interface ShownInput {
  users: readonly InventoryUser[];
  view: PhotoView;
  filters: OtherFilters;
  query: string;
  /** A group's members (transitive), when the list is scoped to a group. */
  members?: ReadonlySet<string> | null;
  sort: { key: InventorySortKey; direction: 'ascending' | 'descending' } | null;
}

const base = (input: Omit<ShownInput, 'view' | 'sort'>) =>
  filterInventory(
    input.users,
    { ...input.filters, query: input.query.trim() || undefined },
    input.members ?? undefined,
  );

const inView = (status: PhotoStatus, view: PhotoView): boolean => {
  const f = VIEW_FILTERS[view];
  if (f.missing) return status === 'none' || status === 'low-resolution';
  return !f.photo || f.photo.includes(status);
};

/** The rows shown: every filter, the search, the group, then the sort (the directory's order when none). */
export function shownUsers(input: ShownInput): InventoryUser[] {
  const rows = base(input).filter((u) => inView(u.photoStatus, input.view));
  return input.sort ? sortInventory(rows, input.sort.key, input.sort.direction) : rows;
}

/** Each tab's count over the rows the other filters and the search leave, so a tab's number is what it shows. */
export function viewCounts(input: Omit<ShownInput, 'view' | 'sort'>): Record<PhotoView, number> {
  const counts = Object.fromEntries(PHOTO_VIEWS.map((v) => [v, 0])) as Record<PhotoView, number>;
  for (const u of base(input)) for (const v of PHOTO_VIEWS) if (inView(u.photoStatus, v)) counts[v] += 1;
  return counts;
}

export type OptionField = 'department' | 'companyName' | 'officeLocation' | 'country' | 'domain';

/** The values present in the inventory for a dropdown, sorted, each once (as the directory spells it first). */
export function optionValues(users: readonly InventoryUser[], field: OptionField): string[] {
  const seen = new Map<string, string>();
  for (const u of users) {
    const value = field === 'domain' ? (u.userPrincipalName.split('@')[1] ?? null) : u[field];
    const v = value?.trim();
    if (v && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** The selection keeps only rows still shown, so no action reaches a row no one can see. */
export function narrowSelection(selected: ReadonlySet<string>, shown: readonly InventoryUser[]): Set<string> {
  if (selected.size === 0) return selected as Set<string>;
  const ids = new Set(shown.map((u) => u.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

/** Who an action reaches: the selection, or every row shown when nothing is selected (in the shown order). */
export function actionTargets(
  shown: readonly InventoryUser[],
  selected: ReadonlySet<string>,
): { users: InventoryUser[]; scope: string } {
  if (selected.size > 0) {
    const users = shown.filter((u) => selected.has(u.id));
    return { users, scope: `${fmt(users.length)} selected` };
  }
  return { users: [...shown], scope: shown.length === 1 ? 'the 1 shown' : `all ${fmt(shown.length)} shown` };
}

/** Whose photo a removal takes: everyone but those known to have none (a photo that could not be read may exist). */
export function removable(users: readonly InventoryUser[]): InventoryUser[] {
  return users.filter((u) => u.photoStatus !== 'none');
}

/** The photographer's list: no photo, or a low-resolution one. */
export function missingPhoto(users: readonly InventoryUser[]): InventoryUser[] {
  return users.filter((u) => u.photoStatus === 'none' || u.photoStatus === 'low-resolution');
}

/**
 * The load's progress for people, from the job's counts: `directory` (users read from the directory), `photos`
 * (photos read so far; done/total says the same against the users), `throttled` (requests Microsoft 365 throttled)
 * and `waiting` (non-zero while Headshot waits out a throttle).
 */
export function loadProgressText(p: JobProgress | null): string {
  if (!p) return 'Starting…';
  const c = p.counts;
  const photos = c.photos ?? (p.total !== null ? p.done : undefined);
  const parts: string[] = [];
  if (photos === undefined || p.total === null)
    parts.push(
      c.directory !== undefined
        ? `Reading the directory: ${usersText(c.directory)}`
        : 'Reading the directory…',
    );
  else parts.push(`Reading photos: ${fmt(photos)} of ${fmt(p.total)}`);
  if ((c.waiting ?? 0) > 0) parts.push('Microsoft 365 is throttling, waiting');
  else if ((c.throttled ?? 0) > 0)
    parts.push(`Microsoft 365 throttled ${fmt(c.throttled ?? 0)} requests; Headshot slows down and goes on`);
  return parts.join(' · ');
}

/** "Read at 10:04 on 2 Dec · 103 photos read from Microsoft 365, 2,900 from the cache". */
export function loadedText(input: {
  loadedAt: string;
  users: number;
  photosRead: number;
  throttled: number;
}): string {
  const at = new Date(input.loadedAt);
  // Today: the time is enough; another day: the date too.
  const when = Number.isNaN(at.getTime())
    ? input.loadedAt
    : at.toDateString() === new Date().toDateString()
      ? at.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })
      : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  const cached = Math.max(0, input.users - input.photosRead);
  const throttled =
    input.throttled > 0
      ? ` · Microsoft 365 throttled ${fmt(input.throttled)} requests; Headshot waited them out`
      : '';
  return `read ${when}: ${fmt(input.photosRead)} from Microsoft 365, ${fmt(cached)} from the cache${throttled}`;
}

/** "Exported 120, unchanged 3, no photo 14, failed 0". */
export function exportSummaryText(out: PhotoExportOutput): string {
  const s = out.summary;
  return `Exported ${fmt(s.exported)}, unchanged ${fmt(s.unchanged)}, no photo ${fmt(s.noPhoto)}, failed ${fmt(s.failed)}`;
}

/** The export's progress: "Exporting photos: 40 of 120". */
export function exportProgressText(p: JobProgress | null): string {
  if (!p) return 'Starting…';
  return p.total !== null
    ? `Exporting photos: ${fmt(p.done)} of ${fmt(p.total)}`
    : `Exporting photos: ${fmt(p.done)}`;
}

/** Words for a removal run's result counts ("118 removed"); a status not listed here is shown by its name. */
const REMOVAL_WORDS: Record<string, string> = {
  removed: 'removed',
  'no-photo': 'had no photo',
  failed: 'failed',
  skipped: 'skipped',
  unchanged: 'unchanged',
  'dry-run': 'checked in the test run',
  restored: 'restored',
};

export function removalCountsText(summary: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(summary)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${fmt(n ?? 0)} ${REMOVAL_WORDS[k] ?? k}`)
    .join(', ');
}

/** The removal's line: while it runs, "Removing photos: 40 of 120 done"; after, what happened. */
export function removalText(r: {
  dryRun: boolean;
  total: number;
  progress: { summary: Readonly<Record<string, number | undefined>> } | null;
  done: { state: string; summary: Readonly<Record<string, number | undefined>>; error: string | null } | null;
}): string {
  const what = r.dryRun ? 'Test run of the removal' : 'Removal';
  if (r.done) {
    const counts = removalCountsText(r.done.summary) || 'nothing done';
    const how =
      r.done.state === 'completed' ? 'finished' : r.done.state === 'cancelled' ? 'cancelled' : 'stopped';
    return `${what} ${how}: ${counts}.${r.done.error ? ` ${r.done.error}` : ''}`;
  }
  const finished = Object.values(r.progress?.summary ?? {}).reduce<number>((a, n) => a + (n ?? 0), 0);
  return `${r.dryRun ? 'Testing the removal' : 'Removing photos'}: ${fmt(finished)} of ${usersText(r.total)} done`;
}
