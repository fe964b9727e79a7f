/**
 * The sandboxed preload (bundled to CommonJS: out/preload/index.cjs). It exposes `window.headshot`, one function
 * per contract channel, and never ipcRenderer itself: listeners receive the payload, not the IPC event.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DROPPED_PATH_CHANNEL } from '../shared/ipc-channels';
import { createHeadshotApi } from './create-api';

const api = createHeadshotApi(
  {
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribe: (channel, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  },
  (file) => {
    const path = webUtils.getPathForFile(file);
    // The user dropped it: let main open it (a script cannot make a File with a path, so it cannot fake this).
    if (path) ipcRenderer.send(DROPPED_PATH_CHANNEL, path);
    return path;
  },
);

contextBridge.exposeInMainWorld('headshot', api);
