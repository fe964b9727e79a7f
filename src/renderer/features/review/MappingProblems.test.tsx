import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import { importResultSchema } from '../../../shared/ipc-desktop';
import { SIGNED_OUT } from '../../../shared/session';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { useImportStore } from '../../stores/import-store';
import { useReviewStore } from '../../stores/review-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { ImportScreen } from '../import/ImportScreen';
import { item, user } from '../../../../test/renderer/review-fixtures';
import { MappingProblems } from './MappingProblems';
import { deriveRows, filterRows } from './review-model';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

const EMPTY_ROW =
  "The mapping CSV's row 12 names this file but nobody in the directory: the user column is empty. Fill in the user's UPN and import again, or choose the user here.";

/** An import whose answer has passed the IPC contract: the rows' files must survive it. */
async function importWithProblems(extraErrors = 0) {
  const answer = importResultSchema.parse({
    importId: 'imp1',
    folder: '/photos',
    items: [
      item('IMG_0042.jpg', 'unmatched', null, { reason: EMPTY_ROW, mappingRows: [12] }),
      item('bad.jpg', 'unmatched', null, { mappingRows: [13] }),
      item('fine.jpg', 'matched', user('zoe', 'Zoë Müller')),
    ],
    summary: { matched: 1, unmatched: 2 },
    mappingErrors: [
      { row: 12, message: 'missing user for IMG_0042.jpg: the row names nobody', file: 'IMG_0042.jpg' },
      { row: 13, message: '"nobody@contoso.com" names nobody in the directory', file: 'bad.jpg' },
      { row: 14, message: 'missing file: gone.jpg is not among the images in the folder' },
      ...Array.from({ length: extraErrors }, (_, i) => ({ row: 20 + i, message: 'missing file name' })),
    ],
  });
  installFakeApi({
    'directory:domains': () => ok({ domains: ['contoso.com'] }),
    'import:run': () => ok(answer),
  });
  useImportStore.getState().setFolder('/photos');
  useImportStore.getState().setMappingCsv('/photos/mapping.csv');
  const view = wrap(<ImportScreen />);
  await userEvent.click(screen.getByRole('button', { name: 'Scan and match' }));
  await screen.findByTestId('mapping-problems');
  view.unmount();
}

beforeEach(() => {
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 't' },
  });
  useImportStore.setState({ phase: 'idle', result: null, error: null, domains: ['contoso.com'] });
  useReviewStore.getState().load([]);
  useShell.setState({ screen: 'import' });
});

describe('mapping CSV problems, where the decision is made', () => {
  it('Review shows how many rows were not used, each with its reason, and filters to the files they name', async () => {
    await importWithProblems();
    wrap(<MappingProblems />);
    const banner = screen.getByTestId('mapping-problems');
    expect(banner).toHaveTextContent('3 rows of the mapping CSV were not used');
    const rows = within(banner)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(rows).toEqual([
      'Row 12: missing user for IMG_0042.jpg: the row names nobody',
      'Row 13: "nobody@contoso.com" names nobody in the directory',
      'Row 14: missing file: gone.jpg is not among the images in the folder',
    ]);
    await userEvent.click(within(banner).getByRole('button', { name: 'Show the 2 files these rows name' }));
    const s = useReviewStore.getState();
    expect(s.filter).toBe('mapping');
    expect(filterRows(deriveRows(s.items, s.decisions), s.filter, s.query).map((r) => r.id)).toEqual([
      'IMG_0042.jpg',
      'bad.jpg',
    ]);
    await userEvent.click(within(banner).getByRole('button', { name: 'Show all files' }));
    expect(useReviewStore.getState().filter).toBe('all');
    expect(useReviewStore.getState().items[0]!.reason).toBe(EMPTY_ROW);
  });

  it('lists the first rows and shows the rest on request', async () => {
    await importWithProblems(7);
    wrap(<MappingProblems />);
    const banner = screen.getByTestId('mapping-problems');
    expect(banner).toHaveTextContent('10 rows of the mapping CSV were not used');
    expect(within(banner).getAllByRole('listitem')).toHaveLength(5);
    await userEvent.click(within(banner).getByRole('button', { name: 'Show all 10 rows' }));
    expect(within(banner).getAllByRole('listitem')).toHaveLength(10);
  });

  it('says nothing when every row was used', () => {
    wrap(<MappingProblems />);
    expect(screen.queryByTestId('mapping-problems')).toBeNull();
  });
});
