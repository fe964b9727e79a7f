/**
 * File names with bidi controls or zero-width characters are shown escaped on every screen that names a file, so
 * "ann\u200B.lee" cannot pass for "ann.lee" and a right-to-left override cannot reverse a name on screen.
 */
import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunReport, RunReportRow } from '../../shared/upload';
import { installFakeApi } from '../../../test/renderer/fake-api';
import { useImportStore } from '../stores/import-store';
import { useRunStore } from '../stores/run-store';
import { ReportScreen } from './report/ReportScreen';
import { HIDDEN_CHARACTERS_WARNING, ReviewDetails } from './review/ReviewDetails';
import { ReviewTable } from './review/ReviewTable';
import { deriveRows } from './review/review-model';
import { item, user } from '../../../test/renderer/review-fixtures';
import { UploadScreen } from './upload/UploadScreen';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

// "ann.lee" with a zero-width space, then a right-to-left override that would show "gpj." reversed.
const HIDDEN = 'Sales/ann\u200B.lee\u202Egpj.jpg';
const SHOWN = 'Sales/ann⟨U+200B⟩.lee⟨U+202E⟩gpj.jpg';
const INVISIBLE = /[\u200B\u202E]/;

const sizes = { clientWidth: 1000, clientHeight: 560, offsetWidth: 1000, offsetHeight: 560 };
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const key of Object.keys(sizes))
    delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
});

const ann = user('ann', 'Ann Lee', 'ann.lee@contoso.com');

describe('file names with hidden characters', () => {
  beforeEach(() => {
    installFakeApi({});
  });

  it('are escaped in the review table, its title and its checkbox label', () => {
    wrap(
      <ReviewTable
        rows={deriveRows([item(HIDDEN, 'matched', ann), item('plain.jpg', 'matched', user('p'))], {})}
        selected={new Set()}
        activeId={null}
        onToggle={vi.fn()}
        onOpen={vi.fn()}
        onSelectAll={vi.fn()}
        height={560}
        initialRect={{ width: 1000, height: 560 }}
      />,
    );
    const grid = screen.getByRole('grid');
    const cell = within(grid).getByText(SHOWN);
    expect(cell).toHaveAttribute('title', SHOWN);
    expect(within(grid).getByRole('checkbox', { name: `Select ${SHOWN}` })).toBeInTheDocument();
    expect(within(grid).getByText('plain.jpg')).toBeInTheDocument(); // ordinary names are untouched
    expect(grid.textContent).not.toMatch(INVISIBLE);
  });

  const details = (file: string) => {
    const [row] = deriveRows([item(file, 'matched', ann)], {});
    wrap(
      <ReviewDetails
        row={row!}
        defaultCrop={{ strategy: 'attention' }}
        search={() => Promise.resolve([])}
        currentPhotoUrl={null}
        onAssign={vi.fn()}
        onResolveConflict={vi.fn()}
        onExclude={vi.fn()}
        onInclude={vi.fn()}
        onReset={vi.fn()}
        onCrop={vi.fn()}
        onCropToMany={vi.fn()}
        selectionSize={0}
        onClose={vi.fn()}
      />,
    );
  };

  it('are escaped in the review details, with a warning about the name', () => {
    details(HIDDEN);
    const panel = screen.getByRole('complementary', { name: `Details for ${SHOWN}` });
    expect(within(panel).getByRole('heading', { name: SHOWN })).toBeInTheDocument();
    expect(within(panel).getByText(HIDDEN_CHARACTERS_WARNING)).toBeInTheDocument();
    expect(panel.textContent).not.toMatch(INVISIBLE);
  });

  it('give no such warning for an ordinary name', () => {
    details('Sales/Zoë Müller.jpg');
    expect(screen.getByRole('heading', { name: 'Sales/Zoë Müller.jpg' })).toBeInTheDocument();
    expect(screen.queryByText(HIDDEN_CHARACTERS_WARNING)).toBeNull();
  });

  it('are escaped in the run report', () => {
    const row: RunReportRow = {
      file: HIDDEN,
      user: ann,
      method: 'upn',
      status: 'uploaded',
      error: null,
      bytes: 1000,
      sha256: null,
      attempts: 1,
      timings: { processMs: 1, backupMs: 1, uploadMs: 1, verifyMs: 1, totalMs: 4 },
      backup: null,
      hadPhoto: false,
      etag: null,
      note: 'Uploaded.',
      warnings: [],
    };
    const report: RunReport = {
      runId: 'r1',
      tenantId: 't',
      kind: 'upload',
      dryRun: false,
      state: 'completed',
      startedAt: '2026-11-26T10:00:00.000Z',
      finishedAt: '2026-11-26T10:01:00.000Z',
      results: [row],
      summary: { uploaded: 1 },
    };
    useRunStore.setState({ report: { runId: 'r1', kind: 'upload', report, hasCsv: true } });
    wrap(<ReportScreen />);
    const table = screen.getByRole('table', { name: 'Results per user' });
    expect(within(table).getByText(SHOWN)).toBeInTheDocument();
    expect(table.textContent).not.toMatch(INVISIBLE);
  });

  it('are escaped in the list of failed uploads', () => {
    useImportStore.setState({ result: { importId: 'imp', folder: '/p', summary: {}, mappingErrors: [] } });
    useRunStore.setState({
      runId: 'r2',
      progress: null,
      done: { runId: 'r2', kind: 'upload', state: 'completed', summary: { failed: 1 }, error: null },
      failures: [
        {
          runId: 'r2',
          file: HIDDEN,
          status: 'failed',
          error: { code: 'x', message: 'Graph refused it.' },
        },
      ],
    });
    wrap(<UploadScreen />);
    const failures = screen.getByRole('region', { name: 'Failures' });
    expect(within(failures).getByText(SHOWN)).toBeInTheDocument();
    expect(failures.textContent).not.toMatch(INVISIBLE);
  });
});
