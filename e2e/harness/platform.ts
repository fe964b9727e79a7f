/**
 * The harness's stand-in for the desktop: no native dialogs or browser to open, so it answers with a fixed
 * folder (and file, for the file picker) and records the links it was asked to open (tests read them from
 * /__headshot/opened). A spec points the dialogs elsewhere through the server's test endpoints.
 */
import type { AppInfo } from '../../src/shared/ipc';
import type { Platform } from '../../src/main/ipc/platform';
import { IMAGE_PATH } from './wire';

export interface HarnessPlatform extends Platform {
  opened: string[];
}

export function harnessPlatform(options: {
  folder: string | null;
  /** What the file picker answers (null: cancelled); read at each call, so a spec may change it. */
  file?: string | null;
  version: string;
  dataDir: string;
}): HarnessPlatform {
  const opened: string[] = [];
  return {
    opened,
    dataDir: options.dataDir,
    appInfo: (): AppInfo => ({
      name: 'Headshot',
      version: options.version,
      runtime: 'harness',
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node, electron: null, chrome: null },
      packaged: false,
    }),
    chooseFolder: () => Promise.resolve(options.folder),
    chooseFile: () => Promise.resolve(options.file ?? null),
    imageUrl: (file) => `${IMAGE_PATH}?path=${encodeURIComponent(file)}`,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  };
}
