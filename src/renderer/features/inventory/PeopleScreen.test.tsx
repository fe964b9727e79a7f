import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../shared/ipc';
import { SIGNED_OUT } from '../../../shared/session';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { loadOutput } from '../../../../test/renderer/inventory-fixtures';
import { withFakeLayout } from '../../../../test/renderer/layout-size';
import { createInventoryStore, type InventoryStore } from '../../stores/inventory-store';
import { useRunStore } from '../../stores/run-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { PeopleScreen } from './PeopleScreen';

withFakeLayout();

let store: InventoryStore;
let api: ReturnType<typeof installFakeApi>;

beforeEach(() => {
  store = createInventoryStore();
  useSessionStore.setState({
    info: {
      ...SIGNED_OUT,
      signedIn: true,
      account: 'admin@contoso.com',
      tenantId: 'tid',
      tenantName: 'Contoso',
    },
  });
  useRunStore.setState({ report: null, error: null, notice: null });
  useShell.setState({ screen: 'people' });
});

function later() {
  let resolve!: (r: IpcResult<unknown>) => void;
  const promise = new Promise<IpcResult<unknown>>((r) => (resolve = r));
  return { promise, resolve };
}

function renderScreen(responders: Parameters<typeof installFakeApi>[0] = {}) {
  api = installFakeApi({ 'inventory:load': () => ok(loadOutput()), ...responders });
  render(
    <FluentProvider theme={webLightTheme}>
      <PeopleScreen store={store} tableInitialRect={{ width: 1000, height: 560 }} />
    </FluentProvider>,
  );
}

async function renderLoaded(responders: Parameters<typeof installFakeApi>[0] = {}) {
  renderScreen(responders);
  await userEvent.click(screen.getByRole('button', { name: 'Load the inventory' }));
  await screen.findByTestId('loaded-at');
}

/** The UPNs of the grid's rows, top to bottom. */
const shownUpns = () =>
  within(screen.getByRole('grid'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('gridcell')[3]!.textContent);

const calls = (channel: string) => api.calls.filter((c) => c.channel === channel).map((c) => c.input);

describe('People screen', () => {
  it('loads with progress in words, can cancel, then says when it was read and how much came from the cache', async () => {
    const answer = later();
    renderScreen({ 'inventory:load': () => answer.promise });
    expect(
      screen.getByText('Load the inventory to see every user of Contoso and their photo.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('switch', { name: 'Include guest accounts' }));
    await userEvent.click(screen.getByRole('button', { name: 'Load the inventory' }));
    const input = calls('inventory:load')[0] as { jobId: string };
    expect(input).toMatchObject({ refresh: 'auto', includeGuests: true, includeDisabled: false });
    act(() =>
      api.emit('job:progress', {
        jobId: input.jobId,
        channel: 'inventory:load',
        done: 1240,
        total: 3003,
        counts: { directory: 3003, photos: 1240, throttled: 4, waiting: 1 },
        message: null,
      }),
    );
    expect(screen.getByTestId('load-progress')).toHaveTextContent(
      'Reading photos: 1,240 of 3,003 · Microsoft 365 is throttling, waiting',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(calls('job:cancel')).toEqual([{ jobId: input.jobId }]);
    act(() => answer.resolve(ok(loadOutput(undefined, { photosRead: 3, throttled: 4 }))));
    const loaded = await screen.findByTestId('loaded-at');
    expect(loaded).toHaveTextContent('3 from Microsoft 365, 5 from the cache');
    expect(loaded).toHaveTextContent('Microsoft 365 throttled 4 requests; Headshot waited them out');
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeInTheDocument();
  });

  it('asks to sign in first, and forgets the inventory of another tenant', async () => {
    await renderLoaded();
    act(() => useSessionStore.setState({ info: { ...SIGNED_OUT } }));
    expect(screen.getByText(/Sign in first/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled();
    act(() =>
      useSessionStore.setState({
        info: {
          ...SIGNED_OUT,
          signedIn: true,
          account: 'a@fabrikam.com',
          tenantId: 'other',
          tenantName: 'Fabrikam',
        },
      }),
    );
    expect(
      await screen.findByText('Load the inventory to see every user of Fabrikam and their photo.'),
    ).toBeInTheDocument();
    expect(store.getState().result).toBeNull();
  });

  it('shows why a load failed, in words', async () => {
    renderScreen({
      'inventory:load': () => ({
        ok: false,
        error: { code: 'failed', message: 'Sign in to a tenant first.' },
      }),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Load the inventory' }));
    expect(await screen.findByText('Sign in to a tenant first.')).toBeInTheDocument();
  });

  it('shows photo state, size and the run that set it, in sortable columns', async () => {
    await renderLoaded();
    const grid = screen.getByRole('grid', { name: 'Users and their photos' });
    expect(grid).toHaveAttribute('aria-rowcount', '9');
    const ada = within(grid).getAllByRole('row')[1]!;
    expect(within(ada).getByText('Photo')).toBeInTheDocument();
    expect(within(ada).getByText('648 × 648')).toBeInTheDocument();
    expect(within(ada).getByText('Run run-7')).toBeInTheDocument();
    const dee = within(grid).getByRole('row', { name: /dee@contoso\.com/ });
    expect(within(dee).getByText('Could not be read')).toBeInTheDocument();
    expect(within(dee).getByText('Microsoft 365 did not answer in time.')).toBeInTheDocument();
    await userEvent.click(within(grid).getByRole('button', { name: 'UPN' }));
    expect(within(grid).getAllByRole('columnheader')[3]).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(within(grid).getByRole('button', { name: 'UPN' }));
    expect(shownUpns()[0]).toBe('hal@contoso.com');
  });

  it('filters from the tabs (the summary, with counts), the filters and the search, with counts that follow the search', async () => {
    await renderLoaded();
    expect(screen.getByText(/^8 users in /)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'No photo (3)' }));
    expect(shownUpns()).toEqual(['bob@contoso.com', 'eve@contoso.com', 'hal@contoso.com']);
    expect(screen.getByRole('tab', { name: 'No photo (3)' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.click(screen.getByRole('tab', { name: 'Could not be read (1)' }));
    expect(shownUpns()).toEqual(['dee@contoso.com']);

    await userEvent.click(screen.getByRole('tab', { name: 'All (8)' }));
    await userEvent.type(screen.getByRole('searchbox'), 'engineering');
    expect(screen.getByRole('tab', { name: 'All (3)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Needs a photo (2)' })).toBeInTheDocument();
    await userEvent.clear(screen.getByRole('searchbox'));

    await userEvent.click(screen.getByRole('button', { name: 'Filters' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Office' }));
    await userEvent.click(await screen.findByRole('option', { name: 'London' }));
    expect(shownUpns()).toEqual(['ada@contoso.com', 'cy@contoso.com']);
    await userEvent.click(screen.getByRole('combobox', { name: 'Domain' }));
    expect(await screen.findByRole('option', { name: 'fabrikam.com' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shownUpns()).toHaveLength(8);
  });

  it('scopes to a group by name and shows how many members, or the reason it was not found', async () => {
    await renderLoaded({
      'inventory:group': (input) =>
        (input as { group: string }).group === 'Sales EMEA'
          ? ok({ id: 'g1', displayName: 'Sales EMEA', memberIds: ['ada', 'bob'] })
          : { ok: false, error: { code: 'failed', message: 'No group is called "Salse".' } },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Filters' }));
    const name = screen.getByRole('textbox', { name: 'Member of the group' });
    await userEvent.type(name, 'Salse{Enter}');
    expect(await screen.findByText('No group is called "Salse".')).toBeInTheDocument();
    await userEvent.clear(name);
    await userEvent.type(name, 'Sales EMEA');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByText('2 members of Sales EMEA')).toBeInTheDocument();
    expect(shownUpns()).toEqual(['ada@contoso.com', 'bob@contoso.com']);
    expect(screen.getByRole('button', { name: 'Filters (1 on)' })).toBeInTheDocument();
  });

  it('is one Tab stop; Space selects the current row and the buttons say what they act on', async () => {
    await renderLoaded();
    expect(screen.getByRole('button', { name: 'Save list of all 8 shown…' })).toBeInTheDocument();
    const grid = screen.getByRole('grid');
    grid.focus();
    for (const box of within(grid).getAllByRole('checkbox')) expect(box).toHaveAttribute('tabindex', '-1');
    await userEvent.keyboard('{ArrowDown} ');
    expect(within(grid).getByRole('row', { name: /bob@contoso\.com/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByRole('button', { name: 'Save list of 1 selected…' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export photos of 1 selected…' })).toBeInTheDocument();
    // bob has no photo: nothing to remove.
    expect(screen.getByRole('button', { name: 'Remove photos of 1 selected…' })).toBeDisabled();
    await userEvent.keyboard('{Control>}a{/Control}');
    expect(screen.getByRole('button', { name: 'Save list of 8 selected…' })).toBeInTheDocument();
  });

  it('saves the list and the missing-photo list with the ids of the rows shown', async () => {
    await renderLoaded({
      'dialog:chooseFolder': () => ok({ path: '/reports' }),
      'inventory:saveList': () => ok({ path: '/reports/people.csv' }),
    });
    await userEvent.click(screen.getByRole('tab', { name: 'Low resolution (1)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save list of the 1 shown…' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'As JSON…' }));
    await waitFor(() => expect(calls('inventory:saveList')).toHaveLength(1));
    expect(calls('inventory:saveList')[0]).toEqual({
      folder: '/reports',
      format: 'json',
      list: 'filtered',
      userIds: ['cy'],
    });
    expect(await screen.findByText('Saved the list of 1 users to /reports/people.csv')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'All (8)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Missing-photo list (4)…' }));
    await waitFor(() => expect(calls('inventory:saveList')).toHaveLength(2));
    expect(calls('inventory:saveList')[1]).toMatchObject({
      list: 'missing',
      userIds: ['bob', 'cy', 'eve', 'hal'],
    });
  });

  it('exports the photos: names, size and folder, then the job with its summary', async () => {
    const answer = later();
    await renderLoaded({
      'dialog:chooseFolder': () => ok({ path: '/export' }),
      'photos:export': () => answer.promise,
    });
    await userEvent.click(screen.getByRole('tab', { name: 'With a photo (4)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export photos of all 4 shown…' }));
    expect(await screen.findByText('Export the photos of 4 users')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export 4 photos' })).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: 'Employee ID' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Size' }));
    await userEvent.click(await screen.findByRole('option', { name: '240 × 240' }));
    await userEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    expect(await screen.findByText('/export')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Export 4 photos' }));
    await waitFor(() => expect(calls('photos:export')).toHaveLength(1));
    const input = calls('photos:export')[0] as { jobId: string };
    expect(input).toEqual({
      jobId: expect.any(String) as unknown,
      folder: '/export',
      userIds: ['ada', 'cy', 'finn', 'gus'],
      naming: 'employeeId',
      size: 240,
    });
    act(() =>
      api.emit('job:progress', {
        jobId: input.jobId,
        channel: 'photos:export',
        done: 2,
        total: 4,
        counts: {},
        message: null,
      }),
    );
    expect(screen.getByText('Exporting photos: 2 of 4')).toBeInTheDocument();
    act(() =>
      answer.resolve(
        ok({
          folder: '/export',
          manifest: '/export/manifest.csv',
          summary: { exported: 3, unchanged: 1, noPhoto: 0, failed: 0 },
        }),
      ),
    );
    expect(await screen.findByTestId('export-summary')).toHaveTextContent(
      'Exported 3, unchanged 1, no photo 0, failed 0. The photos and the manifest are in /export.',
    );
  });

  it('asks before removing: how many users lose their photo, the tenant, the backup, a test run first', async () => {
    await renderLoaded({
      'photos:remove': () => ok({ runId: 'rm-1', total: 2 }),
      'run:report': () =>
        ok({
          report: {
            runId: 'rm-1',
            tenantId: 'tid',
            kind: 'upload',
            dryRun: false,
            state: 'completed',
            startedAt: '2026-12-02T10:00:00.000Z',
            finishedAt: null,
            results: [],
            summary: {},
          },
          hasCsv: false,
        }),
      'run:list': () => ok({ runs: [], live: [] }),
    });
    const grid = screen.getByRole('grid');
    await userEvent.click(within(grid).getByRole('checkbox', { name: 'Select Ada' }));
    await userEvent.click(within(grid).getByRole('checkbox', { name: 'Select Bob' }));
    await userEvent.click(within(grid).getByRole('checkbox', { name: 'Select Cy' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove photos of 3 selected…' }));
    // bob has no photo: two users lose theirs.
    expect(await screen.findByText('Remove the photos of 2 users in Contoso?')).toBeInTheDocument();
    expect(screen.getByTestId('remove-consequence')).toHaveTextContent('2 users lose their profile photo');
    expect(
      screen.getByText(/backs up each photo first, so the removal can be rolled back/),
    ).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /Test run first/ })).toBeChecked();
    await userEvent.click(screen.getByRole('switch', { name: /Test run first/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove 2 photos' }));
    await waitFor(() => expect(calls('photos:remove')).toEqual([{ userIds: ['ada', 'cy'], dryRun: false }]));
    expect(await screen.findByTestId('removal-status')).toHaveTextContent(
      'Removing photos: 0 of 2 users done',
    );
    act(() =>
      api.emit('run:done', {
        runId: 'rm-1',
        kind: 'remove',
        state: 'completed',
        summary: { removed: 2 },
        error: null,
      }),
    );
    expect(screen.getByTestId('removal-status')).toHaveTextContent('Removal finished: 2 removed.');
    // By text: in jsdom, Fluent's dialog motion can leave the page marked hidden for a while after the dialog
    // closed (see UploadScreen.test.tsx), which hides every role from the queries.
    await userEvent.click(await screen.findByText('Open the report'));
    await waitFor(() => expect(useShell.getState().screen).toBe('report'));
    expect(calls('run:report')).toEqual([{ runId: 'rm-1', kind: 'upload' }]);
  });
});
