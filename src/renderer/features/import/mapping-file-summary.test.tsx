import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { beforeEach, describe, expect, it } from 'vitest';
import { importResultSchema } from '../../../shared/ipc-desktop';
import type { MappingFileSummary } from '../../../shared/mapping-csv';
import { SIGNED_OUT } from '../../../shared/session';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { useImportStore } from '../../stores/import-store';
import { useReviewStore } from '../../stores/review-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { ReviewScreen } from '../review/ReviewScreen';
import { item, user } from '../../../../test/renderer/review-fixtures';
import { ImportScreen } from './ImportScreen';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

/** Runs an import through the store against a fake main process whose answer has passed the IPC contract. */
async function importWith(mappingFile: MappingFileSummary | undefined) {
  const answer = importResultSchema.parse({
    importId: 'imp1',
    folder: '/photos',
    items: [item('Zoë Müller.jpg', 'matched', user('zoe', 'Zoë Müller'), { method: 'mapping' })],
    summary: { matched: 1 },
    mappingErrors: [],
    ...(mappingFile ? { mappingFile } : {}),
  });
  installFakeApi({
    'directory:domains': () => ok({ domains: ['contoso.com'] }),
    'import:run': () => ok(answer),
  });
  useImportStore.getState().setFolder('/photos');
  useImportStore.getState().setMappingCsv('/photos/mapping.csv');
  wrap(<ImportScreen />);
  await userEvent.click(screen.getByRole('button', { name: 'Scan and match' }));
}

beforeEach(() => {
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 't' },
  });
  useImportStore.setState({ phase: 'idle', result: null, error: null, domains: ['contoso.com'] });
  useReviewStore.getState().load([]);
  useShell.setState({ screen: 'import' });
});

describe('the import summary says how the mapping CSV was read', () => {
  it('Windows-1252: names the encoding and how to make it certain, on Import and on Review', async () => {
    await importWith({ encoding: 'windows-1252', delimiter: ';', rows: 1 });
    const sentence =
      'Mapping CSV: 1 row, read as Windows-1252 (Excel "CSV" on a Western-language Windows), separated by semicolons. If names with accents look wrong, save the file from Excel as "CSV UTF-8" and import it again.';
    expect(await screen.findByTestId('import-mapping-file')).toHaveTextContent(sentence);
    expect(useShell.getState().screen).toBe('review');
    wrap(<ReviewScreen />);
    expect(screen.getByTestId('review-mapping-file')).toHaveTextContent(sentence);
  });

  it("Excel's Unicode Text: UTF-16, tabs, and no advice", async () => {
    await importWith({ encoding: 'utf-16le', delimiter: '\t', rows: 240 });
    expect(await screen.findByTestId('import-mapping-file')).toHaveTextContent(
      /^Mapping CSV: 240 rows, read as UTF-16 \(Excel "Unicode Text"\), separated by tabs\.$/,
    );
  });

  it('says nothing about a mapping CSV when there was none', async () => {
    await importWith(undefined);
    expect(await screen.findByTestId('import-summary')).toHaveTextContent('1 matched');
    expect(screen.queryByTestId('import-mapping-file')).toBeNull();
  });
});
