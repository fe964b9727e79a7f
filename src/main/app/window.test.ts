import type { BrowserWindowConstructorOptions } from 'electron';

const created: BrowserWindowConstructorOptions[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      created.push(options);
    }
    once() {}
  },
}));

const { createMainWindow } = await import('./window');

describe('main window', () => {
  it('creates the window with the hardened webPreferences', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', backgroundColor: '#fff' });
    const prefs = created[0]?.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(created[0]?.show).toBe(false);
  });

  it('applies saved bounds without touching the webPreferences', () => {
    createMainWindow({
      preloadPath: '/p.cjs',
      backgroundColor: '#000',
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
    });
    const options = created.at(-1);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, minWidth: 900 });
    expect(options?.webPreferences).toEqual({ ...created[0]?.webPreferences, preload: '/p.cjs' });
  });
});
