/** The WebSocket messages between the harness server and the browser-side stand-in for the preload. */
import type { IpcResult } from '../../src/shared/ipc';

export const IPC_PATH = '/__headshot/ipc';
export const STAND_IN_PATH = '/__headshot/stand-in.js';

export type ClientMessage = { type: 'invoke'; id: number; channel: string; input?: unknown };
export type ServerMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; channel: string; payload: unknown };

/** The harness serves local images here instead of the app's headshot-image:// protocol. */
export const IMAGE_PATH = '/__headshot/image';
