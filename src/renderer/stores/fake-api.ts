/** Test helper: window.headshot from the real preload factory over a scripted in-memory transport. */
import { createHeadshotApi } from '../../preload/create-api';
import type { EventChannel, IpcResult } from '../../shared/ipc';

export type Responder = (input: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;

export function installFakeApi(responders: Record<string, Responder>) {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  window.headshot = createHeadshotApi(
    {
      invoke: async (channel, input) => {
        calls.push({ channel, input });
        const respond = responders[channel];
        return respond
          ? respond(input)
          : { ok: false, error: { code: 'failed', message: `no fake for ${channel}` } };
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
  return { calls, emit, listening };
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
