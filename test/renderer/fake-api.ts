/**
 * The renderer's one fake API: window.headshot built by the real preload factory (src/preload/create-api.ts)
 * over an in-memory transport that the test scripts. Unscripted channels fail, or stay pending for the test to
 * answer through `pending`; app:info and job:cancel answer by default.
 */
import { createHeadshotApi } from '../../src/preload/create-api';
import type { AppInfo, EventChannel, IpcResult } from '../../src/shared/ipc';

export type Responder = (input: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;

export const info: AppInfo = {
  name: 'Headshot',
  version: '9.9.9',
  runtime: 'electron',
  platform: 'win32',
  arch: 'arm64',
  versions: { node: '22.1.0', electron: '45.5.0', chrome: '140.0' },
  packaged: true,
};

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

const DEFAULTS: Record<string, Responder> = {
  'app:info': () => ok(info),
  'job:cancel': () => ok({ cancelled: true }),
};

export function installFakeApi(
  responders: Record<string, Responder> = {},
  options: { unanswered?: 'fail' | 'pending' } = {},
) {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const pending = new Map<string, (result: IpcResult<unknown>) => void>();
  window.headshot = createHeadshotApi(
    {
      invoke: async (channel, input) => {
        calls.push({ channel, input });
        const respond = responders[channel] ?? DEFAULTS[channel];
        if (respond) return respond(input);
        if (options.unanswered === 'pending') {
          return new Promise<IpcResult<unknown>>((resolve) => pending.set(channel, resolve));
        }
        return { ok: false, error: { code: 'failed', message: `no fake for ${channel}` } };
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
  const listening = (channel: EventChannel) => listeners.get(channel)?.size ?? 0;
  return { calls, emit, pending, listening };
}
