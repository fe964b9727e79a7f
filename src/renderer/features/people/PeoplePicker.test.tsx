import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it, vi } from 'vitest';
import { PeoplePicker } from './PeoplePicker';
import { user } from '../../../../test/renderer/review-fixtures';

const john1 = user('john1', 'John Smith', 'john.smith@contoso.com');
const john2 = user('john2', 'John Smith', 'john.smith2@contoso.com');
const jane = user('jane', 'Jane Doe', 'jane.doe@contoso.com');

function setup(
  search = vi.fn((q: string) =>
    Promise.resolve([jane, john1].filter((u) => u.displayName?.toLowerCase().includes(q.toLowerCase()))),
  ),
) {
  const onPick = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <PeoplePicker
        label="Assign to"
        search={search}
        candidates={[john1, john2]}
        onPick={onPick}
        debounceMs={0}
      />
    </FluentProvider>,
  );
  return { onPick, search };
}

describe('PeoplePicker', () => {
  it('offers the candidates first and picks one', async () => {
    const { onPick, search } = setup();
    await userEvent.click(screen.getByRole('combobox', { name: 'Assign to' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'John Smithjohn.smith@contoso.com',
      'John Smithjohn.smith2@contoso.com',
    ]);
    await userEvent.click(options[1]!);
    expect(onPick).toHaveBeenCalledWith(john2);
    expect(search).not.toHaveBeenCalled();
  });

  it('searches the directory as you type', async () => {
    const { onPick, search } = setup();
    await userEvent.type(screen.getByRole('combobox', { name: 'Assign to' }), 'jane');
    await waitFor(() => expect(search).toHaveBeenLastCalledWith('jane'));
    const option = await screen.findByRole('option', { name: /jane\.doe@contoso\.com/ });
    await userEvent.click(option);
    expect(onPick).toHaveBeenCalledWith(jane);
  });

  it('says when nothing matches or the search fails', async () => {
    setup();
    await userEvent.type(screen.getByRole('combobox'), 'zzz');
    expect(await screen.findByText('No one in the directory matches "zzz".')).toBeInTheDocument();
  });

  it('reports a failed search in words', async () => {
    setup(vi.fn(() => Promise.reject(new Error('boom'))));
    await userEvent.type(screen.getByRole('combobox'), 'x');
    expect(await screen.findByText(/The directory search failed/)).toBeInTheDocument();
  });
});
