import { render, screen } from '@testing-library/react';
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
});
