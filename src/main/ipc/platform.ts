import type { AppInfo } from '../../shared/ipc';
import type { TokenCacheChoice } from '../use-cases/session-service';

/**
 * What the handlers need from the desktop around them. Electron implements it with dialog/shell
 * (src/main/app/electron-platform.ts); the e2e harness with a scripted stand-in (e2e/harness/platform.ts).
 */
export interface Platform {
  appInfo: () => AppInfo;
  /** Shows a native folder picker; null when the user cancels. */
  chooseFolder: (options: { title: string }) => Promise<string | null>;
  /** Opens an already-allowlisted https URL in the user's browser. */
  openExternal: (url: string) => Promise<void>;
  /** A native file picker for one file (the mapping CSV); null when cancelled. */
  chooseFile?: (options: { title: string; extensions: string[] }) => Promise<string | null>;
  /** The URL the renderer loads a local image from (default: the headshot-image:// protocol). */
  imageUrl?: (file: string) => string;
  /** Opens a local folder in the file manager (the run's backup folder); absent in the browser harness. */
  openPath?: (folder: string) => Promise<void>;
  /** A system notification (a long run finished); absent where there is none. */
  notify?: (title: string, body: string) => void;
  /** Where settings, run state and the demo folder live (Electron: userData); default: defaultDataDir(). */
  dataDir?: string;
  /** The encrypted token cache (safeStorage), or why there is none. */
  tokenCache?: () => TokenCacheChoice;
}
