import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReviewStore } from '../../stores/review-store';
import { ReviewView } from './ReviewView';
import { item, user } from '../../../../test/renderer/review-fixtures';

const sizes = { clientWidth: 1000, clientHeight: 560 };
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const key of Object.keys(sizes))
    delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
});

const jane = user('jane', 'Jane Doe', 'jane.doe@contoso.com');
const john1 = user('john1', 'John Smith', 'john.smith@contoso.com');
const john2 = user('john2', 'John Smith', 'john.smith2@contoso.com');
const jose = user('jose', 'José Müller', 'jose.muller@contoso.com');

const ITEMS = [
  item('jane.doe.jpg', 'matched', jane),
  item('John Smith.jpg', 'ambiguous', null, { candidates: [john1, john2] }),
  item('a/jose.jpg', 'conflict', jose),
  item('b/jose.jpg', 'conflict', jose),
  item('IMG_0001.jpg', 'unmatched', null),
];

function setup(items = ITEMS) {
  const store = createReviewStore();
  store.getState().load(items);
  const onUpload = vi.fn();
  const loadCurrentPhoto = vi.fn(() => Promise.resolve(null));
  render(
    <FluentProvider theme={webLightTheme}>
      <ReviewView
        store={store}
        defaultCrop={{ strategy: 'attention' }}
        search={() => Promise.resolve([jane])}
        loadCurrentPhoto={loadCurrentPhoto}
        onUpload={onUpload}
      />
    </FluentProvider>,
  );
  return { store, onUpload, loadCurrentPhoto };
}

const rowOf = (file: string) =>
  screen.getByText(file, { selector: '[role="gridcell"]' }).closest('[role="row"]') as HTMLElement;

describe('ReviewView', () => {
  it('takes a review from blocked to "Upload 3 users"', async () => {
    const { onUpload, loadCurrentPhoto } = setup();
    const upload = screen.getByRole('button', { name: '4 rows need a decision before upload' });
    expect(upload).toBeDisabled();
    expect(screen.getByRole('tab', { name: 'Needs attention (4)' })).toBeInTheDocument();

    // Resolve the ambiguous match by picking the second John Smith.
    await userEvent.click(rowOf('John Smith.jpg'));
    const panel = screen.getByRole('complementary', { name: 'Details for John Smith.jpg' });
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Use John Smith (john.smith2@contoso.com)' }),
    );
    expect(within(rowOf('John Smith.jpg')).getByText('Ready')).toBeInTheDocument();
    expect(loadCurrentPhoto).toHaveBeenCalledWith(john2);
    expect(await within(panel).findByText('No photo yet')).toBeInTheDocument();

    // Resolve the conflict: b/jose.jpg wins.
    await userEvent.click(rowOf('b/jose.jpg'));
    await userEvent.click(screen.getByRole('button', { name: 'Use this photo for José Müller' }));
    expect(within(rowOf('a/jose.jpg')).getByText('Excluded')).toBeInTheDocument();

    // Exclude the unmatched camera file with a bulk action.
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select IMG_0001.jpg' }));
    await userEvent.click(screen.getByRole('button', { name: 'Exclude' }));

    const ready = screen.getByRole('button', { name: 'Upload 3 users' });
    expect(ready).toBeEnabled();
    await userEvent.click(ready);
    expect(onUpload).toHaveBeenCalledTimes(1);
    const pairs = onUpload.mock.calls[0]![0] as { file: string; user: { id: string } }[];
    expect(pairs.map((p) => [p.file, p.user.id])).toEqual([
      ['jane.doe.jpg', 'jane'],
      ['John Smith.jpg', 'john2'],
      ['b/jose.jpg', 'jose'],
    ]);
  });

  it('filters and searches', async () => {
    setup();
    await userEvent.click(screen.getByRole('tab', { name: 'Conflicts (2)' }));
    expect(screen.getAllByRole('row')).toHaveLength(3);
    await userEvent.click(screen.getByRole('tab', { name: 'All (5)' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search files and users' }), 'jane');
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });

  it('shows the photo checks in plain words in the row and the side panel, without blocking the upload', async () => {
    setup([
      item('jane.doe.jpg', 'matched', jane, {
        warnings: [
          {
            code: 'blurry',
            message: 'The photo looks blurred or out of focus: it has very little fine detail.',
          },
          {
            code: 'too-dark',
            message: 'The photo is very dark (average brightness 12%): faces may be hard to make out.',
          },
        ],
      }),
      item('jose.muller.jpg', 'matched', jose),
    ]);
    const row = rowOf('jane.doe.jpg');
    expect(within(row).getByText('Ready')).toBeInTheDocument();
    expect(within(row).getByText('Blurry, Too dark')).toBeInTheDocument();
    expect(within(row).getByText(/blurred or out of focus.*very dark/)).toBeInTheDocument();
    expect(within(row).getByText('matched by test')).toBeInTheDocument();
    expect(within(rowOf('jose.muller.jpg')).queryByText(/Blurry|Too dark/)).toBeNull();
    expect(screen.getByRole('tab', { name: 'Warnings (1)' })).toBeInTheDocument();

    await userEvent.click(row);
    const checks = within(screen.getByRole('complementary', { name: 'Details for jane.doe.jpg' })).getByRole(
      'group',
      { name: 'Photo checks' },
    );
    expect(within(checks).getByText('Blurry')).toBeInTheDocument();
    expect(within(checks).getByText(/A sharper photo would look better/)).toBeInTheDocument();
    expect(within(checks).getByText(/A brighter photo would look better/)).toBeInTheDocument();
    expect(within(checks).getByText(/You can still upload this photo/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upload 2 users' })).toBeEnabled();

    await userEvent.click(screen.getByRole('tab', { name: 'Warnings (1)' }));
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });

  it('is walked with the keyboard: Enter opens a row, a choice moves to the next row, Escape closes', async () => {
    setup();
    const grid = screen.getByRole('grid');
    grid.focus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    const panel = screen.getByRole('complementary', { name: 'Details for John Smith.jpg' });
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Use John Smith (john.smith2@contoso.com)' }),
    );
    // The focus is back on the table, on the row after the one just decided.
    expect(grid).toHaveFocus();
    expect(document.getElementById(grid.getAttribute('aria-activedescendant')!)).toHaveAttribute(
      'data-row-id',
      'a/jose.jpg',
    );
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('complementary', { name: 'Details for a/jose.jpg' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Exclude this photo' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(grid).toHaveFocus();
  });

  it('closes the side panel with Escape from inside it', async () => {
    setup();
    await userEvent.click(rowOf('jane.doe.jpg'));
    const close = screen.getByRole('button', { name: 'Close details' });
    close.focus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(screen.getByRole('grid')).toHaveFocus();
  });

  it('tells candidates apart by job title, department and office, and shows a conflict’s photos side by side', async () => {
    const sales = { ...john1, jobTitle: 'Buyer', department: 'Sales', officeLocation: 'Leeds' };
    setup([
      item('John Smith.jpg', 'ambiguous', null, { candidates: [sales, john2] }),
      item('a/jose.jpg', 'conflict', jose, { thumbnailUrl: 'data:image/png;base64,AA==' }),
      item('b/jose.jpg', 'conflict', jose, { thumbnailUrl: 'data:image/png;base64,AB==' }),
    ]);
    await userEvent.click(rowOf('John Smith.jpg'));
    expect(
      screen.getByRole('button', { name: 'Use John Smith (john.smith@contoso.com)' }),
    ).toHaveAccessibleDescription('Buyer · Sales · Leeds');
    expect(
      screen.getByRole('button', { name: 'Use John Smith (john.smith2@contoso.com)' }),
    ).not.toHaveAccessibleDescription();

    await userEvent.click(rowOf('a/jose.jpg'));
    const photos = screen.getByRole('group', { name: 'Photos for this person' });
    expect(
      within(photos)
        .getAllByRole('img')
        .map((i) => i.getAttribute('alt')),
    ).toEqual(['Photo a/jose.jpg', 'Photo b/jose.jpg']);
  });
});
