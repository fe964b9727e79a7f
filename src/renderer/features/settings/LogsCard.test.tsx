import { render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { useSettingsStore } from '../../stores/settings-store';
import { LogsCard } from './LogsCard';

const view = () =>
  render(
    <FluentProvider theme={webLightTheme}>
      <LogsCard />
    </FluentProvider>,
  );

afterEach(() => {
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, loaded: false, error: null });
  vi.restoreAllMocks();
});

describe('Settings › Logs', () => {
  it('saves the chosen level', async () => {
    const api = installFakeApi({
      'settings:set': (input) => ok({ ...DEFAULT_SETTINGS, ...(input as object) }),
    });
    view();
    await userEvent.click(screen.getByRole('combobox', { name: /log detail/i }));
    await userEvent.click(screen.getByRole('option', { name: 'Detailed, for support' }));
    expect(api.calls.find((c) => c.channel === 'settings:set')?.input).toEqual({ logLevel: 'debug' });
    expect(useSettingsStore.getState().settings.logLevel).toBe('debug');
    expect(screen.getByRole('combobox', { name: /log detail/i })).toHaveTextContent('Detailed, for support');
  });

  it('opens the logs folder, or says where the logs are', async () => {
    let answer: { path: string | null; opened: boolean } = {
      path: '/home/a/.config/Headshot/logs',
      opened: true,
    };
    const api = installFakeApi({ 'app:openLogs': () => ok(answer) });
    view();
    await userEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Opened /home/a/.config/Headshot/logs');
    expect(api.calls.filter((c) => c.channel === 'app:openLogs')).toHaveLength(1);
    answer = { path: null, opened: false };
    await userEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    expect(await screen.findByRole('status')).toHaveTextContent('keeps no log file');
  });

  it('copies the diagnostics text to the clipboard', async () => {
    const text = 'Headshot diagnostics (2026-12-02)\n{"app":{}}\n';
    installFakeApi({ 'app:diagnostics': () => ok({ diagnostics: {}, text }) });
    view();
    const user = userEvent.setup();
    const write = vi.spyOn(navigator.clipboard, 'writeText');
    await user.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect(write).toHaveBeenCalledWith(text);
    expect(await navigator.clipboard.readText()).toBe(text);
    expect(await screen.findByRole('status')).toHaveTextContent('Diagnostics copied');
  });

  it('shows why the diagnostics could not be made', async () => {
    installFakeApi({
      'app:diagnostics': () => ({ ok: false, error: { code: 'failed', message: 'disk gone' } }),
    });
    view();
    await userEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect(await screen.findByText(/The diagnostics could not be copied: disk gone/)).toBeInTheDocument();
  });
});
