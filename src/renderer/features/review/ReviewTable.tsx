/**
 * The review table: a virtualised ARIA grid (only the visible rows are in the DOM, so 10,000 rows scroll
 * smoothly). The grid is one Tab stop (its checkboxes are not): Up/Down/Home/End/PageUp/PageDown move the current
 * row (outlined), Space toggles its selection, Enter opens it in the side panel, Ctrl+A selects every shown row.
 * The rows come already derived and filtered (review-model.ts). Long file names are cut in the middle, with the
 * full name in a tooltip and for screen readers.
 */
import { Badge, Checkbox, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { WarningRegular } from '@fluentui/react-icons';
import { useEffect, useImperativeHandle, type KeyboardEvent, type Ref } from 'react';
import { visibleText } from '../../../shared/visible-text';
import { onGridKey, useVirtualGrid } from '../virtual-grid';
import { warningSummary } from './photo-warnings';
import { STATE_LABELS, middleEllipsis, type ReviewRow, type RowState } from './review-model';

export const ROW_HEIGHT = 56;

const useStyles = makeStyles({
  grid: {
    position: 'relative',
    overflowY: 'auto',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    outlineStyle: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground2,
    fontWeight: tokens.fontWeightSemibold,
    height: '36px',
  },
  row: {
    display: 'grid',
    // Fits the narrowest window (1024 px less the navigation): every column kept, File and Why give way first.
    gridTemplateColumns:
      '32px 44px minmax(120px,1.3fr) minmax(150px,1.5fr) minmax(84px,110px) minmax(116px,140px) minmax(120px,1.5fr)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    paddingInline: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    boxSizing: 'border-box',
  },
  body: { position: 'absolute', left: 0, right: 0 },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  /** The row open in the side panel. */
  openRow: { boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}` },
  /** The keyboard's current row: a 2 px outline in the focus colour (it contrasts in light and dark). */
  cursorRow: {
    outline: `2px solid ${tokens.colorStrokeFocus2}`,
    outlineOffset: '-2px',
    boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}`,
  },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
  cell: { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  statusStack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 },
  warning: { color: tokens.colorStatusWarningForeground2, maxWidth: '100%' },
  thumb: { width: '40px', height: '40px', objectFit: 'cover', borderRadius: tokens.borderRadiusCircular },
  thumbEmpty: {
    width: '40px',
    height: '40px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { padding: tokens.spacingVerticalXXL, textAlign: 'center' },
});

const BADGE: Record<RowState, 'success' | 'warning' | 'danger' | 'informative' | 'subtle'> = {
  ready: 'success',
  attention: 'warning',
  unmatched: 'warning',
  conflict: 'danger',
  skipped: 'subtle',
  excluded: 'informative',
  'outside-scope': 'subtle',
};

const METHOD_LABELS: Record<string, string> = {
  mapping: 'Mapping CSV',
  upn: 'UPN',
  mail: 'Mail',
  proxyAddress: 'Alias address',
  employeeId: 'Employee ID',
  alias: 'Alias',
  displayName: 'Display name',
};

export interface ReviewTableProps {
  rows: readonly ReviewRow[];
  selected: ReadonlySet<string>;
  activeId: string | null;
  onToggle: (id: string) => void;
  onSelectAll: (select: boolean) => void;
  onOpen: (id: string) => void;
  height?: number | string;
  /** Initial viewport size, for environments without layout (tests). */
  initialRect?: { width: number; height: number };
  /** The rows on screen whose previews are still being made (so main makes them next). */
  onVisiblePending?: (ids: string[]) => void;
  /** For the view: move the current row and the focus (e.g. to the next row after a decision). */
  handle?: Ref<ReviewTableHandle>;
}

export interface ReviewTableHandle {
  /** Makes this row current (when shown), scrolls to it and focuses the grid. */
  focusRow: (id: string | null) => void;
}

export function ReviewTable({
  rows,
  selected,
  activeId,
  onToggle,
  onSelectAll,
  onOpen,
  height = '100%',
  initialRect,
  onVisiblePending,
  handle,
}: ReviewTableProps) {
  const styles = useStyles();
  const { scrollRef, virtualizer, index, setCursor, pageRows } = useVirtualGrid(
    rows.length,
    ROW_HEIGHT,
    initialRect,
  );

  // The rows on screen go first in the preview queue.
  const visible = virtualizer.getVirtualItems();
  const visiblePending = visible
    .map((v) => rows[v.index])
    .filter((r): r is ReviewRow => !!r && r.item.previewPending === true)
    .map((r) => r.id)
    .join('\n');
  useEffect(() => {
    if (visiblePending) onVisiblePending?.(visiblePending.split('\n'));
  }, [visiblePending, onVisiblePending]);

  useImperativeHandle(
    handle,
    () => ({
      focusRow: (id) => {
        const at = id === null ? -1 : rows.findIndex((r) => r.id === id);
        if (at >= 0) setCursor(at);
        scrollRef.current?.focus();
      },
    }),
    [rows, scrollRef, setCursor],
  );

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = !allSelected && rows.some((r) => selected.has(r.id));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) =>
    onGridKey(e, {
      index,
      count: rows.length,
      pageRows: pageRows(),
      moveTo: setCursor,
      toggle: (i) => onToggle(rows[i]!.id),
      selectAll: () => onSelectAll(!allSelected),
      open: (i) => onOpen(rows[i]!.id),
    });

  const activeRowId = rows[index] ? `review-row-${index}` : undefined;

  return (
    <div
      ref={scrollRef}
      className={styles.grid}
      style={{ height }}
      role="grid"
      aria-label="Photos to review"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeRowId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="review-grid"
    >
      <div role="rowgroup" className={styles.header}>
        <div role="row" aria-rowindex={1} className={styles.row} style={{ height: 36 }}>
          <div role="columnheader">
            <Checkbox
              tabIndex={-1}
              aria-label={allSelected ? 'Clear selection' : 'Select all shown rows'}
              checked={allSelected ? true : someSelected ? 'mixed' : false}
              onChange={() => onSelectAll(!allSelected)}
            />
          </div>
          <div role="columnheader">
            <span className={styles.muted}>Photo</span>
          </div>
          <div role="columnheader">File</div>
          <div role="columnheader">User</div>
          <div role="columnheader">Method</div>
          <div role="columnheader">Status</div>
          <div role="columnheader">Why</div>
        </div>
      </div>
      {rows.length === 0 ? (
        <div className={styles.empty}>
          <Text>No rows match this filter.</Text>
        </div>
      ) : (
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index] as ReviewRow;
            const isSelected = selected.has(row.id);
            const u = row.shownUser;
            const issues = [row.item.error, ...row.item.warnings].filter((w) => w !== null);
            // A photo that cannot be used shows its error; the checks of a usable one go under its status and why.
            const photoWarnings = row.item.error ? [] : row.item.warnings;
            const warningText = photoWarnings.map((w) => w.message).join(' ');
            return (
              <div
                key={row.id}
                id={`review-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                data-row-id={row.id}
                className={mergeClasses(
                  styles.row,
                  styles.body,
                  isSelected && styles.selected,
                  row.id === activeId && styles.openRow,
                  v.index === index && styles.cursorRow,
                )}
                data-current={v.index === index || undefined}
                style={{ top: v.start, height: ROW_HEIGHT }}
                onClick={() => {
                  setCursor(v.index);
                  onOpen(row.id);
                }}
              >
                <div role="gridcell" onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    tabIndex={-1}
                    aria-label={`Select ${visibleText(row.item.file)}`}
                    checked={isSelected}
                    onChange={() => onToggle(row.id)}
                  />
                </div>
                <div role="gridcell">
                  {row.item.thumbnailUrl ? (
                    <img
                      className={styles.thumb}
                      src={row.item.thumbnailUrl}
                      alt=""
                      loading="lazy"
                      width={40}
                      height={40}
                    />
                  ) : (
                    <div className={styles.thumbEmpty} />
                  )}
                </div>
                <FileCell file={row.item.file} className={styles.cell} hiddenClass={styles.hidden} />
                <div role="gridcell" className={styles.stack}>
                  {u ? (
                    <>
                      <span className={styles.cell}>{u.displayName ?? u.userPrincipalName}</span>
                      <Text size={200} className={mergeClasses(styles.cell, styles.muted)}>
                        {u.userPrincipalName}
                      </Text>
                    </>
                  ) : row.item.candidates.length > 0 ? (
                    <span className={styles.muted}>{`${row.item.candidates.length} possible users`}</span>
                  ) : (
                    <span className={styles.muted}>No user</span>
                  )}
                </div>
                <div role="gridcell" className={styles.cell}>
                  {row.byHand
                    ? 'Chosen by you'
                    : row.item.method
                      ? (METHOD_LABELS[row.item.method] ?? row.item.method)
                      : '-'}
                </div>
                <div role="gridcell" className={styles.statusStack}>
                  <Badge appearance="tint" color={BADGE[row.state]}>
                    {STATE_LABELS[row.state]}
                  </Badge>
                  {photoWarnings.length > 0 && (
                    <Text size={200} className={mergeClasses(styles.cell, styles.warning)}>
                      {warningSummary(photoWarnings)}
                    </Text>
                  )}
                </div>
                <div role="gridcell" className={styles.stack}>
                  <span className={styles.cell} title={row.item.error?.message ?? row.item.reason}>
                    {issues.length > 0 && (
                      <Tooltip content={issues.map((i) => i.message).join(' ')} relationship="description">
                        <WarningRegular
                          aria-label={`${issues.length} warning${issues.length === 1 ? '' : 's'}`}
                        />
                      </Tooltip>
                    )}{' '}
                    {row.item.error?.message ?? row.item.reason}
                  </span>
                  {photoWarnings.length > 0 && (
                    <Text size={200} className={mergeClasses(styles.cell, styles.muted)} title={warningText}>
                      {warningText}
                    </Text>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** The file name, cut in the middle when long: the full name in the tooltip and for screen readers. */
function FileCell({
  file,
  className,
  hiddenClass,
}: {
  file: string;
  className: string;
  hiddenClass: string;
}) {
  const full = visibleText(file);
  const short = middleEllipsis(full);
  if (short === full)
    return (
      <div role="gridcell" className={className} title={full}>
        {full}
      </div>
    );
  return (
    <div role="gridcell" className={className} title={full}>
      <span aria-hidden="true">{short}</span>
      <span className={hiddenClass}>{full}</span>
    </div>
  );
}
