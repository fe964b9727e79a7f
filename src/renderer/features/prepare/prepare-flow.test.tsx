import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { SIGNED_OUT } from '../../../shared/session';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { withFakeLayout } from '../../../../test/renderer/layout-size';
import { item, user } from '../../../../test/renderer/review-fixtures';
import { App } from '../../App';
import { useImportStore } from '../../stores/import-store';
import { usePrepareStore } from '../../stores/prepare-store';
import { useReviewStore } from '../../stores/review-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { reviewedPairs, deriveRows } from '../review/review-model';
import { coverageLine } from './ExportScreen';

const jane = user('r1', 'Jane Doe', 'jane.doe@contoso.com');

// Review's table is virtualised: it needs a viewport to draw its rows.
withFakeLayout();

beforeEach(() => {
  useShell.setState({ screen: 'signin' });
  usePrepareStore.getState().leave();
  useSessionStore.setState({ info: SIGNED_OUT });
});

describe('Prepare mode', () => {
  it('goes from the Sign in choice to a package, with no sign-in', async () => {
    const fake = installFakeApi({
      'session:info': () => ok(SIGNED_OUT),
      'dialog:chooseFolder': (input) =>
        ok({ path: (input as { title?: string }).title ? '/out' : '/photos' }),
      'prepare:chooseRoster': () => ok({ path: '/roster.csv' }),
      'prepare:match': () =>
        ok({
          importId: 'imp1',
          folder: '/photos',
          items: [item('jane.doe.jpg', 'matched', jane, { packageCrop: undefined })],
          summary: { matched: 1 },
          mappingErrors: [],
          rosterProblems: [{ row: 4, message: 'No name, email or employee ID.' }],
          rosterSize: 2,
        }),
      'prepare:export': () =>
        ok({
          out: '/out/headshot-package-2026-12-02-0900.zip',
          photos: 1,
          failed: [],
          warnings: [{ code: 'small-face', message: 'The face is small.', count: 1 }],
          missing: [{ name: 'Kwame Mensah', email: 'kwame@contoso.com', upn: null, employeeId: null }],
        }),
    });
    render(<App />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Prepare photos for an admin — no sign-in' }),
    );
    expect(await screen.findByRole('heading', { name: 'Prepare photos' })).toBeTruthy();
    // The tenant's screens are gone: no People, no Upload.
    expect(screen.queryByText('People')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Choose roster…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Match to roster' }));
    expect(await screen.findByRole('heading', { name: 'Review' })).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'prepare:match')?.input).toMatchObject({
      folder: '/photos',
      roster: '/roster.csv',
    });
    // No tenant, so no current photo beside the new one.
    await userEvent.click(screen.getByRole('gridcell', { name: 'jane.doe.jpg' }));
    const details = await screen.findByRole('complementary', { name: 'Details for jane.doe.jpg' });
    expect(within(details).getByText('New')).toBeTruthy();
    expect(within(details).queryByText('Current')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Export package (1 photo)' }));
    expect(await screen.findByRole('heading', { name: 'Export package' })).toBeTruthy();
    // Before writing: what the package covers, and that one person on the roster has no photo.
    expect(screen.getByTestId('export-coverage').textContent).toBe(
      '1 photo for 1 of the 2 people on the roster. 1 still has none: the package lists them for the admin.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Made by/ }), 'Sam Studio');
    await userEvent.click(screen.getByRole('switch', { name: /Include the original photos/ }));
    // The last one: the navigation has an "Export package" item too.
    await userEvent.click(screen.getAllByRole('button', { name: 'Export package' }).at(-1)!);
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toMatch(/1 photo/));
    expect(fake.calls.find((c) => c.channel === 'prepare:export')?.input).toMatchObject({
      importId: 'imp1',
      folder: '/out',
      kind: 'zip',
      includeOriginals: true,
      createdBy: 'Sam Studio',
      pairs: [{ file: 'jane.doe.jpg', user: { id: 'r1' } }],
    });
    expect(screen.getByText('Face is small: 1 photo')).toBeTruthy();
    expect(screen.getByTestId('export-missing').textContent).toContain('Kwame Mensah (kwame@contoso.com)');
    useImportStore.setState({ result: null });
  });
});

describe('coverageLine', () => {
  const pair = (id: string) => ({ user: { id } });
  it('counts people once, and says who has no photo yet', () => {
    expect(coverageLine([pair('a'), pair('a'), pair('b')], 2)).toBe(
      '3 photos for 2 of the 2 people on the roster: everyone has a photo.',
    );
    expect(coverageLine([pair('a')], 4)).toBe(
      '1 photo for 1 of the 4 people on the roster. 3 still have none: the package lists them for the admin.',
    );
    expect(coverageLine([pair('a')], 0)).toBe('1 photo to package.');
  });
});

describe('package crops in Review', () => {
  it('a package photo keeps the photographer’s crop until someone changes it', () => {
    const rows = deriveRows([item('a.jpg', 'matched', jane, { packageCrop: { strategy: 'center' } })], {});
    expect(reviewedPairs(rows, { strategy: 'face' })[0]?.crop).toEqual({ strategy: 'center' });
    const changed = deriveRows(
      rows.map((r) => r.item),
      { 'a.jpg': { crop: { strategy: 'face' } } },
    );
    expect(reviewedPairs(changed, { strategy: 'attention' })[0]?.crop).toEqual({ strategy: 'face' });
    useReviewStore.getState().clear();
  });
});
