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
import { ReviewScreen } from '../review/ReviewScreen';
import { item, user } from '../../../../test/renderer/review-fixtures';
import { withFakeLayout } from '../../../../test/renderer/layout-size';
import { ImportScreen } from './ImportScreen';
import { EVERYONE, scopeRequest } from './scope-choice';

withFakeLayout();

const rowOf = (file: string) =>
  screen.getByText(file, { selector: '[role="gridcell"]' }).closest('[role="row"]') as HTMLElement;
const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

const OUTSIDE_REASON =
  "Pat Lee (pat@contoso.com) is not in the Sales department: outside this upload's scope. This photo is not uploaded.";

/** What main answers to a department-scoped import, through the IPC contract. */
const answer = importResultSchema.parse({
  importId: 'imp1',
  folder: '/photos',
  items: [
    item('jane.jpg', 'matched', user('jane', 'Jane Doe')),
    item('pat.jpg', 'outside-scope', user('pat', 'Pat Lee'), { reason: OUTSIDE_REASON, method: 'upn' }),
  ],
  summary: { matched: 1, 'outside-scope': 1 },
  mappingErrors: [],
  scope: { kind: 'department', label: 'the Sales department (2 users)', users: 2, problems: [] },
});

beforeEach(() => {
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 't' },
  });
  useImportStore.setState({
    phase: 'idle',
    result: null,
    error: null,
    domains: ['contoso.com'],
    scope: EVERYONE,
  });
  useImportStore.getState().setFolder('/photos');
  useReviewStore.getState().load([]);
  useShell.setState({ screen: 'import' });
});

describe('scopeRequest', () => {
  it('is nothing for everyone, the scope when filled in, and what is missing otherwise', () => {
    expect(scopeRequest(EVERYONE)).toEqual({});
    expect(scopeRequest({ ...EVERYONE, kind: 'group', group: '  Sales EMEA ' })).toEqual({
      scope: { kind: 'group', group: 'Sales EMEA' },
    });
    expect(scopeRequest({ ...EVERYONE, kind: 'department', department: ' ' })).toEqual({
      missing: 'Type the department this upload is limited to.',
    });
    expect(scopeRequest({ ...EVERYONE, kind: 'users' })).toEqual({
      missing: 'Choose the users CSV this upload is limited to.',
    });
  });
});

describe('Import: "Limit this upload to"', () => {
  it('sends a department scope; Review shows the scope and the row outside it, which does not block Upload', async () => {
    const api = installFakeApi({
      'directory:domains': () => ok({ domains: ['contoso.com'] }),
      'import:run': () => ok(answer),
    });
    const view = wrap(<ImportScreen />);
    const limit = screen.getByRole('radiogroup', { name: 'Limit this upload to' });
    expect(within(limit).getByRole('radio', { name: 'Everyone' })).toBeChecked();
    await userEvent.click(within(limit).getByRole('radio', { name: 'A department' }));
    // Nothing typed yet: the import does not start, and says why.
    await userEvent.click(screen.getByRole('button', { name: 'Scan and match' }));
    expect(screen.getByText('Type the department this upload is limited to.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.channel === 'import:run')).toBe(false);

    await userEvent.type(screen.getByRole('textbox', { name: 'Department' }), 'Sales');
    await userEvent.click(screen.getByRole('button', { name: 'Scan and match' }));
    const run = api.calls.find((c) => c.channel === 'import:run');
    expect(run?.input).toMatchObject({
      folder: '/photos',
      scope: { kind: 'department', department: 'Sales' },
    });
    expect(useShell.getState().screen).toBe('review');
    view.unmount();

    wrap(<ReviewScreen />);
    expect(screen.getByTestId('review-scope')).toHaveTextContent(
      'This upload is limited to the Sales department (2 users). 1 file is for people outside it: never uploaded.',
    );
    const row = rowOf('pat.jpg');
    expect(within(row).getByText('Outside scope')).toBeInTheDocument();
    expect(within(row).getByText('Pat Lee')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upload 1 user' })).toBeEnabled();
    // The scope line filters to the files outside it.
    await userEvent.click(screen.getByRole('button', { name: 'Show the 1 file outside the scope' }));
    expect(useReviewStore.getState().filter).toBe('outside-scope');
    expect(screen.queryByText('jane.jpg', { selector: '[role="gridcell"]' })).toBeNull();
    // Its details say why, and offer nothing that could send the photo.
    await userEvent.click(rowOf('pat.jpg'));
    const details = screen.getByRole('complementary', { name: 'Details for pat.jpg' });
    expect(within(details).getByText(OUTSIDE_REASON)).toBeInTheDocument();
    expect(within(details).getByTestId('details-outside-scope')).toHaveTextContent(
      'This photo is not uploaded: its person is outside this upload’s scope.',
    );
    expect(within(details).queryByRole('button', { name: 'Exclude this photo' })).toBeNull();
    expect(within(details).queryByText(/Assign to/)).toBeNull();
  });

  it('a users CSV is chosen with the dialog and sent as the scope', async () => {
    const api = installFakeApi({
      'directory:domains': () => ok({ domains: ['contoso.com'] }),
      'import:chooseUsersCsv': () => ok({ path: '/lists/sales.csv' }),
      'import:run': () => ok(answer),
    });
    wrap(<ImportScreen />);
    await userEvent.click(screen.getByRole('radio', { name: 'The users in a CSV' }));
    expect(screen.getByTestId('import-scope-csv')).toHaveTextContent('None chosen yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Choose users CSV…' }));
    expect(screen.getByTestId('import-scope-csv')).toHaveTextContent('/lists/sales.csv');
    await userEvent.click(screen.getByRole('button', { name: 'Scan and match' }));
    expect(api.calls.find((c) => c.channel === 'import:run')?.input).toMatchObject({
      scope: { kind: 'users', usersCsv: '/lists/sales.csv' },
    });
  });
});
