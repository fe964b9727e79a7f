import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunReport, RunReportRow } from '../../../shared/upload';
import { installFakeApi } from '../../../../test/renderer/fake-api';
import { useRunStore } from '../../stores/run-store';
import { ReportScreen } from './ReportScreen';

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
    const rowOf = (file: string) => within(table).getByText(file).closest('tr') as HTMLElement;
    expect(
      within(rowOf('blurred.jpg')).getByText(/Blurry: The photo looks blurred or out of focus/),
    ).toBeInTheDocument();
    expect(within(rowOf('blurred.jpg')).getByText(/Uploaded blurred.jpg\./)).toBeInTheDocument();
    expect(within(rowOf('fine.jpg')).queryByText(/Blurry/)).toBeNull();
  });
});
