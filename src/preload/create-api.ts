/**
 * Builds `window.headshot` from the contract's channel names over any transport. The Electron preload passes
 * ipcRenderer; the e2e harness passes a WebSocket. No electron import here, so both can use it.
 */
import type { HeadshotApi, IpcResult } from '../shared/ipc';
import { type EventChannel, INVOKE_CHANNELS, isEventChannel, splitChannel } from '../shared/ipc-channels';

export interface Transport {
  invoke: (channel: string, input: unknown) => Promise<IpcResult<unknown>>;
  /** Returns the unsubscribe function. */
  subscribe: (channel: EventChannel, listener: (payload: unknown) => void) => () => void;
}

export function createHeadshotApi(transport: Transport, getPathForFile: (file: File) => string): HeadshotApi {
  const areas: Record<string, Record<string, (input?: unknown) => Promise<IpcResult<unknown>>>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [area, action] = splitChannel(channel);
    (areas[area] ??= {})[action] = (input?: unknown) => transport.invoke(channel, input);
  }
  const on = (channel: EventChannel, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel: ${String(channel)}`);
    if (typeof listener !== 'function') throw new Error('The listener must be a function.');
    return transport.subscribe(channel, listener);
  };
  return Object.freeze({ ...areas, on, getPathForFile }) as unknown as HeadshotApi;
}
