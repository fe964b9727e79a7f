import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';

/**
 * The renderer's webPreferences. Each value is the secure one, stated explicitly even where it is Electron's
 * default, so a test (window.test.ts) and a reader can see them.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
    spellcheck: false,
    safeDialogs: true,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  bounds?: { x?: number; y?: number; width: number; height: number };
  backgroundColor: string;
  icon?: string;
}

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    ...options.bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Headshot',
    show: false,
    backgroundColor: options.backgroundColor,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options));
  window.once('ready-to-show', () => window.show());
  return window;
}
