import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunListEntry, RunReport } from '../../shared/upload';
import { SIGNED_OUT } from '../../shared/session';
import { installFakeApi, ok } from '../../../test/renderer/fake-api';
import { usePendingRun } from '../stores/pending-run';
import { useRunStore } from '../stores/run-store';
import { useSessionStore } from '../stores/session-store';
import { useImportStore } from '../stores/import-store';
import { useShell } from '../store';
import { HistoryScreen, ResumeOffer } from './history/HistoryScreen';
import { ReportScreen } from './report/ReportScreen';
import { UploadScreen } from './upload/UploadScreen';
import { user } from '../../../test/renderer/review-fixtures';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

const entry = (
  runId: string,
  state: RunListEntry['state'],
  restore: RunListEntry['restore'] = 'none',
): RunListEntry => ({
  runId,
  tenantId: 't',
  state,
  dryRun: false,
  createdAt: `2026-11-2${runId.length}T10:00:00.000Z`,
  total: 3,
  summary: { uploaded: 3 },
  restore,
  runDir: `/state/runs/${runId}`,
});

const report: RunReport = {
  runId: 'r1',
  tenantId: 't',
  kind: 'upload',
  dryRun: false,
  state: 'completed',
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: '2026-11-26T10:01:00.000Z',
  results: [],
  summary: { uploaded: 2, failed: 1 },
};

beforeEach(() => {
  useRunStore.setState({
    history: [],
    live: [],
    report: null,
    runId: null,
    progress: null,
    done: null,
    failures: [],
    error: null,
    notice: null,
    restoring: null,
    dryRun: true,
  });
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 't' },
  });
  useShell.setState({ screen: 'history' });
});

describe('History', () => {
  it('lists runs, offers resume only for interrupted or cancelled ones, and opens reports', async () => {
    const api = installFakeApi({
      'run:list': () =>
        ok({ runs: [entry('r1', 'completed', 'completed'), entry('r22', 'interrupted')], live: [] }),
      'run:report': () => ok({ report, hasCsv: true }),
    });
    wrap(<HistoryScreen />);
    const table = await screen.findByRole('table', { name: 'Past runs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).queryByRole('button', { name: 'Resume' })).toBeNull();
    expect(within(rows[0]!).getByText('Rolled back: the previous photos are back.')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('button', { name: 'Resume' })).toBeEnabled();
    await userEvent.click(within(rows[0]!).getByRole('button', { name: /^Report of the run/ }));
    expect(api.calls.filter((c) => c.channel === 'run:report').at(-1)).toEqual({
      channel: 'run:report',
      input: { runId: 'r1', kind: 'upload' },
    });
    expect(useShell.getState().screen).toBe('report');
  });

  it('offers an interrupted run for resume once signed in', async () => {
    installFakeApi({ 'run:resume': () => ok({ runId: 'r22', total: 3 }) });
    useRunStore.setState({ history: [entry('r22', 'interrupted')] });
    wrap(<ResumeOffer />);
    await userEvent.click(screen.getByRole('button', { name: 'Resume it' }));
    expect(useRunStore.getState().runId).toBe('r22');
    expect(useShell.getState().screen).toBe('upload');
  });
});

describe('Report', () => {
  const showUploadReport = () => {
    const api = installFakeApi({
      'run:restore': () => ok({ runId: 'r1', summary: { restored: 2 }, state: 'completed' }),
      'run:report': () =>
        ok({ report: { ...report, kind: 'restore', summary: { restored: 2 } }, hasCsv: true }),
      'run:list': () => ok({ runs: [], live: [] }),
    });
    useRunStore.setState({ report: { runId: 'r1', kind: 'upload', report, hasCsv: true } });
    wrap(<ReportScreen />);
    expect(screen.getByTestId('report-summary')).toHaveTextContent('2 uploaded');
    return api;
  };

  // Two tests rather than one that reopens the dialog: in jsdom, Fluent's dialog motion makes a reopen right
  // after a close flaky; each path starts from a fresh render instead.
  it('does not roll back when the confirmation is declined', async () => {
    const api = showUploadReport();
    await userEvent.click(screen.getByRole('button', { name: 'Roll back this run' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep the new photos' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls.some((c) => c.channel === 'run:restore')).toBe(false);
  });

  it('rolls back once confirmed and shows the roll back report', async () => {
    const api = showUploadReport();
    await userEvent.click(screen.getByRole('button', { name: 'Roll back this run' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Roll back' }),
    );
    expect(await screen.findByText('Rolled back: 2 photos put back.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.channel === 'run:restore')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Roll back report' })).toBeInTheDocument();
    expect(screen.getByText(/can take several hours/)).toBeInTheDocument();
  });

  it('offers no roll back for a dry run', () => {
    installFakeApi({});
    useRunStore.setState({
      report: {
        runId: 'r1',
        kind: 'upload',
        report: { ...report, dryRun: true, summary: { 'dry-run': 3 } },
        hasCsv: true,
      },
    });
    wrap(<ReportScreen />);
    expect(screen.getByRole('heading', { name: 'Test run report' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Roll back this run' })).toBeNull();
  });
});

describe('Upload', () => {
  it('starts a test run by default, then a real one when switched and confirmed', async () => {
    const api = installFakeApi({ 'run:start': () => ok({ runId: 'r9', total: 1 }) });
    useImportStore.setState({ result: { importId: 'imp', folder: '/p', summary: {}, mappingErrors: [] } });
    usePendingRun.setState({
      pairs: [{ file: 'a.jpg', user: user('a'), method: 'upn', crop: { strategy: 'attention' } }],
    });
    wrap(<UploadScreen />);
    const toggle = screen.getByRole('switch', { name: /Test run/ });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await userEvent.click(screen.getByRole('button', { name: 'Upload 1 photo' }));
    await userEvent.click(await screen.findByText('Replace 1 photo'));
    expect(api.calls.at(-1)).toMatchObject({
      channel: 'run:start',
      input: { importId: 'imp', dryRun: false },
    });
    expect(await screen.findByText(/Running · r9/)).toBeInTheDocument();
  });
});
