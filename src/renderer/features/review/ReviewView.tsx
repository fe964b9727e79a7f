/**
 * The Review screen body: filters with counts, search, bulk actions on the selection, the virtualised table,
 * the side panel, and the Upload button that only enables when every row is Ready or excluded.
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
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowUploadRegular,
  CheckmarkRegular,
  CropRegular,
  EyeOffRegular,
  EyeRegular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { CropStrategy, UserRef } from '../../../shared/domain';
import type { CropChoice, ReviewedPair } from '../../../shared/review';
import { useReviewStore, type ReviewStore } from '../../stores/review-store';
import { CROP_LABELS, ReviewDetails } from './ReviewDetails';
import { ReviewTable } from './ReviewTable';
import {
  FILTERS,
  FILTER_LABELS,
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
    height: '100%',
    minHeight: 0,
    gap: tokens.spacingVerticalS,
  },
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  main: { display: 'flex', flex: 1, minHeight: 0 },
  table: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
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
}

export function ReviewView({
  store = useReviewStore,
  defaultCrop,
  search,
  loadCurrentPhoto,
  onUpload,
  tableInitialRect,
  onVisiblePending,
}: ReviewViewProps) {
  const styles = useStyles();
  const s = useStore(store);
  const rows = useMemo(() => deriveRows(s.items, s.decisions), [s.items, s.decisions]);
  const shown = useMemo(() => filterRows(rows, s.filter, s.query), [rows, s.filter, s.query]);
  const counts = useMemo(() => countByFilter(rows), [rows]);
  const ready = useMemo(() => readiness(rows), [rows]);
  const active = s.activeId ? rows.find((r) => r.id === s.activeId) : undefined;
  const selection = [...s.selected];

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

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <TabList
          selectedValue={s.filter}
          onTabSelect={(_, data) => s.setFilter(data.value as ReviewFilter)}
          aria-label="Filter rows"
          size="small"
        >
          {FILTERS.map((f) => (
            <Tab key={f} value={f}>
              {`${FILTER_LABELS[f]} (${counts[f]})`}
            </Tab>
          ))}
        </TabList>
        <SearchBox
          aria-label="Search files and users"
          placeholder="Search files and users"
          value={s.query}
          onChange={(_, data) => s.setQuery(data.value)}
        />
      </div>
      <Toolbar aria-label="Actions on selected rows" size="small">
        <Text>{selection.length > 0 ? `${selection.length} selected` : 'No rows selected'}</Text>
        <ToolbarButton
          icon={<CheckmarkRegular />}
          disabled={selection.length === 0}
          onClick={() => s.acceptSuggestions(selection)}
        >
          Accept suggestions
        </ToolbarButton>
        <ToolbarButton
          icon={<EyeOffRegular />}
          disabled={selection.length === 0}
          onClick={() => s.exclude(selection)}
        >
          Exclude
        </ToolbarButton>
        <ToolbarButton
          icon={<EyeRegular />}
          disabled={selection.length === 0}
          onClick={() => s.include(selection)}
        >
          Include
        </ToolbarButton>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <ToolbarButton icon={<CropRegular />}>
              {selection.length > 0 ? 'Crop selected' : 'Crop all'}
            </ToolbarButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {(['attention', 'center', 'contain'] as const).map((c) => (
                <MenuItem key={c} onClick={() => applyCrop(c)}>
                  {CROP_LABELS[c]}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
        <ToolbarButton disabled={selection.length === 0} onClick={() => s.setSelected([])}>
          Clear selection
        </ToolbarButton>
      </Toolbar>
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
            {...(onVisiblePending ? { onVisiblePending } : {})}
          />
        </div>
        {active && (
          <ReviewDetails
            row={active}
            defaultCrop={defaultCrop}
            search={search}
            currentPhotoUrl={currentPhotoUrl}
            onAssign={(u) => s.assign([active.id], u)}
            onResolveConflict={(u) => s.resolveConflict(active.id, u)}
            onExclude={() => s.exclude([active.id])}
            onInclude={() => s.include([active.id])}
            onReset={() => s.reset([active.id])}
            onCrop={(c) => s.setCrop([active.id], c)}
            onCropToMany={(c) => s.setCrop(selection.length > 0 ? selection : rows.map((r) => r.id), c)}
            selectionSize={selection.length}
            onClose={() => s.setActive(null)}
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
          {ready.label}
        </Button>
      </div>
    </div>
  );
}
