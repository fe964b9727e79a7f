import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppInfo, EventChannel, IpcResult } from '../shared/ipc';
import { createHeadshotApi } from '../preload/create-api';
import { App } from './App';
import { useShell } from './store';

const info: AppInfo = {
  name: 'Headshot',
  version: '9.9.9',
  runtime: 'electron',
  platform: 'win32',
  arch: 'arm64',
  versions: { node: '22.1.0', electron: '45.5.0', chrome: '140.0' },
  packaged: true,
};

/** window.headshot built by the real preload factory over an in-memory transport the test drives. */
function installFakeApi() {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const pending = new Map<string, (result: IpcResult<unknown>) => void>();
  window.headshot = createHeadshotApi(
    {
      invoke: (channel, input) => {
        calls.push({ channel, input });
        if (channel === 'app:info') return Promise.resolve({ ok: true, value: info });
        if (channel === 'job:cancel') return Promise.resolve({ ok: true, value: { cancelled: true } });
        return new Promise((resolve) => pending.set(channel, resolve));
      },
      subscribe: (channel, listener) => {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set.add(listener));
        return () => set.delete(listener);
      },
    },
    () => '',
  );
  const emit = (channel: EventChannel, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l(payload));
  return { calls, emit, pending, listenerCount: (c: EventChannel) => listeners.get(c)?.size ?? 0 };
}

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
  useShell.setState({ screen: 'signin', appInfo: null, appInfoError: null, photoFolder: null });
  setPrefersDark(false);
});

describe('App shell', () => {
  it('has navigation for every screen and says plainly which are not built', async () => {
    installFakeApi();
    const user = userEvent.setup();
    render(<App />);
    for (const label of ['Sign in', 'Import', 'Review', 'Upload', 'Report', 'History', 'Settings']) {
      expect(screen.getByRole('button', { name: label })).toBeInTheDocument();
    }
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText(/Not built yet/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'History' }));
    expect(screen.getByRole('heading', { name: 'History' })).toBeInTheDocument();
    expect(screen.getByText(/restore and roll back/)).toBeInTheDocument();
  });

  it('follows the OS colour scheme', () => {
    installFakeApi();
    setPrefersDark(true);
    const { container } = render(<App />);
    expect(container.querySelector('[data-theme]')).toHaveAttribute('data-theme', 'dark');
  });

  it('shows app info from the main process in Settings', async () => {
    const api = installFakeApi();
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
    const api = installFakeApi();
    const user = userEvent.setup();
    useShell.setState({ screen: 'settings' });
    render(<App />);

    await user.click(screen.getByRole('button', { name: 'Run test job' }));
    const start = api.calls.find((c) => c.channel === 'demo:countdown');
    const jobId = (start?.input as { jobId: string }).jobId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.listenerCount('job:progress')).toBe(1);

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
    expect(api.listenerCount('job:progress')).toBe(0);
    expect(screen.getByRole('button', { name: 'Run test job' })).toBeEnabled();
  });

  it('chooses a photo folder through the dialog channel', async () => {
    const api = installFakeApi();
    const user = userEvent.setup();
    useShell.setState({ screen: 'import' });
    render(<App />);
    await user.click(screen.getByRole('button', { name: /Choose folder/ }));
    expect(api.calls.at(-1)).toEqual({ channel: 'dialog:chooseFolder', input: { purpose: 'photos' } });
    act(() => api.pending.get('dialog:chooseFolder')?.({ ok: true, value: { path: '/home/ada/photos' } }));
    expect(await screen.findByTestId('photo-folder')).toHaveTextContent('/home/ada/photos');
  });
});
