/**
 * The People table: a virtualised ARIA grid as Review's (only the visible rows are in the DOM, so 100,000 users
 * scroll smoothly; the grid is the screen's only scroller). One Tab stop: Up/Down/Home/End/PageUp/PageDown move the
 * current row, Space toggles its selection, Ctrl+A selects every shown row. Column headers sort (sortInventory).
 */
import { Badge, Button, Checkbox, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons';
import type { KeyboardEvent } from 'react';
import { formatPhotoDimensions } from '../../../shared/format-size';
import { onGridKey, useVirtualGrid } from '../virtual-grid';
import {
  PHOTO_STATUS_LABELS,
  type InventorySortKey,
  type InventoryUser,
  type PhotoStatus,
} from '../../../shared/inventory';
import type { InventorySort } from '../../stores/inventory-store';

export const ROW_HEIGHT = 48;

const useStyles = makeStyles({
  grid: {
    position: 'relative',
    flex: 1,
    minHeight: '120px',
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
  },
  row: {
    display: 'grid',
    // Fits the narrowest window (1024 px less the navigation): name, UPN and department give way first.
    gridTemplateColumns:
      '32px minmax(112px,140px) minmax(100px,1.2fr) minmax(130px,1.5fr) minmax(80px,1fr) minmax(70px,0.8fr) minmax(96px,130px)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    paddingInline: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    boxSizing: 'border-box',
  },
  body: { position: 'absolute', left: 0, right: 0 },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  cursorRow: {
    outline: `2px solid ${tokens.colorStrokeFocus2}`,
    outlineOffset: '-2px',
    boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}`,
  },
  cell: { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  sortButton: { justifyContent: 'flex-start', padding: 0, minWidth: 0, fontWeight: 'inherit' },
  empty: { padding: tokens.spacingVerticalXXL, textAlign: 'center' },
});

const BADGE: Record<PhotoStatus, 'success' | 'warning' | 'danger' | 'subtle'> = {
  present: 'success',
  'low-resolution': 'warning',
  none: 'subtle',
  unreadable: 'danger',
};

const COLUMNS: { label: string; sort?: InventorySortKey }[] = [
  { label: 'Photo', sort: 'photoStatus' },
  { label: 'Name', sort: 'displayName' },
  { label: 'UPN', sort: 'userPrincipalName' },
  { label: 'Department', sort: 'department' },
  { label: 'Office', sort: 'officeLocation' },
  { label: 'Set by Headshot' },
];

/** "648 × 648", or the reason a photo could not be read. */
function photoDetail(u: InventoryUser): string | null {
  if (u.photoStatus === 'unreadable') return u.photoError;
  return u.photo ? formatPhotoDimensions(`${u.photo.width}x${u.photo.height}`) : null;
}

const dateOf = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString();
};

export interface InventoryTableProps {
  rows: readonly InventoryUser[];
  selected: ReadonlySet<string>;
  sort: InventorySort | null;
  onToggle: (id: string) => void;
  onSelectAll: (select: boolean) => void;
  onSort: (key: InventorySortKey) => void;
  /** Why the list is empty (no inventory yet, or the filters leave nothing). */
  emptyText: string;
  /** Initial viewport size, for environments without layout (tests). */
  initialRect?: { width: number; height: number };
}

export function InventoryTable({
  rows,
  selected,
  sort,
  onToggle,
  onSelectAll,
  onSort,
  emptyText,
  initialRect,
}: InventoryTableProps) {
  const styles = useStyles();
  const { scrollRef, virtualizer, index, setCursor, pageRows } = useVirtualGrid(
    rows.length,
    ROW_HEIGHT,
    initialRect,
  );

  const allSelected =
    rows.length > 0 && selected.size >= rows.length && rows.every((r) => selected.has(r.id));
  const someSelected = !allSelected && selected.size > 0;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) =>
    onGridKey(e, {
      index,
      count: rows.length,
      pageRows: pageRows(),
      moveTo: setCursor,
      toggle: (i) => onToggle(rows[i]!.id),
      selectAll: () => onSelectAll(!allSelected),
    });

  return (
    <div
      ref={scrollRef}
      className={styles.grid}
      role="grid"
      aria-label="Users and their photos"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={rows[index] ? `people-row-${index}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="people-grid"
    >
      <div role="rowgroup" className={styles.header}>
        <div role="row" aria-rowindex={1} className={styles.row} style={{ height: 36 }}>
          <div role="columnheader">
            <Checkbox
              tabIndex={-1}
              aria-label={allSelected ? 'Clear selection' : 'Select all shown users'}
              checked={allSelected ? true : someSelected ? 'mixed' : false}
              onChange={() => onSelectAll(!allSelected)}
            />
          </div>
          {COLUMNS.map((c) => {
            const active = c.sort !== undefined && sort?.key === c.sort;
            return (
              <div
                key={c.label}
                role="columnheader"
                aria-sort={c.sort ? (active ? sort.direction : 'none') : undefined}
              >
                {c.sort ? (
                  <Button
                    appearance="transparent"
                    size="small"
                    tabIndex={-1}
                    className={styles.sortButton}
                    onClick={() => onSort(c.sort!)}
                    icon={
                      active ? (
                        sort.direction === 'descending' ? (
                          <ArrowSortDownRegular />
                        ) : (
                          <ArrowSortUpRegular />
                        )
                      ) : undefined
                    }
                    iconPosition="after"
                  >
                    {c.label}
                  </Button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 ? (
        <div className={styles.empty}>
          <Text>{emptyText}</Text>
        </div>
      ) : (
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const u = rows[v.index] as InventoryUser;
            const isSelected = selected.has(u.id);
            const detail = photoDetail(u);
            const name = u.displayName ?? u.userPrincipalName;
            return (
              <div
                key={u.id}
                id={`people-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                data-row-id={u.id}
                data-current={v.index === index || undefined}
                className={mergeClasses(
                  styles.row,
                  styles.body,
                  isSelected && styles.selected,
                  v.index === index && styles.cursorRow,
                )}
                style={{ top: v.start, height: ROW_HEIGHT }}
                onClick={() => {
                  setCursor(v.index);
                  onToggle(u.id);
                }}
              >
                <div role="gridcell" onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    tabIndex={-1}
                    aria-label={`Select ${name}`}
                    checked={isSelected}
                    onChange={() => onToggle(u.id)}
                  />
                </div>
                <div role="gridcell" className={styles.stack}>
                  <Badge appearance="tint" color={BADGE[u.photoStatus]}>
                    {PHOTO_STATUS_LABELS[u.photoStatus]}
                  </Badge>
                  {detail && (
                    <Text size={200} className={mergeClasses(styles.cell, styles.muted)} title={detail}>
                      {detail}
                    </Text>
                  )}
                </div>
                <div role="gridcell" className={styles.cell} title={name}>
                  {name}
                </div>
                <div role="gridcell" className={styles.cell} title={u.userPrincipalName}>
                  {u.userPrincipalName}
                </div>
                <div role="gridcell" className={styles.cell} title={u.department ?? undefined}>
                  {u.department ?? '-'}
                </div>
                <div role="gridcell" className={styles.cell} title={u.officeLocation ?? undefined}>
                  {u.officeLocation ?? '-'}
                </div>
                <div role="gridcell" className={styles.stack}>
                  {u.headshotRun ? (
                    <>
                      <span className={styles.cell}>{dateOf(u.headshotRun.at)}</span>
                      <Text
                        size={200}
                        className={mergeClasses(styles.cell, styles.muted)}
                        title={`Run ${u.headshotRun.runId}`}
                      >
                        {`Run ${u.headshotRun.runId}`}
                      </Text>
                    </>
                  ) : (
                    <span className={styles.muted}>-</span>
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
