/** How a run's status reads on the Report and History screens: the tenant by name, a roll back said plainly. */
import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import { SIGNED_OUT } from '../../../shared/session';
import type { RunListEntry, RunReport } from '../../../shared/upload';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { useRunStore } from '../../stores/run-store';
import { useSessionStore } from '../../stores/session-store';
import { HistoryScreen } from '../history/HistoryScreen';
import { ReportScreen } from '../report/ReportScreen';
import { ROLLED_BACK, runOutcome } from './run-outcome';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

const report: RunReport = {
  runId: 'r1',
  tenantId: 'tid',
  kind: 'upload',
  dryRun: false,
  state: 'completed',
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: '2026-11-26T10:01:00.000Z',
  results: [],
  summary: { uploaded: 2 },
};
const entry = (restore: RunListEntry['restore'], over: Partial<RunListEntry> = {}): RunListEntry => ({
  runId: 'r1',
  tenantId: 'tid',
  state: 'completed',
  dryRun: false,
  createdAt: '2026-11-26T10:00:00.000Z',
  total: 2,
  summary: { uploaded: 2 },
  restore,
  runDir: '/state/runs/r1',
  ...over,
});

beforeEach(() => {
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 'tid', tenantName: 'Contoso' },
  });
  useRunStore.setState({
    report: { runId: 'r1', kind: 'upload', report, hasCsv: true },
    history: [],
    live: [],
    notice: null,
    error: null,
    restoring: null,
    busy: false,
  });
});

describe('Report status', () => {
  it('names the tenant and offers roll back while the run is not rolled back', () => {
    installFakeApi({});
    wrap(<ReportScreen />);
    expect(screen.getByText(/^Upload to Contoso\. Started/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back this run' })).toBeInTheDocument();
    expect(screen.queryByTestId('report-rolled-back')).toBeNull();
  });

  it('says a rolled-back run is rolled back, and offers no second roll back', () => {
    installFakeApi({});
    useRunStore.setState({ history: [entry('completed')] });
    wrap(<ReportScreen />);
    expect(screen.getByTestId('report-rolled-back')).toHaveTextContent(ROLLED_BACK);
    expect(screen.getByRole('button', { name: 'See the roll back report' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Roll back this run' })).toBeNull();
  });

  it('says a roll back did not finish, and offers it again', () => {
    installFakeApi({});
    useRunStore.setState({ history: [entry('incomplete')] });
    wrap(<ReportScreen />);
    expect(screen.getByText(/The roll back of this run did not finish/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back this run' })).toBeInTheDocument();
  });

  it('names a run of another tenant by its id', () => {
    installFakeApi({});
    useRunStore.setState({
      report: { runId: 'r1', kind: 'upload', report: { ...report, tenantId: 'other' }, hasCsv: true },
    });
    wrap(<ReportScreen />);
    expect(screen.getByText(/^Upload to other\. Started/)).toBeInTheDocument();
  });
});

describe('History status', () => {
  it('says which runs were rolled back, and calls test runs test runs', async () => {
    installFakeApi({
      'run:list': () =>
        ok({
          runs: [entry('completed'), entry('none', { runId: 'r2', dryRun: true, summary: { 'dry-run': 2 } })],
          live: [],
        }),
    });
    wrap(<HistoryScreen />);
    const table = await screen.findByRole('table', { name: 'Past runs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText(ROLLED_BACK)).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Test run')).toBeInTheDocument();
    expect(within(rows[1]!).queryByText(ROLLED_BACK)).toBeNull();
  });
});

describe('run outcome', () => {
  const base = { dryRun: false, total: 3, tenant: 'Contoso', rolledBack: false } as const;
  it('says what a run did, in words for people', () => {
    expect(runOutcome({ ...base, state: 'completed', summary: { uploaded: 1 } }).text).toBe(
      'Uploaded 1 photo to Contoso.',
    );
    expect(
      runOutcome({ ...base, state: 'completed', summary: { uploaded: 1, unchanged: 1, failed: 1 } }),
    ).toMatchObject({
      intent: 'warning',
      text: 'Uploaded 1 photo to Contoso; 1 user already had it; 1 photo failed (see the report).',
    });
    expect(runOutcome({ ...base, state: 'interrupted', summary: { uploaded: 3 } }).kind).toBe('interrupted');
    expect(runOutcome({ ...base, state: 'completed', summary: { uploaded: 3 }, rolledBack: true })).toEqual({
      kind: 'rolled-back',
      intent: 'info',
      text: ROLLED_BACK,
    });
  });
});
