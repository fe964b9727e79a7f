/**
 * Electron main-process entry (bundled to out/main/index.js). Wires the hardened window, the two protocols, the
 * IPC binding and the menu around the plain-Node core (src/main/ipc). Keep logic out of here: it is glue.
 */
import { BrowserWindow, app, ipcMain, nativeTheme, protocol, screen, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from '../../shared/ipc';
import { errorFields, getLogger } from '../core/logging/logger';
import { createIpcCore } from '../ipc';
import { followLogLevel, startAppLogging } from './app-logging';
import { contentSecurityPolicy } from './csp';
import { electronPlatform, openExternalSafely } from './electron-platform';
import { hardenSession, installGlobalHardening } from './hardening';
import { bindIpc, forwardEvents } from './ipc-binding';
import { installMenu } from './menu';
import { handleAppProtocol, handleImageProtocol, registerSchemes } from './protocols';
import { createUpdateChecker } from './updates';
import { createMainWindow } from './window';
import { fitBounds, loadWindowState, saveWindowState } from './window-state';

export const APP_ID = 'com.headshot.app';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../renderer');
const iconPath = path.join(here, '../../assets/icon.png');

// The Vite dev server is trusted only in an unpackaged app started by scripts/dev.mjs.
const devServerUrl = !app.isPackaged ? process.env.HEADSHOT_DEV_SERVER_URL : undefined;
const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
const origins = [APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])];
const csp = contentSecurityPolicy(
  devOrigin ? { allowInlineScripts: true, connect: [devOrigin.replace(/^http/, 'ws')] } : {},
);

// The log first, so start-up failures are in it (docs/logging.md). Handler failures are logged by dispatch.
const logging = startAppLogging(app);
const appLog = getLogger('app');
const log = (message: string) => appLog.warn(message);
const openLink = (url: string) => void openExternalSafely(url, log);
appLog.info('Headshot starting', {
  version: app.getVersion(),
  packaged: app.isPackaged,
  electron: process.versions.electron,
  platform: process.platform,
  arch: process.arch,
});
process.on('unhandledRejection', (reason) => appLog.error('unhandled rejection', errorFields(reason)));

let mainWindow: BrowserWindow | null = null;
const checkForUpdates = createUpdateChecker({ window: () => mainWindow, log, productName: 'Headshot' });
const platform = electronPlatform({ window: () => mainWindow });
const core = createIpcCore({
  platform,
  onError: (channel, error) => {
    if (channel === 'event') appLog.error('event delivery failed', errorFields(error));
  },
});
followLogLevel(logging, core, platform.dataDir ?? app.getPath('userData'));

// Before 'ready': privileged schemes, sandbox for every renderer, one instance.
registerSchemes(protocol);
app.enableSandbox();
app.setAppUserModelId(APP_ID);
if (!app.requestSingleInstanceLock()) app.quit();
installGlobalHardening(app, { origins, openAllowedLink: openLink });

async function openMainWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const saved = await loadWindowState(stateFile);
  const bounds = saved
    ? fitBounds(
        saved.bounds,
        screen.getAllDisplays().map((d) => d.workArea),
      )
    : undefined;
  const window = createMainWindow({
    preloadPath,
    bounds,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#fafafa',
    icon: iconPath,
  });
  if (saved?.maximized) window.maximize();
  mainWindow = window;

  const owner = `webContents:${window.webContents.id}`;
  window.on('close', () => {
    void saveWindowState(stateFile, {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    }).catch(() => log('could not save the window state'));
  });
  window.on('closed', () => {
    core.jobs.cancelOwnedBy(owner);
    if (mainWindow === window) mainWindow = null;
  });

  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

app
  .whenReady()
  .then(async () => {
    hardenSession(session.defaultSession, { csp, origins });
    handleAppProtocol(protocol, rendererDir, csp);
    handleImageProtocol(protocol, core.grants);
    bindIpc({
      ipcMain,
      core,
      policy: { origins, isKnownContents: (id) => mainWindow?.webContents.id === id },
      log,
    });
    forwardEvents(core, () => (mainWindow ? [mainWindow.webContents] : []));
    installMenu({
      isMac: process.platform === 'darwin',
      isDev: !app.isPackaged,
      productName: 'Headshot',
      openHelp: openLink,
      checkForUpdates: () => void checkForUpdates(),
    });
    await openMainWindow();
  })
  .catch((error: unknown) => {
    appLog.error('start-up failed', errorFields(error));
    app.exit(1);
  });

app.on('second-instance', () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) void openMainWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting cancels every job and waits for each to flush its journal and report (each run stays resumable), then
// signs out; only then does the app really quit. A stuck flush cannot hold the quit for more than 15 s.
let shutdown: 'idle' | 'flushing' | 'done' = 'idle';
app.on('before-quit', (event) => {
  if (shutdown === 'done') return;
  event.preventDefault();
  if (shutdown === 'flushing') return;
  shutdown = 'flushing';
  appLog.info('quitting: stopping jobs and signing out');
  void Promise.race([core.dispose(), new Promise<void>((r) => setTimeout(r, 15_000))])
    .catch((error: unknown) => appLog.error('shutdown failed', errorFields(error)))
    .then(() => {
      appLog.info('Headshot stopped');
      shutdown = 'done';
      app.quit();
    });
});
