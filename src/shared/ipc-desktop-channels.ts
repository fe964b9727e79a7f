/** The log and diagnostics channels (issue 15); their handlers are the app area's (handlers/app.ts). */
export const LOG_INVOKE_CHANNELS = ['app:openLogs', 'app:diagnostics'] as const;

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
  ...LOG_INVOKE_CHANNELS,
] as const;
/** The People screen's channels (schemas in ./ipc-people.ts). */
export const PEOPLE_INVOKE_CHANNELS = [
  'inventory:load',
  'inventory:group',
  'inventory:saveList',
  'photos:export',
  'photos:remove',
] as const;
/** Prepare mode and handoff packages (schemas in ./ipc-prepare.ts). */
export const PREPARE_INVOKE_CHANNELS = [
  'prepare:chooseRoster',
  'prepare:match',
  'prepare:export',
  'prepare:searchRoster',
  'package:check',
  'package:chooseZip',
  'package:open',
] as const;
export const DESKTOP_EVENT_CHANNELS = [
  'import:previews',
  'run:progress',
  'run:item',
  'run:done',
  'session:deviceCode',
] as const;

export type LogInvokeChannel = (typeof LOG_INVOKE_CHANNELS)[number];
/** The channels handlers/desktop.ts serves (the log channels are served by handlers/app.ts). */
export type DesktopInvokeChannel = Exclude<(typeof DESKTOP_INVOKE_CHANNELS)[number], LogInvokeChannel>;
export type PeopleInvokeChannel = (typeof PEOPLE_INVOKE_CHANNELS)[number];
export type PrepareInvokeChannel = (typeof PREPARE_INVOKE_CHANNELS)[number];
export type DesktopEventChannel = (typeof DESKTOP_EVENT_CHANNELS)[number];
