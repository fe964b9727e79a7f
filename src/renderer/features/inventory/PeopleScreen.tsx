/**
 * The People screen: every user of the tenant with the state of their profile photo. Load (a job, with progress
 * and cancel; guests and disabled accounts behind switches), the summary (each number a button that shows those
 * users), the photo tabs with counts that follow the search, filters, sort, the virtualised table, and the actions
 * on the selection or on every row shown: save the list, the missing-photo list, export photos, remove photos.
 *
 * Layout as Review: the table fills the height and is the only scroller; the actions bar stays in view at 1024 x 700.
 */
import {
  Button,
  Menu,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  SearchBox,
  Switch,
  Tab,
  TabList,
  Text,
  ToggleButton,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  ArrowDownloadRegular,
  ArrowSortRegular,
  DeleteRegular,
  DismissRegular,
  DocumentTextRegular,
  FilterRegular,
  HistoryRegular,
  PersonAvailableRegular,
  SaveRegular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { INVENTORY_SORT_KEYS, type InventorySortKey } from '../../../shared/inventory';
import { tenantLabel } from '../../../shared/session';
import { useInventoryStore, shownOf, type InventoryStore } from '../../stores/inventory-store';
import { useRunStore } from '../../stores/run-store';
import { useSessionStore } from '../../stores/session-store';
import { useSettingsStore } from '../../stores/settings-store';
import { useShell } from '../../store';
import { ScreenPage } from '../screen-page';
import { usersText } from '../upload/run-outcome';
import { InventoryFilters } from './InventoryFilters';
import { InventoryTable } from './InventoryTable';
import {
  PHOTO_VIEWS,
  PHOTO_VIEW_LABELS,
  actionTargets,
  exportProgressText,
  exportSummaryText,
  loadProgressText,
  loadedText,
  missingPhoto,
  removable,
  removalText,
  viewCounts,
  type PhotoView,
} from './inventory-model';
import { ExportDialog, RemoveDialog } from './PhotoDialogs';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    flexShrink: 0,
  },
  progress: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    flex: 1,
    minWidth: '240px',
  },
  tabs: { flexWrap: 'wrap', flexShrink: 1, minWidth: 0, '& button': { whiteSpace: 'nowrap' } },
  search: { width: '220px', marginInlineStart: 'auto', '@media (max-width: 1100px)': { width: '180px' } },
  toolbar: { flexWrap: 'wrap', '& button': { whiteSpace: 'nowrap' } },
});

const SORT_LABELS: Record<InventorySortKey, string> = {
  displayName: 'Name',
  userPrincipalName: 'UPN',
  department: 'Department',
  officeLocation: 'Office',
  photoStatus: 'Photo status',
  photoSize: 'Photo size',
};

const fmt = (n: number) => n.toLocaleString('en-US');

export function PeopleScreen({
  store = useInventoryStore,
  tableInitialRect,
}: {
  store?: InventoryStore;
  /** For tests without layout. */
  tableInitialRect?: { width: number; height: number };
}) {
  const styles = useStyles();
  const s = useStore(store);
  const session = useSessionStore((x) => x.info);
  const settings = useSettingsStore((x) => x.settings);
  const setScreen = useShell((x) => x.setScreen);
  const openReport = useRunStore((x) => x.openReport);
  const tenant = tenantLabel(session);
  const includeGuests = s.includeGuests ?? settings.includeGuests;
  const includeDisabled = s.includeDisabled ?? settings.includeDisabled;
  const [filtersOpen, setFiltersOpen] = useState(false);
  // An inventory of another tenant (signed in elsewhere since) is not this tenant's: forget it.
  const otherTenant =
    s.result !== null && session.tenantId !== null && s.result.document.tenantId !== session.tenantId;
  useEffect(() => {
    if (otherTenant) store.getState().reset();
  }, [otherTenant, store]);
  const [dialog, setDialog] = useState<'export' | 'remove' | null>(null);

  const users = s.result?.document.users;
  const shown = useMemo(
    () => shownOf(s),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- exactly the state shownOf reads
    [s.result, s.view, s.filters, s.query, s.group, s.sort],
  );
  const counts = useMemo(
    () => viewCounts({ users: users ?? [], filters: s.filters, query: s.query, members: s.group?.members }),
    [users, s.filters, s.query, s.group],
  );
  const targets = actionTargets(shown, s.selected);
  const toRemove = removable(targets.users).length;
  const missing = missingPhoto(targets.users).length;
  const filterCount = Object.keys(s.filters).length + (s.group ? 1 : 0);
  const loading = s.loading !== null;
  const removalLive = s.removal !== null && s.removal.done === null;
  const canAct = users !== undefined && targets.users.length > 0 && !s.busy && !loading;

  const load = (refresh: 'auto' | 'photos') => void s.load({ includeGuests, includeDisabled, refresh });

  const actions = (
    <>
      {s.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>That did not work.</MessageBarTitle>
            {s.error}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.notice && (
        <MessageBar intent="success">
          <MessageBarBody>{s.notice}</MessageBarBody>
        </MessageBar>
      )}
      {s.exporting && (
        <div className={styles.row}>
          <div className={styles.progress}>
            <Text>{exportProgressText(s.exporting.progress)}</Text>
            <ProgressBar
              aria-label="Export progress"
              value={
                s.exporting.progress?.total
                  ? s.exporting.progress.done / s.exporting.progress.total
                  : undefined
              }
            />
          </div>
          <Button icon={<DismissRegular />} onClick={() => void s.cancelExport()}>
            Cancel export
          </Button>
        </div>
      )}
      {s.exported && (
        <MessageBar intent={s.exported.summary.failed > 0 ? 'warning' : 'success'}>
          <MessageBarBody data-testid="export-summary">
            {`${exportSummaryText(s.exported)}. The photos and the manifest are in ${s.exported.folder}.`}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.removal && (
        <div className={styles.row}>
          <Text role="status" data-testid="removal-status" data-focus-return tabIndex={-1}>
            {removalText(s.removal)}
          </Text>
          {s.removal.done && (
            <>
              <Button
                icon={<DocumentTextRegular />}
                onClick={() => void openReport(s.removal!.runId).then((ok) => ok && setScreen('report'))}
              >
                Open the report
              </Button>
              <Button icon={<HistoryRegular />} onClick={() => setScreen('history')}>
                History
              </Button>
              {!s.removal.dryRun && (
                <Button icon={<ArrowClockwiseRegular />} disabled={loading} onClick={() => load('auto')}>
                  Refresh the list
                </Button>
              )}
            </>
          )}
        </div>
      )}
      <div className={styles.row}>
        {users === undefined ? (
          <Text>Load the inventory to act on its users.</Text>
        ) : s.selected.size > 0 ? (
          <>
            <Text>{`${fmt(s.selected.size)} selected`}</Text>
            <Button
              size="small"
              appearance="subtle"
              icon={<DismissRegular />}
              onClick={() => s.setSelected([])}
            >
              Clear selection
            </Button>
          </>
        ) : (
          <Text>{`Acting on ${targets.scope}`}</Text>
        )}
        <Toolbar aria-label="Actions on the users" className={styles.toolbar}>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <ToolbarButton
                icon={<SaveRegular />}
                disabled={!canAct}
                aria-label={`Save list of ${targets.scope}…`}
              >
                Save list…
              </ToolbarButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem onClick={() => void s.saveList('csv', 'filtered')}>As CSV (Excel)…</MenuItem>
                <MenuItem onClick={() => void s.saveList('json', 'filtered')}>As JSON…</MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
          <ToolbarButton
            icon={<PersonAvailableRegular />}
            disabled={!canAct}
            title={`The ${fmt(missing)} of them without a photo or with a low-resolution one, with their managers`}
            onClick={() => void s.saveList('csv', 'missing')}
          >
            {`Missing-photo list (${fmt(missing)})…`}
          </ToolbarButton>
          <ToolbarButton
            icon={<ArrowDownloadRegular />}
            disabled={!canAct || s.exporting !== null}
            onClick={() => setDialog('export')}
            aria-label={`Export photos of ${targets.scope}…`}
          >
            Export photos…
          </ToolbarButton>
          <ToolbarButton
            icon={<DeleteRegular />}
            disabled={!canAct || removalLive || toRemove === 0}
            onClick={() => setDialog('remove')}
            aria-label={`Remove photos of ${targets.scope}…`}
          >
            Remove photos…
          </ToolbarButton>
        </Toolbar>
      </div>
    </>
  );

  // Before the first read they sit beside Load; afterwards in the Filters panel (they apply on Refresh).
  const includeSwitches = (
    <>
      <Switch
        checked={includeGuests}
        disabled={loading}
        onChange={(_, d) => s.setInclude({ includeGuests: d.checked })}
        label="Include guest accounts"
      />
      <Switch
        checked={includeDisabled}
        disabled={loading}
        onChange={(_, d) => s.setInclude({ includeDisabled: d.checked })}
        label="Include disabled accounts"
      />
    </>
  );

  return (
    <ScreenPage
      title="People"
      fill
      subtitle={
        <>
          {users ? `${usersText(users.length)} in ${tenant}` : tenant}
          {s.result && !s.loading && (
            <span data-testid="loaded-at">
              {' · '}
              {loadedText({
                loadedAt: s.result.loadedAt,
                users: s.result.document.users.length,
                photosRead: s.result.photosRead,
                throttled: s.result.throttled,
              })}
            </span>
          )}
        </>
      }
      actions={actions}
    >
      {!session.signedIn && (
        <MessageBar intent="info">
          <MessageBarBody>
            Sign in first: the inventory is read from your tenant.{' '}
            <Button size="small" onClick={() => setScreen('signin')}>
              Go to Sign in
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button
          appearance={users ? 'secondary' : 'primary'}
          icon={<ArrowClockwiseRegular />}
          disabled={loading || !session.signedIn}
          onClick={() => load('auto')}
        >
          {users ? 'Refresh' : 'Load the inventory'}
        </Button>
        {users ? (
          <Button disabled={loading} onClick={() => load('photos')}>
            Re-read every photo
          </Button>
        ) : (
          includeSwitches
        )}
        {s.loading ? (
          <div className={styles.row} style={{ flex: 1 }}>
            <div className={styles.progress}>
              <Text aria-live="polite" data-testid="load-progress">
                {loadProgressText(s.loading.progress)}
              </Text>
              <ProgressBar
                aria-label="Inventory progress"
                value={
                  s.loading.progress?.total ? s.loading.progress.done / s.loading.progress.total : undefined
                }
              />
            </div>
            <Button icon={<DismissRegular />} onClick={() => void s.cancelLoad()}>
              Cancel
            </Button>
          </div>
        ) : null}
        <ToggleButton
          size="small"
          icon={<FilterRegular />}
          checked={filtersOpen}
          onClick={() => setFiltersOpen((o) => !o)}
        >
          {filterCount > 0 ? `Filters (${filterCount} on)` : 'Filters'}
        </ToggleButton>
        <Menu
          checkedValues={{ sort: [s.sort ? `${s.sort.key}:${s.sort.direction}` : 'none'] }}
          onCheckedValueChange={(_, d) => {
            const [key, direction] = (d.checkedItems[0] ?? 'none').split(':') as [
              InventorySortKey | 'none',
              string,
            ];
            if (key === 'none') store.setState({ sort: null });
            else
              store.setState({
                sort: { key, direction: direction === 'descending' ? 'descending' : 'ascending' },
              });
          }}
        >
          <MenuTrigger disableButtonEnhancement>
            <Button size="small" icon={<ArrowSortRegular />}>
              {s.sort
                ? `Sort: ${SORT_LABELS[s.sort.key]}${s.sort.direction === 'descending' ? ' (Z to A)' : ''}`
                : 'Sort'}
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItemRadio name="sort" value="none">
                Directory order
              </MenuItemRadio>
              {INVENTORY_SORT_KEYS.flatMap((k) => [
                <MenuItemRadio key={`${k}:a`} name="sort" value={`${k}:ascending`}>
                  {`${SORT_LABELS[k]}, ascending`}
                </MenuItemRadio>,
                <MenuItemRadio key={`${k}:d`} name="sort" value={`${k}:descending`}>
                  {`${SORT_LABELS[k]}, descending`}
                </MenuItemRadio>,
              ])}
            </MenuList>
          </MenuPopover>
        </Menu>
        <SearchBox
          size="small"
          className={styles.search}
          aria-label="Search name, UPN, mail, employee ID, department or office"
          placeholder="Search people"
          value={s.query}
          onChange={(_, d) => s.setQuery(d.value)}
        />
      </div>
      <div className={styles.row}>
        <TabList
          selectedValue={s.view}
          onTabSelect={(_, d) => s.setView(d.value as PhotoView)}
          aria-label="Photo status"
          size="small"
          className={styles.tabs}
        >
          {PHOTO_VIEWS.map((v) => (
            <Tab key={v} value={v}>
              {`${PHOTO_VIEW_LABELS[v]} (${fmt(counts[v])})`}
            </Tab>
          ))}
        </TabList>
      </div>
      {filtersOpen && (
        <>
          {users && (
            <div className={styles.row} role="group" aria-label="Who the inventory reads (Refresh to apply)">
              {includeSwitches}
            </div>
          )}
          <InventoryFilters store={store} />
        </>
      )}
      <InventoryTable
        rows={shown}
        selected={s.selected}
        sort={s.sort}
        onToggle={s.toggleSelected}
        onSelectAll={(all) => s.setSelected(all ? shown.map((u) => u.id) : [])}
        onSort={s.toggleSort}
        emptyText={
          users === undefined
            ? loading
              ? 'Reading the directory and the photos…'
              : `Load the inventory to see every user of ${tenant} and their photo.`
            : 'No users match these filters.'
        }
        initialRect={tableInitialRect}
      />
      {users && (
        <ExportDialog
          open={dialog === 'export'}
          users={targets.users.length}
          chooseFolder={() => s.chooseFolder('Export the photos to…')}
          onClose={() => setDialog(null)}
          onExport={(choice) => {
            setDialog(null);
            void s.startExport(choice);
          }}
        />
      )}
      {users && (
        <RemoveDialog
          open={dialog === 'remove'}
          users={toRemove}
          tenant={tenant}
          onClose={() => setDialog(null)}
          onRemove={(dryRun) => {
            setDialog(null);
            void s.startRemoval(dryRun);
          }}
        />
      )}
    </ScreenPage>
  );
}
