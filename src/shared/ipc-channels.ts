/**
 * The names of the IPC channels and the app's origins: the zod-free half of the contract (src/shared/ipc.ts
 * re-exports it). The preload and the harness stand-in import only this file, so they do not bundle zod
 * (a ~450 kB preload otherwise). ipc.ts must give every name here a schema, and nothing else: the compiler checks.
 */
import {
  DESKTOP_EVENT_CHANNELS,
  DESKTOP_INVOKE_CHANNELS,
  PEOPLE_INVOKE_CHANNELS,
  PREPARE_INVOKE_CHANNELS,
} from './ipc-desktop-channels';

/** Request/response channels, `<area>:<action>`; exposed as `window.headshot.<area>.<action>(input)`. */
export const INVOKE_CHANNELS = [
  'app:info',
  'dialog:chooseFolder',
  'shell:openExternal',
  'job:cancel',
  'demo:countdown',
  'library:scan',
  ...DESKTOP_INVOKE_CHANNELS,
  ...PEOPLE_INVOKE_CHANNELS,
  ...PREPARE_INVOKE_CHANNELS,
] as const;

/** Main -> renderer events. */
/**
 * Not a contract channel and not on window.headshot: the preload sends the path of each File it is asked about
 * (webUtils.getPathForFile, which only a real drop or file input yields), so main can grant what the user dropped.
 */
export const DROPPED_PATH_CHANNEL = 'paths:dropped';

export const EVENT_CHANNELS = ['job:progress', 'job:done', ...DESKTOP_EVENT_CHANNELS] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}

/** Splits `area:action` (the preload uses it to build the nested api object). */
export function splitChannel(channel: string): [area: string, action: string] {
  const at = channel.indexOf(':');
  return [channel.slice(0, at), channel.slice(at + 1)];
}

/** The app's own origin in a packaged or `npm start` build (served by the app:// protocol in main). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'headshot';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Local photos are shown through this protocol, limited to folders the user chose (never file://). */
export const IMAGE_SCHEME = 'headshot-image';

/** The URL the renderer puts in <img src> for a local photo inside a folder the user chose. */
export function localImageUrl(path: string): string {
  return `${IMAGE_SCHEME}://local/?path=${encodeURIComponent(path)}`;
}
