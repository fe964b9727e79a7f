/**
 * The report's rows: every row (virtualised, as Review's table), a filter by result, the one text search and
 * sortable columns. Pure helpers (`filterReportRows`, `sortReportRows`, `resultCounts`) are tested on their own.
 */
import { Badge, Button, SearchBox, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular, WarningRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { RunItemStatus } from '../../../shared/domain';
import { foldText, searchTerms } from '../../../shared/text-fold';
import type { RunReportRow } from '../../../shared/upload';
import { visibleText } from '../../../shared/visible-text';
import { warningLabel } from '../review/photo-warnings';

/** Each result as a label people read (a badge in a row, a filter tab). */
export const RESULT_LABEL: Record<RunItemStatus, string> = {
  uploaded: 'Uploaded',
  unchanged: 'Unchanged',
  failed: 'Failed',
  skipped: 'Skipped',
  excluded: 'Excluded',
  'dry-run': 'Test run',
  restored: 'Restored',
  removed: 'Removed',
  'no-photo': 'No photo',
  'would-remove': 'Would remove',
};

/** The same results counted in the summary: "3 uploaded", "2 checked in the test run". */
export const RESULT_COUNT_WORDS: Record<RunItemStatus, string> = {
  uploaded: 'uploaded',
  unchanged: 'unchanged',
  failed: 'failed',
  skipped: 'skipped',
  excluded: 'excluded',
  'dry-run': 'checked in the test run',
  restored: 'restored',
  removed: 'removed',
  'no-photo': 'had no photo',
  'would-remove': 'would lose their photo',
};

export const STATUS_COLOR: Record<
  RunItemStatus,
  'success' | 'informative' | 'danger' | 'subtle' | 'warning'
> = {
  uploaded: 'success',
  restored: 'success',
  unchanged: 'informative',
  'dry-run': 'informative',
  failed: 'danger',
  skipped: 'subtle',
  excluded: 'subtle',
  removed: 'success',
  'no-photo': 'subtle',
  'would-remove': 'informative',
};

/** Filter order: what needs a look first. */
const RESULT_ORDER: RunItemStatus[] = [
  'failed',
  'uploaded',
  'dry-run',
  'restored',
  'removed',
  'would-remove',
  'unchanged',
  'no-photo',
  'skipped',
  'excluded',
];

export type ReportFilter = 'all' | 'warnings' | RunItemStatus;
export type ReportSortKey = 'file' | 'user' | 'upn' | 'result' | 'details';
export interface ReportSort {
  key: ReportSortKey;
  descending: boolean;
}

function details(row: RunReportRow): string {
  return row.error?.message ?? row.note;
}

function searchText(row: RunReportRow): string {
  return foldText(
    [
      row.file,
      row.user?.displayName ?? '',
      row.user?.userPrincipalName ?? '',
      RESULT_LABEL[row.status],
      details(row),
      ...row.warnings.map((w) => `${warningLabel(w)} ${w.message}`),
    ].join(' '),
  );
}

/** Rows the search finds (every term, through the one text fold), before the result filter. */
export function searchReportRows(rows: readonly RunReportRow[], query: string): RunReportRow[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) => {
    const hay = searchText(row);
    return terms.every((t) => hay.includes(t));
  });
}

export function matchesFilter(row: RunReportRow, filter: ReportFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'warnings') return row.warnings.length > 0;
  return row.status === filter;
}

export function filterReportRows(
  rows: readonly RunReportRow[],
  filter: ReportFilter,
  query: string,
): RunReportRow[] {
  return searchReportRows(rows, query).filter((row) => matchesFilter(row, filter));
}

/** Counts per filter over the rows the search found, so a tab's number is what it shows. */
export function resultCounts(rows: readonly RunReportRow[]): Map<ReportFilter, number> {
  const counts = new Map<ReportFilter, number>([['all', rows.length]]);
  for (const row of rows) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    if (row.warnings.length > 0) counts.set('warnings', (counts.get('warnings') ?? 0) + 1);
  }
  return counts;
}

function sortValue(row: RunReportRow, key: ReportSortKey): string {
  switch (key) {
    case 'file':
      return row.file;
    case 'user':
      return row.user?.displayName ?? row.user?.userPrincipalName ?? '';
    case 'upn':
      return row.user?.userPrincipalName ?? '';
    case 'result':
      return String(RESULT_ORDER.indexOf(row.status)).padStart(2, '0');
    case 'details':
      return details(row);
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A stable sort (ties keep the report's order); empty values last either way. */
export function sortReportRows(rows: readonly RunReportRow[], sort: ReportSort | null): RunReportRow[] {
  if (!sort) return [...rows];
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, value: sortValue(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === '' && b.value !== '') return 1;
      if (b.value === '' && a.value !== '') return -1;
      return sign * collator.compare(a.value, b.value) || a.i - b.i;
    })
    .map((x) => x.row);
}

const ROW_HEIGHT = 52;
const COLUMNS = 'minmax(140px, 1.2fr) minmax(120px, 1fr) minmax(160px, 1.2fr) 110px minmax(200px, 2fr)';

const useStyles = makeStyles({
  tools: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  scroll: {
    height: '420px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    padding: `0 ${tokens.spacingHorizontalS}`,
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    minWidth: '780px',
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  // Clipped, not a scroller of its own: a scroll region in every row would be one more focus stop each (axe).
  details: { overflow: 'hidden', minWidth: 0, maxHeight: `${ROW_HEIGHT - 4}px` },
  warning: { display: 'block', color: tokens.colorStatusWarningForeground3 },
  sortButton: { justifyContent: 'flex-start', padding: 0, minWidth: 0, fontWeight: 'inherit' },
});

const HEADERS: { key: ReportSortKey; label: string }[] = [
  { key: 'file', label: 'File' },
  { key: 'user', label: 'User' },
  { key: 'upn', label: 'UPN' },
  { key: 'result', label: 'Result' },
  { key: 'details', label: 'Details' },
];

export interface ReportTableProps {
  rows: readonly RunReportRow[];
  /** Tests give the virtualiser a size (jsdom has no layout). */
  initialRect?: { width: number; height: number };
}

export function ReportTable({ rows, initialRect }: ReportTableProps) {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<ReportFilter>('all');
  const [sort, setSort] = useState<ReportSort | null>(null);
  const found = useMemo(() => searchReportRows(rows, query), [rows, query]);
  const counts = useMemo(() => resultCounts(found), [found]);
  const shown = useMemo(
    () =>
      sortReportRows(
        found.filter((row) => matchesFilter(row, filter)),
        sort,
      ),
    [found, filter, sort],
  );
  const present = RESULT_ORDER.filter((s) => rows.some((row) => row.status === s));
  const anyWarnings = rows.some((row) => row.warnings.length > 0);
  const tabs: ReportFilter[] = ['all', ...present, ...(anyWarnings ? (['warnings'] as const) : [])];
  const tabLabel = (f: ReportFilter) =>
    f === 'all' ? 'All' : f === 'warnings' ? 'With warnings' : RESULT_LABEL[f];

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing memoises the virtualiser's functions here
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect,
  });

  const toggleSort = (key: ReportSortKey) =>
    setSort((s) =>
      s?.key !== key ? { key, descending: false } : s.descending ? null : { key, descending: true },
    );

  return (
    <>
      <div className={styles.tools}>
        <TabList
          size="small"
          selectedValue={filter}
          onTabSelect={(_, d) => setFilter(d.value as ReportFilter)}
          aria-label="Show results"
        >
          {tabs.map((f) => (
            <Tab key={f} value={f}>
              {`${tabLabel(f)} (${counts.get(f) ?? 0})`}
            </Tab>
          ))}
        </TabList>
        <SearchBox
          placeholder="Search file, user, UPN or details"
          aria-label="Search the report"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
        />
      </div>
      <div
        ref={scrollRef}
        className={styles.scroll}
        tabIndex={0}
        role="table"
        aria-label="Results per user"
        aria-rowcount={shown.length + 1}
      >
        <div role="rowgroup" className={styles.header}>
          <div role="row" aria-rowindex={1} className={styles.row} style={{ height: 36 }}>
            {HEADERS.map((h) => {
              const active = sort?.key === h.key;
              return (
                <div
                  key={h.key}
                  role="columnheader"
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <Button
                    appearance="transparent"
                    size="small"
                    className={styles.sortButton}
                    onClick={() => toggleSort(h.key)}
                    icon={
                      active ? sort.descending ? <ArrowSortDownRegular /> : <ArrowSortUpRegular /> : undefined
                    }
                    iconPosition="after"
                  >
                    {h.label}
                  </Button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = shown[v.index];
            if (!row) return null;
            return (
              <div
                key={`${row.file}\n${row.user?.id ?? ''}`}
                role="row"
                aria-rowindex={v.index + 2}
                className={styles.row}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${v.start}px)`,
                }}
              >
                <div role="cell" className={styles.cell} title={visibleText(row.file)}>
                  {visibleText(row.file)}
                </div>
                <div role="cell" className={styles.cell}>
                  {row.user?.displayName ?? (row.user ? row.user.userPrincipalName : '-')}
                </div>
                <div role="cell" className={styles.cell} title={row.user?.userPrincipalName}>
                  {row.user?.userPrincipalName ?? '-'}
                </div>
                <div role="cell">
                  <Badge appearance="tint" color={STATUS_COLOR[row.status]}>
                    {RESULT_LABEL[row.status]}
                  </Badge>
                </div>
                <div
                  role="cell"
                  className={styles.details}
                  title={[details(row), ...row.warnings.map((w) => `${warningLabel(w)}: ${w.message}`)].join(
                    '\n',
                  )}
                >
                  <Text size={200}>{details(row)}</Text>
                  {row.warnings.map((w) => (
                    <Text key={w.code} as="p" size={200} className={styles.warning}>
                      <WarningRegular aria-hidden /> {warningLabel(w)}: {w.message}
                    </Text>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </div>
      {shown.length === 0 && (
        <Text>
          {rows.length === 0 ? 'This report has no rows.' : 'No results match the search or filter.'}
        </Text>
      )}
    </>
  );
}
