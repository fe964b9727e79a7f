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
  'import:chooseUsersCsv',
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
/** The People screen's channels (schemas in ./ipc-people.ts). */
export const PEOPLE_INVOKE_CHANNELS = [
  'inventory:load',
  'inventory:group',
  'inventory:saveList',
  'photos:export',
  'photos:remove',
] as const;
export const DESKTOP_EVENT_CHANNELS = [
  'import:previews',
  'run:progress',
  'run:item',
  'run:done',
  'session:deviceCode',
] as const;

export type DesktopInvokeChannel = (typeof DESKTOP_INVOKE_CHANNELS)[number];
export type PeopleInvokeChannel = (typeof PEOPLE_INVOKE_CHANNELS)[number];
export type DesktopEventChannel = (typeof DESKTOP_EVENT_CHANNELS)[number];
