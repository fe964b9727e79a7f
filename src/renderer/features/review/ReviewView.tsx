/**
 * The Review screen body: filters with counts, search, bulk actions on the selection, the virtualised table,
 * the side panel, and the Upload button that only enables when every row is Ready or excluded.
 *
 * Layout: the table fills the height and is the only thing that scrolls, so the Upload bar stays in view; below
 * 1280 px the side panel opens over the table as a drawer. Keyboard: Escape closes the side panel, and after a
 * decision there the focus goes to the next row of the table.
 */
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  SearchBox,
  Tab,
  TabList,
  Text,
  Toolbar,
  ToolbarButton,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowUploadRegular,
  CheckmarkRegular,
  CropRegular,
  PersonSquareRegular,
  EyeOffRegular,
  EyeRegular,
  DismissRegular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useStore } from 'zustand';
import type { CropStrategy, UserRef } from '../../../shared/domain';
import type { CropChoice, ReviewedPair } from '../../../shared/review';
import { useReviewStore, type ReviewStore } from '../../stores/review-store';
import { CROP_LABELS, ReviewDetails } from './ReviewDetails';
import { ReviewTable, type ReviewTableHandle } from './ReviewTable';
import {
  FILTERS,
  FILTER_LABELS,
  conflictRivals,
  countByFilter,
  deriveRows,
  filterRows,
  readiness,
  reviewedPairs,
  type ReviewFilter,
} from './review-model';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    // The rest of the screen's height (below its heading and banners): the table inside is what scrolls.
    flex: 1,
    minHeight: 0,
    gap: tokens.spacingVerticalS,
  },
  // The tabs wrap onto a second line in a small window rather than running off its edge.
  tabs: { flexWrap: 'wrap', flexShrink: 1, minWidth: 0, '& button': { whiteSpace: 'nowrap' } },
  // The search shares the toolbar's line, at its end, so the table keeps the height.
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  toolbar: { flexWrap: 'wrap', flex: 1, '& button': { whiteSpace: 'nowrap' } },
  search: { width: '220px', '@media (max-width: 1100px)': { width: '180px' } },
  main: { display: 'flex', flex: 1, minHeight: 0, position: 'relative' },
  table: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
  // Below 1280 px the side panel is a drawer over the table, so the table keeps its width.
  drawer: {
    '@media (max-width: 1279.98px)': {
      position: 'absolute',
      top: 0,
      right: 0,
      bottom: 0,
      zIndex: 2,
      backgroundColor: tokens.colorNeutralBackground1,
      boxShadow: tokens.shadow28,
    },
  },
  footer: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export interface ReviewViewProps {
  store?: ReviewStore;
  defaultCrop: CropChoice;
  search: (query: string) => Promise<UserRef[]>;
  /** Loads the user's current photo as a URL (null: they have none). */
  loadCurrentPhoto?: (user: UserRef) => Promise<string | null>;
  onUpload: (pairs: ReviewedPair[]) => void;
  /** For tests without layout. */
  tableInitialRect?: { width: number; height: number };
  /** The rows on screen whose previews are still being made. */
  onVisiblePending?: (ids: string[]) => void;
  /** Prepare mode: the way forward is "Export package", not an upload. */
  exportMode?: boolean;
}

export function ReviewView({
  store = useReviewStore,
  defaultCrop,
  search,
  loadCurrentPhoto,
  onUpload,
  tableInitialRect,
  onVisiblePending,
  exportMode = false,
}: ReviewViewProps) {
  const styles = useStyles();
  const s = useStore(store);
  const rows = useMemo(() => deriveRows(s.items, s.decisions), [s.items, s.decisions]);
  const shown = useMemo(() => filterRows(rows, s.filter, s.query), [rows, s.filter, s.query]);
  const counts = useMemo(() => countByFilter(rows, s.query), [rows, s.query]);
  const ready = useMemo(() => readiness(rows), [rows]);
  const active = s.activeId ? rows.find((r) => r.id === s.activeId) : undefined;
  const selection = [...s.selected];
  const tableRef = useRef<ReviewTableHandle>(null);
  // The row to focus once the table shows the rows after a decision (every decision re-renders the view).
  const focusTarget = useRef<{ id: string | null } | null>(null);
  const setFocusTarget = (target: { id: string | null }) => {
    focusTarget.current = target;
  };
  useEffect(() => {
    if (!focusTarget.current) return;
    tableRef.current?.focusRow(focusTarget.current.id);
    focusTarget.current = null;
  });

  /** A decision in the side panel: apply it, then the focus goes to the row after this one (the next to decide). */
  const decide = (apply: () => void) => {
    const at = active ? shown.findIndex((r) => r.id === active.id) : -1;
    const next = shown[at + 1] ?? null;
    apply();
    setFocusTarget({ id: next?.id ?? active?.id ?? null });
  };
  const closePanel = () => {
    const id = s.activeId;
    s.setActive(null);
    setFocusTarget({ id });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || !s.activeId || e.defaultPrevented) return;
    // An open list or menu takes its own Escape first.
    const target = e.target as HTMLElement;
    if (target.getAttribute('aria-expanded') === 'true' || target.closest('[role="menu"],[role="listbox"]'))
      return;
    e.preventDefault();
    closePanel();
  };

  const [photo, setPhoto] = useState<{ userId: string; url: string | null } | null>(null);
  const targetUser = active?.target ?? active?.shownUser ?? null;
  useEffect(() => {
    if (!targetUser || !loadCurrentPhoto) return;
    let live = true;
    loadCurrentPhoto(targetUser).then(
      (url) => live && setPhoto({ userId: targetUser.id, url }),
      () => live && setPhoto(null),
    );
    return () => {
      live = false;
    };
  }, [targetUser, loadCurrentPhoto]);
  const currentPhotoUrl = targetUser && photo?.userId === targetUser.id ? photo.url : undefined;

  const applyCrop = (strategy: Exclude<CropStrategy, 'rect'>) =>
    s.setCrop(selection.length > 0 ? selection : rows.map((r) => r.id), { strategy });

  const action = (tip: string, button: ReactElement) => (
    <Tooltip content={tip} relationship="description" withArrow>
      {button}
    </Tooltip>
  );

  return (
    <div className={styles.root} onKeyDown={onKeyDown}>
      <TabList
        selectedValue={s.filter}
        onTabSelect={(_, data) => s.setFilter(data.value as ReviewFilter)}
        aria-label="Filter rows"
        size="small"
        className={styles.tabs}
      >
        {FILTERS.map((f) => (
          <Tab key={f} value={f}>
            {`${FILTER_LABELS[f]} (${counts[f]})`}
          </Tab>
        ))}
      </TabList>
      <div className={styles.bar}>
        <Toolbar aria-label="Actions on selected rows" size="small" className={styles.toolbar}>
          <Text>{selection.length > 0 ? `${selection.length} selected` : 'No rows selected'}</Text>
          {action(
            'Give the selected rows the user the match suggested',
            <ToolbarButton
              icon={<CheckmarkRegular />}
              disabled={selection.length === 0}
              onClick={() => s.acceptSuggestions(selection)}
            >
              Accept
            </ToolbarButton>,
          )}
          {action(
            'Leave the selected photos out of the upload',
            <ToolbarButton
              icon={<EyeOffRegular />}
              disabled={selection.length === 0}
              onClick={() => s.exclude(selection)}
            >
              Exclude
            </ToolbarButton>,
          )}
          {action(
            'Put the selected photos back in the upload',
            <ToolbarButton
              icon={<EyeRegular />}
              disabled={selection.length === 0}
              onClick={() => s.include(selection)}
            >
              Include
            </ToolbarButton>,
          )}
          {action(
            selection.length > 0
              ? 'Crop the selected photos around the face Headshot found'
              : 'Crop every photo around the face Headshot found',
            <ToolbarButton icon={<PersonSquareRegular />} onClick={() => applyCrop('face')}>
              {selection.length > 0 ? 'Re-frame selected' : 'Re-frame all'}
            </ToolbarButton>,
          )}
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <ToolbarButton icon={<CropRegular />}>
                {selection.length > 0 ? 'Crop selected' : 'Crop all'}
              </ToolbarButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {(['face', 'attention', 'center', 'contain'] as const).map((c) => (
                  <MenuItem key={c} onClick={() => applyCrop(c)}>
                    {CROP_LABELS[c]}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
          {selection.length > 0 &&
            action(
              'Clear the selection',
              <ToolbarButton icon={<DismissRegular />} onClick={() => s.setSelected([])}>
                Clear
              </ToolbarButton>,
            )}
        </Toolbar>
        <SearchBox
          className={styles.search}
          aria-label="Search files and users"
          placeholder="Search files and users"
          value={s.query}
          onChange={(_, data) => s.setQuery(data.value)}
        />
      </div>
      <div className={styles.main}>
        <div className={styles.table}>
          <ReviewTable
            rows={shown}
            selected={s.selected}
            activeId={s.activeId}
            onToggle={s.toggleSelected}
            onSelectAll={(all) => s.setSelected(all ? shown.map((r) => r.id) : [])}
            onOpen={s.setActive}
            initialRect={tableInitialRect}
            handle={tableRef}
            {...(onVisiblePending ? { onVisiblePending } : {})}
          />
        </div>
        {active && (
          <ReviewDetails
            className={styles.drawer}
            row={active}
            rivals={conflictRivals(rows, active)}
            defaultCrop={defaultCrop}
            search={search}
            currentPhotoUrl={currentPhotoUrl}
            showCurrent={Boolean(loadCurrentPhoto)}
            onAssign={(u) => decide(() => s.assign([active.id], u))}
            onResolveConflict={(u) => decide(() => s.resolveConflict(active.id, u))}
            onExclude={() => decide(() => s.exclude([active.id]))}
            onInclude={() => {
              s.include([active.id]);
              setFocusTarget({ id: active.id });
            }}
            onReset={() => {
              s.reset([active.id]);
              setFocusTarget({ id: active.id });
            }}
            onCrop={(c) => s.setCrop([active.id], c)}
            onCropToMany={(c) => s.setCrop(selection.length > 0 ? selection : rows.map((r) => r.id), c)}
            selectionSize={selection.length}
            onClose={closePanel}
          />
        )}
      </div>
      <div className={styles.footer}>
        <Text role="status" aria-live="polite">
          {ready.blocking > 0
            ? `${ready.usersToChange} ready, ${ready.blocking} to decide.`
            : `${ready.usersToChange} ready. Excluded and skipped files are left alone.`}
        </Text>
        <Button
          appearance="primary"
          icon={<ArrowUploadRegular />}
          disabled={!ready.canUpload}
          onClick={() => onUpload(reviewedPairs(rows, defaultCrop))}
        >
          {exportMode
            ? ready.usersToChange > 0
              ? `Export package (${ready.usersToChange} ${ready.usersToChange === 1 ? 'photo' : 'photos'})`
              : 'Nothing to export'
            : ready.label}
        </Button>
      </div>
    </div>
  );
}
