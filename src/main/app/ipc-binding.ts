/**
 * The only user of ipcMain. handle() binds every contract channel to the transport-agnostic dispatcher after
 * checking the sender; events from the core go to our windows with webContents.send.
 */
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import { type EventChannel, INVOKE_CHANNELS, type IpcResult } from '../../shared/ipc';
import { DROPPED_PATH_CHANNEL } from '../../shared/ipc-channels';
import type { IpcCore } from '../ipc';
import { type SenderPolicy, checkSender } from './sender';

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  core: IpcCore;
  policy: SenderPolicy;
  /** Where refusals are logged (never the payload: it may carry user data). */
  log?: (message: string) => void;
}

export function bindIpc({ ipcMain, core, policy, log }: IpcBindingOptions): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      const sender = checkSender(event, policy);
      if (!sender.ok) {
        log?.(`ipc: refused ${channel}: ${sender.reason}`);
        return { ok: false, error: { code: 'forbidden-sender', message: `Refused: ${sender.reason}.` } };
      }
      return core.dispatch(channel, input, core.context(`webContents:${event.sender.id}`));
    });
  }
  const onDropped = (event: IpcMainEvent, dropped: unknown) => {
    const sender = checkSender(event, policy);
    if (!sender.ok) return log?.(`ipc: refused ${DROPPED_PATH_CHANNEL}: ${sender.reason}`);
    if (typeof dropped === 'string' && dropped.length <= 4096) core.grants.grantDropped(dropped);
  };
  ipcMain.on(DROPPED_PATH_CHANNEL, onDropped);
  return () => {
    INVOKE_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
    ipcMain.removeListener(DROPPED_PATH_CHANNEL, onDropped);
  };
}

/** Sends core events to the given windows; destroyed ones are skipped. Returns the unsubscribe function. */
export function forwardEvents(core: IpcCore, targets: () => readonly WebContents[]): () => void {
  return core.events.subscribe((channel: EventChannel, payload) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(channel, payload);
  });
}
