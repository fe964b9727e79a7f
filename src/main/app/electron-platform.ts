import { type BrowserWindow, Notification, app, dialog, shell } from 'electron';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc';
import { checkExternalUrl } from '../../shared/external-url';
import type { Platform } from '../ipc/platform';
import { safeTokenCache } from './safe-token-cache';

/**
 * Opens a link in the user's browser only if it passes the allowlist (parsed https, listed host). Every path to
 * shell.openExternal goes through here: the IPC channel, blocked navigations and window.open.
 */
export async function openExternalSafely(url: string, log?: (message: string) => void): Promise<boolean> {
  const check = checkExternalUrl(url);
  if (!check.ok) {
    log?.(`openExternal refused: ${check.reason}`);
    return false;
  }
  // Reviewed: the URL was parsed and matched against the https host allowlist just above.
  await shell.openExternal(check.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

export function electronPlatform(options: { window: () => BrowserWindow | null }): Platform {
  return {
    appInfo: (): AppInfo => ({
      name: app.getName(),
      version: app.getVersion(),
      runtime: 'electron',
      platform: process.platform,
      arch: process.arch,
      versions: {
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
      },
      packaged: app.isPackaged,
    }),
    chooseFolder: async ({ title }) => {
      const window = options.window();
      const dialogOptions = { title, properties: ['openDirectory' as const] };
      const result = window
        ? await dialog.showOpenDialog(window, dialogOptions)
        : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseFile: async ({ title, extensions }) => {
      const window = options.window();
      const dialogOptions = {
        title,
        properties: ['openFile' as const],
        filters: [{ name: 'Mapping CSV', extensions }],
      };
      const result = window
        ? await dialog.showOpenDialog(window, dialogOptions)
        : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    // HEADSHOT_DATA_DIR lets tests (and admins who want it elsewhere) keep settings, runs and the demo apart.
    dataDir: process.env.HEADSHOT_DATA_DIR || app.getPath('userData'),
    // The desktop flow: the encrypted token cache, the backup folder in the file manager, run notifications.
    tokenCache: () => safeTokenCache(path.join(app.getPath('userData'), 'token-cache.bin')),
    openPath: async (folder) => {
      const error = await shell.openPath(folder);
      if (error) throw new Error(`The folder could not be opened: ${error}`);
    },
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    openExternal: async (url) => {
      await openExternalSafely(url);
    },
  };
}
