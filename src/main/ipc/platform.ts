import type { AppInfo } from '../../shared/ipc';

/**
 * What the handlers need from the desktop around them. Electron implements it with dialog/shell
 * (src/main/app/electron-platform.ts); the e2e harness with a scripted stand-in (e2e/harness/platform.ts).
 */
export interface Platform {
  appInfo: () => AppInfo;
  /** Shows a native folder picker; null when the user cancels. */
  chooseFolder: (options: { title: string }) => Promise<string | null>;
  /** Lets the renderer show images from this folder (the scoped image protocol). */
  grantFolderAccess: (folder: string) => void;
  /** Opens an already-allowlisted https URL in the user's browser. */
  openExternal: (url: string) => Promise<void>;
}
