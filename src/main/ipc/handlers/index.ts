/**
 * The handler map: one entry per invoke channel of src/shared/ipc.ts, split by area. Adding a channel: add it to
 * the contract, then to the area's create*Handlers (the `Handlers` type fails the build until you do).
 */
import type { Handlers } from '../dispatch';
import type { Platform } from '../platform';
import { createAppHandlers } from './app';
import { createJobHandlers } from './jobs';
import { createLibraryHandlers } from './library';
import { PathGrants } from '../path-grants';
import { createDesktopHandlers } from './desktop';
import { createPeopleHandlers } from './people';
import { createPrepareHandlers } from './prepare';
import { DesktopServices, defaultDataDir } from '../../use-cases/desktop-services';
import { localImageUrl } from '../../../shared/ipc';

export interface HandlerDeps {
  platform: Platform;
  /** The desktop flow's services; made from the platform when absent. Pass one to reach them (tests, dispose). */
  desktop?: DesktopServices;
  /** The one folder scope (made when absent); the image protocol and the drop channel share it. */
  grants?: PathGrants;
}

/** The desktop flow's services for a platform (sign-in, import, runs, settings). */
export function createDesktopServices(platform: Platform): DesktopServices {
  return new DesktopServices(platform.dataDir ?? defaultDataDir(), {
    openExternal: platform.openExternal,
    imageUrl: platform.imageUrl ?? localImageUrl,
    ...(platform.openPath ? { openPath: platform.openPath } : {}),
    ...(platform.chooseFile ? { chooseFile: platform.chooseFile } : {}),
    ...(platform.notify ? { notify: platform.notify } : {}),
    ...(platform.tokenCache ? { tokenCache: platform.tokenCache } : {}),
  });
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const grants = deps.grants ?? new PathGrants();
  const desktop = deps.desktop ?? createDesktopServices(deps.platform);
  return {
    ...createAppHandlers(deps.platform, grants, desktop),
    ...createJobHandlers(),
    ...createLibraryHandlers(grants),
    ...createDesktopHandlers(desktop, grants),
    ...createPeopleHandlers(desktop, grants),
    ...createPrepareHandlers(desktop, grants, deps.platform),
  };
}
