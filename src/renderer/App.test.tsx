import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installFakeApi } from '../../test/renderer/fake-api';
import { App } from './App';
import { useShell } from './store';

function setPrefersDark(dark: boolean) {
  window.matchMedia = (query: string) =>
    ({
      matches: dark && query.includes('dark'),
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }) as never;
}

beforeEach(() => {
  useShell.setState({ screen: 'signin', appInfo: null, appInfoError: null });
  setPrefersDark(false);
});

describe('App shell', () => {
  it('has navigation for every screen and switches between them', async () => {
    installFakeApi({}, { unanswered: 'pending' });
    const user = userEvent.setup();
    render(<App />);
    const nav = within(screen.getByRole('navigation'));
    for (const label of ['Sign in', 'Import', 'Review', 'Upload', 'Report', 'History', 'Settings']) {
      expect(nav.getByRole('button', { name: label })).toBeInTheDocument();
    }
    await user.click(nav.getByRole('button', { name: 'Settings' }));
    expect(useShell.getState().screen).toBe('settings');
    expect(screen.getByRole('heading', { name: 'Settings', level: 2 })).toBeInTheDocument();
    await user.click(nav.getByRole('button', { name: 'History' }));
    expect(useShell.getState().screen).toBe('history');
  });

  it('follows the OS colour scheme', () => {
    installFakeApi({}, { unanswered: 'pending' });
    setPrefersDark(true);
    const { container } = render(<App />);
    expect(container.querySelector('[data-theme]')).toHaveAttribute('data-theme', 'dark');
  });

  it('shows app info from the main process in Settings', async () => {
    const api = installFakeApi({}, { unanswered: 'pending' });
    useShell.setState({ screen: 'settings' });
    render(<App />);
    const facts = await screen.findByTestId('app-info');
    expect(facts).toHaveTextContent('9.9.9');
    expect(facts).toHaveTextContent('Electron 45.5.0');
    expect(facts).toHaveTextContent('win32 (arm64)');
    expect(facts).toHaveTextContent('Packaged');
    expect(api.calls.filter((c) => c.channel === 'app:info')).toHaveLength(1);
  });

  it('reports a missing bridge instead of crashing', async () => {
    useShell.setState({ screen: 'settings' });
    render(<App />);
    expect(await screen.findByText(/bridge is missing/)).toBeInTheDocument();
  });

  it('runs the diagnostics job: progress for its own job id only, then cancel with the same id', async () => {
    const api = installFakeApi({}, { unanswered: 'pending' });
    const user = userEvent.setup();
    useShell.setState({ screen: 'settings' });
    render(<App />);

    await user.click(screen.getByRole('button', { name: 'Run test job' }));
    const start = api.calls.find((c) => c.channel === 'demo:countdown');
    const jobId = (start?.input as { jobId: string }).jobId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.listening('job:progress')).toBe(1);

    const progress = (id: string, done: number) =>
      act(() =>
        api.emit('job:progress', {
          jobId: id,
          channel: 'demo:countdown',
          done,
          total: 20,
          counts: {},
          message: null,
        }),
      );
    progress(jobId, 5);
    progress('00000000-0000-4000-8000-000000000000', 17); // someone else's job
    expect(screen.getByText('5 of 20 steps')).toBeInTheDocument();
    expect(screen.getByTestId('job-status')).toHaveTextContent('Running');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.calls.at(-1)).toEqual({ channel: 'job:cancel', input: { jobId } });
    act(() =>
      api.pending.get('demo:countdown')?.({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('job-status')).toHaveTextContent('Cancelled after 5 of 20 steps.'),
    );
    expect(api.listening('job:progress')).toBe(0);
    expect(screen.getByRole('button', { name: 'Run test job' })).toBeEnabled();
  });
});
