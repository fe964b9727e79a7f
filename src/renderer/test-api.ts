/** Test helper: window.headshot built by the real preload factory over an in-memory transport the test drives. */
import type { AppInfo, EventChannel, IpcResult } from '../shared/ipc';
import { createHeadshotApi } from '../preload/create-api';

export const info: AppInfo = {
  name: 'Headshot',
  version: '9.9.9',
  runtime: 'electron',
  platform: 'win32',
  arch: 'arm64',
  versions: { node: '22.1.0', electron: '45.5.0', chrome: '140.0' },
  packaged: true,
};

export function installFakeApi() {
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
