import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useShell } from '../store';
import { installFakeApi } from '../test-api';
import { ImportScreen } from './ImportScreen';

const renderScreen = () =>
  render(
    <FluentProvider theme={webLightTheme}>
      <ImportScreen />
    </FluentProvider>,
  );

beforeEach(() => {
  useShell.setState({ photoFolder: null });
});

describe('ImportScreen', () => {
  it('chooses a photo folder and scans it with live counts', async () => {
    const api = installFakeApi();
    const user = userEvent.setup();
    renderScreen();
    await user.click(screen.getByRole('button', { name: /Choose folder/ }));
    expect(api.calls.at(-1)).toEqual({ channel: 'dialog:chooseFolder', input: { purpose: 'photos' } });
    act(() => api.pending.get('dialog:chooseFolder')?.({ ok: true, value: { path: '/home/ada/photos' } }));
    expect(await screen.findByTestId('photo-folder')).toHaveTextContent('/home/ada/photos');

    await waitFor(() => expect(api.calls.at(-1)?.channel).toBe('library:scan'));
    const { jobId, root } = api.calls.at(-1)?.input as { jobId: string; root: string };
    expect(root).toBe('/home/ada/photos');
    act(() =>
      api.emit('job:progress', {
        jobId,
        channel: 'library:scan',
        done: 7,
        total: null,
        counts: { images: 5, skipped: 2 },
        message: 'a/b.jpg',
      }),
    );
    expect(screen.getByTestId('scan-status')).toHaveTextContent('Scanning… 5 photos, 2 skipped so far');
    expect(screen.getByRole('button', { name: 'Stop scan' })).toBeEnabled();

    const value = {
      root,
      images: 5,
      skipped: 2,
      bytes: 1,
      formats: { jpeg: 5 },
      skippedByCode: { 'not-an-image': 2 },
    };
    act(() => api.pending.get('library:scan')?.({ ok: true, value }));
    await waitFor(() =>
      expect(screen.getByTestId('scan-status')).toHaveTextContent(
        'Found 5 photos (5 jpeg), 2 skipped (2 not-an-image).',
      ),
    );
  });

  it('says when a scan is refused', async () => {
    const api = installFakeApi();
    const user = userEvent.setup();
    renderScreen();
    await user.click(screen.getByRole('button', { name: /Choose folder/ }));
    act(() => api.pending.get('dialog:chooseFolder')?.({ ok: true, value: { path: '/gone' } }));
    await waitFor(() => expect(api.pending.has('library:scan')).toBe(true));
    act(() =>
      api.pending.get('library:scan')?.({
        ok: false,
        error: { code: 'not-found', message: 'cannot read folder /gone' },
      }),
    );
    expect(await screen.findByText('The scan failed: cannot read folder /gone')).toBeInTheDocument();
  });
});
