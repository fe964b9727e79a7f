import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it, vi } from 'vitest';
import { ReviewTable } from './ReviewTable';
import { deriveRows } from './review-model';
import { item, manyMatched, user } from '../../../../test/renderer/review-fixtures';
import { withFakeLayout } from '../../../../test/renderer/layout-size';

withFakeLayout();

function renderTable(rows: ReturnType<typeof deriveRows>, selected = new Set<string>()) {
  const onToggle = vi.fn();
  const onOpen = vi.fn();
  const onSelectAll = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <ReviewTable
        rows={rows}
        selected={selected}
        activeId={null}
        onToggle={onToggle}
        onOpen={onOpen}
        onSelectAll={onSelectAll}
        height={560}
        initialRect={{ width: 1000, height: 560 }}
      />
    </FluentProvider>,
  );
  return { onToggle, onOpen, onSelectAll };
}

describe('ReviewTable', () => {
  it('renders only the visible rows of 10,000', () => {
    renderTable(deriveRows(manyMatched(10_000), {}));
    const grid = screen.getByRole('grid', { name: 'Photos to review' });
    expect(grid).toHaveAttribute('aria-rowcount', '10001');
    const bodyRows = within(grid).getAllByRole('row').slice(1);
    expect(bodyRows.length).toBeGreaterThan(5);
    expect(bodyRows.length).toBeLessThan(40);
    expect(bodyRows[0]).toHaveAttribute('aria-rowindex', '2');
  });

  it('shows user, method, status and reason', () => {
    const jane = user('jane', 'Jane Doe', 'jane.doe@contoso.com');
    renderTable(
      deriveRows(
        [
          item('jane.doe.jpg', 'matched', jane),
          item('bad.jpg', 'unmatched', null, {
            warnings: [{ code: 'low-resolution', message: 'Only 300 px.' }],
          }),
        ],
        {},
      ),
    );
    const rows = screen.getAllByRole('row');
    expect(within(rows[1]!).getByText('jane.doe@contoso.com')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('UPN')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Ready')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Unmatched')).toBeInTheDocument();
    // A warning adds to the status and the why; the match reason stays.
    expect(within(rows[2]!).getByText('Low resolution')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Only 300 px.')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('unmatched by test')).toBeInTheDocument();
  });

  it('is operated with the keyboard', async () => {
    const { onToggle, onOpen, onSelectAll } = renderTable(deriveRows(manyMatched(50), {}));
    const grid = screen.getByRole('grid');
    grid.focus();
    expect(grid).toHaveAttribute('aria-activedescendant', 'review-row-0');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(grid).toHaveAttribute('aria-activedescendant', 'review-row-2');
    await userEvent.keyboard(' ');
    expect(onToggle).toHaveBeenCalledWith('photos/user2.jpg');
    await userEvent.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith('photos/user2.jpg');
    await userEvent.keyboard('{End}');
    expect(grid).toHaveAttribute('aria-activedescendant', 'review-row-49');
    await userEvent.keyboard('{Control>}a{/Control}');
    expect(onSelectAll).toHaveBeenCalledWith(true);
  });

  it('is one Tab stop, with the current row marked', async () => {
    renderTable(deriveRows(manyMatched(5), {}));
    await userEvent.tab();
    const grid = screen.getByRole('grid');
    expect(grid).toHaveFocus();
    // No checkbox is a Tab stop of its own: Space selects the current row instead.
    for (const box of screen.getAllByRole('checkbox')) expect(box).toHaveAttribute('tabindex', '-1');
    await userEvent.tab();
    expect(grid).not.toHaveFocus();
    expect(document.activeElement?.closest('[role="grid"]')).toBeNull();
    await userEvent.tab({ shift: true });
    expect(grid).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    const current = screen.getAllByRole('row').filter((r) => r.hasAttribute('data-current'));
    expect(current.map((r) => r.getAttribute('data-row-id'))).toEqual(['photos/user1.jpg']);
  });

  it('cuts a long file name in the middle and keeps the full name for the tooltip and screen readers', () => {
    const file = 'Marketing team portraits 2024 - final selection - Jane Doe-Smith.jpg';
    renderTable(deriveRows([item(file, 'matched', user('jane'))], {}));
    const cell = screen.getByRole('gridcell', { name: file });
    expect(cell).toHaveAttribute('title', file);
    const shown = cell.querySelector('[aria-hidden="true"]')?.textContent ?? '';
    expect(shown).toMatch(/^Marketing .*….*Smith\.jpg$/);
    expect(shown.length).toBeLessThan(file.length);
  });

  it('toggles selection with the row checkbox', async () => {
    const { onToggle, onOpen } = renderTable(deriveRows(manyMatched(3), {}));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select photos/user1.jpg' }));
    expect(onToggle).toHaveBeenCalledWith('photos/user1.jpg');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('says when a filter leaves nothing', () => {
    renderTable([]);
    expect(screen.getByText('No rows match this filter.')).toBeInTheDocument();
  });

  it('asks for the previews of the rows on screen first, not of the rows below the fold', () => {
    const items = manyMatched(500).map((i, n) => (n === 3 ? i : { ...i, previewPending: true }));
    const onVisiblePending = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <ReviewTable
          rows={deriveRows(items, {})}
          selected={new Set()}
          activeId={null}
          onToggle={vi.fn()}
          onOpen={vi.fn()}
          onSelectAll={vi.fn()}
          height={560}
          initialRect={{ width: 1000, height: 560 }}
          onVisiblePending={onVisiblePending}
        />
      </FluentProvider>,
    );
    const ids = onVisiblePending.mock.calls.at(-1)![0] as string[];
    expect(ids[0]).toBe('photos/user0.jpg');
    expect(ids).not.toContain('photos/user3.jpg'); // its preview is done
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.length).toBeLessThan(40);
    expect(ids).not.toContain('photos/user400.jpg');
  });
});
