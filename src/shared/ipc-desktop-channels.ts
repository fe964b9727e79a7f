/** The desktop flow's channel names, zod-free (spread into ./ipc-channels.ts; schemas in ./ipc-desktop.ts). */
export const DESKTOP_INVOKE_CHANNELS = [
  'session:info',
  'session:startDemo',
  'session:signIn',
  'session:signOut',
  'session:preflight',
  'directory:domains',
  'directory:search',
  'directory:currentPhoto',
  'import:chooseMapping',
  'import:run',
  'import:prioritize',
  'run:start',
  'run:control',
  'run:resume',
  'run:retryFailed',
  'run:list',
  'run:report',
  'run:exportCsv',
  'run:openBackupFolder',
  'run:restore',
  'settings:get',
  'settings:set',
] as const;
export const DESKTOP_EVENT_CHANNELS = [
  'import:previews',
  'run:progress',
  'run:item',
  'run:done',
  'session:deviceCode',
] as const;

export type DesktopInvokeChannel = (typeof DESKTOP_INVOKE_CHANNELS)[number];
export type DesktopEventChannel = (typeof DESKTOP_EVENT_CHANNELS)[number];
