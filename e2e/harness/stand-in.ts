/**
 * Browser-side stand-in for the preload (e2e only): the same createHeadshotApi as src/preload/index.ts, over a
 * WebSocket to the harness server instead of ipcRenderer. Bundled by the server and added to the page with
 * Playwright's addInitScript, so it runs before the app's own scripts, like a preload.
 */
import { createHeadshotApi } from '../../src/preload/create-api';
import type { IpcResult } from '../../src/shared/ipc';
import type { EventChannel } from '../../src/shared/ipc-channels';
import { type ClientMessage, IPC_PATH, type ServerMessage } from './wire';

const socket = new WebSocket(
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_PATH}`,
);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('The harness IPC socket failed to open.')), {
    once: true,
  });
});
const pending = new Map<number, (result: IpcResult<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message: MessageEvent<string>) => {
  const data = JSON.parse(message.data) as ServerMessage;
  if (data.type === 'result') {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else {
    listeners.get(data.channel)?.forEach((listener) => listener(data.payload));
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values())
    resolve({ ok: false, error: { code: 'failed', message: 'The harness connection closed.' } });
  pending.clear();
});

const api = createHeadshotApi(
  {
    invoke: async (channel, input) => {
      await opened;
      const id = nextId++;
      const message: ClientMessage = { type: 'invoke', id, channel, input };
      return new Promise<IpcResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify(message));
      });
    },
    subscribe: (channel: EventChannel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return () => {
        set.delete(listener);
      };
    },
  },
  () => '', // a browser page has no file paths
);

// Like contextBridge: a frozen object on a read-only property.
Object.defineProperty(window, 'headshot', { value: api, writable: false, configurable: false });
