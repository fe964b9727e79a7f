/**
 * One update check through electron-updater, and the policy file read. Electron-free (the updater is passed in),
 * so the tests run electron-updater's own classes against a feed on loopback.
 */
import { readFile } from 'node:fs/promises';
import type { UpdateCheckResult } from './update-policy';

/** The part of electron-updater's AppUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates: () => Promise<{
    isUpdateAvailable: boolean;
    updateInfo: { version: string };
  } | null>;
}

/**
 * Asks the feed for its latest version. Never downloads or installs: the user is asked first (updates.ts), and a
 * downloaded update is not installed on quit behind their back.
 */
export async function checkForUpdate(
  updater: UpdaterLike,
  currentVersion: string,
): Promise<UpdateCheckResult> {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  try {
    const result = await updater.checkForUpdates();
    // electron-updater answers null when this installation cannot update itself (an AppImage started from an
    // extracted folder, a snap, an unpackaged app).
    if (!result) {
      return {
        kind: 'failed',
        message:
          'This installation is not updated by Headshot itself: use the package it came from (your package manager or your administrator).',
      };
    }
    return result.isUpdateAvailable
      ? { kind: 'available', version: result.updateInfo.version }
      : { kind: 'latest', version: currentVersion };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The policy file's text, or null when there is none. Other read errors (permissions) are thrown. */
export async function readPolicyText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
