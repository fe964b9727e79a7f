import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it, vi } from 'vitest';
import { person } from '../../../../test/renderer/inventory-fixtures';
import { withFakeLayout } from '../../../../test/renderer/layout-size';
import { InventoryTable } from './InventoryTable';

withFakeLayout();

describe('InventoryTable', () => {
  it('renders only the visible rows of 100,000 users', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => person(`user${i}`, i % 3 ? 'present' : 'none'));
    render(
      <FluentProvider theme={webLightTheme}>
        <InventoryTable
          rows={rows}
          selected={new Set()}
          sort={null}
          onToggle={vi.fn()}
          onSelectAll={vi.fn()}
          onSort={vi.fn()}
          emptyText="none"
          initialRect={{ width: 1000, height: 560 }}
        />
      </FluentProvider>,
    );
    const grid = screen.getByRole('grid', { name: 'Users and their photos' });
    expect(grid).toHaveAttribute('aria-rowcount', '100001');
    const bodyRows = within(grid).getAllByRole('row').slice(1);
    expect(bodyRows.length).toBeGreaterThan(5);
    expect(bodyRows.length).toBeLessThan(40);
    expect(within(bodyRows[0]!).getByText('No photo')).toBeInTheDocument();
    expect(within(bodyRows[1]!).getByText('648 × 648')).toBeInTheDocument();
  });
});
