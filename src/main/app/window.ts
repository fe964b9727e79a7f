import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  bounds?: { x?: number; y?: number; width: number; height: number };
  backgroundColor: string;
  icon?: string;
}

/**
 * The main window. webPreferences are written out literally, each with its secure value even where that is
 * Electron's default, so a reader, window.test.ts and electronegativity's static checks all see them here.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    ...options.bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Headshot',
    show: false,
    backgroundColor: options.backgroundColor,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      // Reviewed: the preload (src/preload) exposes only the typed contract functions, never ipcRenderer.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would ask for a new window; window.open is denied anyway, this stops the request.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
