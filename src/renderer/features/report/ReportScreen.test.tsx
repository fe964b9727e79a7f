import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunReport, RunReportRow } from '../../../shared/upload';
import { installFakeApi } from '../../../../test/renderer/fake-api';
import { useRunStore } from '../../stores/run-store';
import { ReportScreen } from './ReportScreen';
import { withFakeLayout } from '../../../../test/renderer/layout-size';

withFakeLayout();

const timings = { processMs: 5, backupMs: 1, uploadMs: 2, verifyMs: 1, totalMs: 9 };
const row = (file: string, extra: Partial<RunReportRow> = {}): RunReportRow => ({
  file,
  user: { id: file, userPrincipalName: `${file}@contoso.com`, displayName: `User ${file}` },
  method: 'upn',
  status: 'uploaded',
  error: null,
  bytes: 100,
  sha256: 'x',
  attempts: 1,
  timings,
  backup: null,
  hadPhoto: false,
  etag: '"e"',
  note: `Uploaded ${file}.`,
  warnings: [],
  ...extra,
});

const report: RunReport = {
  runId: 'r1',
  tenantId: 't',
  kind: 'upload',
  dryRun: false,
  state: 'completed',
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: '2026-11-26T10:01:00.000Z',
  results: [
    row('blurred.jpg', {
      warnings: [
        {
          code: 'blurry',
          message: 'The photo looks blurred or out of focus: it has very little fine detail.',
        },
      ],
    }),
    row('fine.jpg'),
  ],
  summary: { uploaded: 2 },
};

function open(r: RunReport) {
  useRunStore.setState({
    report: { runId: r.runId, kind: 'upload', report: r, hasCsv: true },
    notice: null,
    error: null,
  });
  render(
    <FluentProvider theme={webLightTheme}>
      <ReportScreen />
    </FluentProvider>,
  );
}

const filesShown = () =>
  within(screen.getByRole('table', { name: 'Results per user' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent);

beforeEach(() => {
  installFakeApi({});
  useRunStore.setState({
    report: { runId: 'r1', kind: 'upload', report, hasCsv: true },
    notice: null,
    error: null,
  });
});

describe('ReportScreen', () => {
  it('shows each photo’s warnings in its row, and how many photos have any', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ReportScreen />
      </FluentProvider>,
    );
    expect(screen.getByTestId('report-summary')).toHaveTextContent('1 photo with warnings');
    const table = screen.getByRole('table', { name: 'Results per user' });
    const rowOf = (file: string) => within(table).getByText(file).closest('[role="row"]') as HTMLElement;
    expect(
      within(rowOf('blurred.jpg')).getByText(/Blurry: The photo looks blurred or out of focus/),
    ).toBeInTheDocument();
    expect(within(rowOf('blurred.jpg')).getByText(/Uploaded blurred.jpg\./)).toBeInTheDocument();
    expect(within(rowOf('fine.jpg')).queryByText(/Blurry/)).toBeNull();
  });

  it('a removal run is titled as one, and can be rolled back', () => {
    open({
      ...report,
      kind: 'remove',
      results: [row('', { status: 'removed', note: 'Removed; the photo is backed up.' })],
      summary: { removed: 1 },
    });
    expect(screen.getByRole('heading', { name: 'Removal report' })).toBeInTheDocument();
    expect(screen.getByText(/Photo removal in/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back this run' })).toBeInTheDocument();
  });

  it('shows every row, not the first 500, with the UPN in its own column', () => {
    const many = Array.from({ length: 1200 }, (_, i) => row(`p${String(i).padStart(4, '0')}.jpg`));
    open({ ...report, results: many, summary: { uploaded: 1200 } });
    const table = screen.getByRole('table', { name: 'Results per user' });
    expect(table).toHaveAttribute('aria-rowcount', '1201');
    expect(screen.queryByText(/Showing the first/)).toBeNull();
    expect(within(table).getByRole('columnheader', { name: /UPN/ })).toBeInTheDocument();
    expect(within(table).getByText('p0000.jpg@contoso.com')).toBeInTheDocument();
    // Only what is on screen is in the DOM.
    expect(within(table).getAllByRole('row').length).toBeLessThan(60);
  });

  it('filters by result and searches with the one text fold; the tab counts follow the search', async () => {
    const user = userEvent.setup();
    open({
      ...report,
      results: [
        row('a.jpg', {
          user: { id: 'a', userPrincipalName: 'jose@contoso.com', displayName: 'José Müller' },
        }),
        row('b.jpg', { status: 'failed', error: { code: 'x', message: 'Graph refused it.' } }),
        row('c.jpg', { status: 'excluded', user: null, note: 'Excluded in Review.' }),
        row('d.jpg', { status: 'skipped', user: null, note: 'Not an image.' }),
      ],
      summary: { uploaded: 1, failed: 1, excluded: 1, skipped: 1 },
    });
    expect(screen.getByTestId('report-summary')).toHaveTextContent('1 excluded');
    expect(screen.getByRole('tab', { name: 'Excluded (1)' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Failed (1)' }));
    expect(filesShown()).toEqual(['b.jpg']);
    await user.click(screen.getByRole('tab', { name: 'All (4)' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search the report' }), 'jose muller');
    expect(filesShown()).toEqual(['a.jpg']);
    expect(screen.getByRole('tab', { name: 'All (1)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Failed (0)' })).toBeInTheDocument();
  });

  it('sorts by a column, ascending then descending', async () => {
    const user = userEvent.setup();
    open({ ...report, results: [row('b.jpg'), row('c.jpg'), row('a.jpg')], summary: { uploaded: 3 } });
    expect(filesShown()).toEqual(['b.jpg', 'c.jpg', 'a.jpg']);
    await user.click(screen.getByRole('button', { name: 'File' }));
    expect(filesShown()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(screen.getByRole('columnheader', { name: /File/ })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: 'File' }));
    expect(filesShown()).toEqual(['c.jpg', 'b.jpg', 'a.jpg']);
  });

  it('a test run report says "Test run", keeps the warnings and offers no backup folder', () => {
    open({
      ...report,
      dryRun: true,
      results: report.results.map((r) => ({ ...r, status: 'dry-run' as const, note: 'Would upload.' })),
      summary: { 'dry-run': 2 },
    });
    expect(screen.queryByRole('button', { name: /Open the backup folder/ })).toBeNull();
    expect(screen.getByTestId('report-summary')).toHaveTextContent('2 checked in the test run');
    expect(screen.getByTestId('report-summary')).not.toHaveTextContent('dry-run');
    expect(screen.getAllByText('Test run').length).toBeGreaterThan(0);
    expect(screen.getByText(/Blurry: The photo looks blurred/)).toBeInTheDocument();
  });

  it('a real run report offers the backup folder', () => {
    open(report);
    expect(screen.getByRole('button', { name: /Open the backup folder/ })).toBeInTheDocument();
  });
});
