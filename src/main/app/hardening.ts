/**
 * The hardening block (DESIGN section 3, Electron's security checklist). Every item says which check it answers;
 * docs/security.md maps them one by one.
 */
import type { App, Session, WebContents } from 'electron';
import { originOf } from './sender';

export interface SessionHardeningOptions {
  /** The CSP header for responses from our own origins. */
  csp: string;
  /** Origins whose responses get the CSP header (app://headshot; the dev server in development). */
  origins: readonly string[];
}

/** Permissions (camera, notifications, geolocation, HID, USB, serial...) are denied: Headshot needs none. */
export function hardenSession(session: Session, options: SessionHardeningOptions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Nothing the renderer shows should start a download; reports are written by main through a save dialog.
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = originOf(details.url);
    if (!origin || !options.origins.includes(origin)) return callback({});
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    // The policy is built in csp.ts (a static string per build) and asserted in protocols.test.ts.
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [options.csp] } }); // eng-disable CSP_GLOBAL_CHECK
  });
}

export interface ContentsHardeningOptions {
  /** Navigation inside the app (e.g. the dev server reloading) is allowed; everything else is blocked. */
  origins: readonly string[];
  /** Called with a blocked URL a user may have meant to open: it opens only allowlisted https links. */
  openAllowedLink: (url: string) => void;
}

/** Applied to every webContents ever created (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents, options: ContentsHardeningOptions): void {
  const isOwn = (url: string) => {
    const origin = originOf(url);
    return origin !== null && options.origins.includes(origin);
  };
  contents.on('will-navigate', (event, url) => {
    if (isOwn(url)) return;
    event.preventDefault();
    options.openAllowedLink(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwn(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.openAllowedLink(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function installGlobalHardening(app: App, options: ContentsHardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
