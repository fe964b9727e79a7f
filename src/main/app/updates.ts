/**
 * Help › Check for Updates…: the policy first (environment, machine-wide file, packaged), then electron-updater
 * against the feed in electron-builder.yml (`publish`, written into the app as resources/app-update.yml), and a
 * native dialog for each answer. Nothing is downloaded or installed without the user saying so.
 */
import { type BrowserWindow, app, dialog } from 'electron';
import { checkForUpdate, readPolicyText, type UpdaterLike } from './update-check';
import {
  type UpdateCheckResult,
  type UpdatePolicy,
  policyFilePath,
  updateMessage,
  updatePolicy,
} from './update-policy';

/** The updater calls beyond the check: download and install, each only after the user's yes. */
interface AppUpdater extends UpdaterLike {
  downloadUpdate: () => Promise<unknown>;
  quitAndInstall: () => void;
}

async function loadUpdater(): Promise<AppUpdater> {
  // Loaded on first use: electron-updater is not needed to start the app, nor in CLI mode.
  const { default: electronUpdater } = await import('electron-updater');
  return electronUpdater.autoUpdater;
}

export async function currentUpdatePolicy(): Promise<UpdatePolicy> {
  const policyFile = policyFilePath(process.platform, process.env);
  let policyText: string | null;
  try {
    policyText = await readPolicyText(policyFile);
  } catch (error) {
    return {
      enabled: false,
      reason: 'policy-file',
      detail: `${policyFile} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return updatePolicy({ env: process.env, policyFile, policyText, isPackaged: app.isPackaged });
}

export function createUpdateChecker(options: {
  window: () => BrowserWindow | null;
  log: (message: string) => void;
  productName: string;
}): () => Promise<void> {
  let busy = false;
  const show = async (result: UpdateCheckResult, buttons: string[] = ['OK']) => {
    const { message, detail } = updateMessage(result, options.productName);
    const box = {
      type: result.kind === 'failed' ? ('warning' as const) : ('info' as const),
      message,
      detail,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    };
    const window = options.window();
    const answer = window ? await dialog.showMessageBox(window, box) : await dialog.showMessageBox(box);
    return answer.response;
  };

  const check = async () => {
    const policy = await currentUpdatePolicy();
    if (!policy.enabled) {
      options.log(`update check skipped: ${policy.detail}`);
      await show({ kind: 'disabled', policy });
      return;
    }
    const updater = await loadUpdater();
    const result = await checkForUpdate(updater, app.getVersion());
    if (result.kind === 'failed') options.log(`update check failed: ${result.message}`);
    if (result.kind !== 'available') {
      await show(result);
      return;
    }
    if ((await show(result, ['Download', 'Later'])) !== 0) return;
    try {
      await updater.downloadUpdate();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.log(`update download failed: ${message}`);
      await show({ kind: 'failed', message });
      return;
    }
    const window = options.window();
    const box = {
      type: 'info' as const,
      message: `${options.productName} ${result.version} is ready to install`,
      detail: 'Restart now to install it, or later: it is not installed until you choose to.',
      buttons: ['Restart and install', 'Later'],
      defaultId: 0,
      cancelId: 1,
    };
    const answer = window ? await dialog.showMessageBox(window, box) : await dialog.showMessageBox(box);
    if (answer.response === 0) updater.quitAndInstall();
  };

  return async () => {
    if (busy) return; // one check at a time: a second click while a dialog is open does nothing
    busy = true;
    try {
      await check();
    } catch (error) {
      options.log(`update check: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
}
