import { act, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { ScreenPage } from './screen-page';

const page = (title: string) => (
  <FluentProvider theme={webLightTheme}>
    <ScreenPage key={title} title={title} actions={<button type="button">Go on</button>}>
      <p>Body</p>
    </ScreenPage>
  </FluentProvider>
);

describe('ScreenPage', () => {
  it('moves the focus to the new screen’s heading each time a screen opens', () => {
    const { rerender } = render(page('Import'));
    expect(screen.getByRole('heading', { name: 'Import', level: 2 })).toHaveFocus();
    rerender(page('Review'));
    const heading = screen.getByRole('heading', { name: 'Review', level: 2 });
    expect(heading).toHaveFocus();
    // Focusable from code, but no extra Tab stop.
    expect(heading).toHaveAttribute('tabindex', '-1');
  });

  it('puts the way forward in the screen’s action bar', () => {
    render(page('Import'));
    expect(screen.getByRole('region', { name: 'Import actions' })).toContainElement(
      screen.getByRole('button', { name: 'Go on' }),
    );
  });

  it('when the focused control goes away, the focus goes to the screen’s focus-return element, not the body', async () => {
    function Running() {
      const [live, setLive] = useState(true);
      return (
        <ScreenPage title="Upload">
          <span tabIndex={-1} data-focus-return>
            {live ? 'Running' : 'Run finished'}
          </span>
          {live && (
            <button type="button" onClick={() => setLive(false)}>
              Stop
            </button>
          )}
        </ScreenPage>
      );
    }
    render(
      <FluentProvider theme={webLightTheme}>
        <Running />
      </FluentProvider>,
    );
    const stop = screen.getByRole('button', { name: 'Stop' });
    act(() => stop.focus());
    act(() => stop.click());
    await waitFor(() => expect(screen.getByText('Run finished')).toHaveFocus());
  });

  it('without a focus-return element, the focus goes back to the heading', async () => {
    function Closing() {
      const [open, setOpen] = useState(true);
      return (
        <ScreenPage title="Review" subtitle="Mapping CSV: 3 rows">
          {open && (
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          )}
        </ScreenPage>
      );
    }
    render(
      <FluentProvider theme={webLightTheme}>
        <Closing />
      </FluentProvider>,
    );
    expect(screen.getByText('Mapping CSV: 3 rows')).toBeInTheDocument();
    const close = screen.getByRole('button', { name: 'Close' });
    act(() => close.focus());
    act(() => close.click());
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Review' })).toHaveFocus());
  });
});
