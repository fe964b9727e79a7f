import type { PathGrants } from '../path-grants';
import type { Handlers } from '../dispatch';
import { IpcFailure } from '../errors';
import { checkExternalUrl } from '../../../shared/external-url';
import type { Platform } from '../platform';
import os from 'node:os';
import path from 'node:path';
import { SIGNED_OUT } from '../../../shared/session';
import { buildDiagnostics, diagnosticsText } from '../../core/logging/diagnostics';
import { rootLogger } from '../../core/logging/logger';
import { currentLogging } from '../../core/logging/setup';
import { loadSettings } from '../../core/settings/settings-file';
import { type DesktopServices, defaultDataDir } from '../../use-cases/desktop-services';

export function createAppHandlers(
  platform: Platform,
  grants: PathGrants,
  /** The session and settings for diagnostics; without it the settings file is read and no tenant is named. */
  desktop?: DesktopServices,
): Pick<
  Handlers,
  'app:info' | 'dialog:chooseFolder' | 'shell:openExternal' | 'app:openLogs' | 'app:diagnostics'
> {
  return {
    'app:info': () => Promise.resolve(platform.appInfo()),

    'app:openLogs': async () => {
      const file = currentLogging()?.file ?? null;
      if (!file) return { path: null, opened: false };
      const folder = path.dirname(file);
      if (!platform.openPath) return { path: folder, opened: false };
      await platform.openPath(folder);
      return { path: folder, opened: true };
    },

    'app:diagnostics': async () => {
      const logging = currentLogging();
      const settings = desktop
        ? await desktop.settings()
        : (await loadSettings(platform.dataDir ?? defaultDataDir())).settings;
      const diagnostics = buildDiagnostics({
        now: new Date(),
        app: platform.appInfo(),
        os: { release: os.release(), locale: Intl.DateTimeFormat().resolvedOptions().locale },
        settings,
        session: desktop?.session.info() ?? SIGNED_OUT,
        log: { level: rootLogger().level(), file: logging?.file ?? null },
        recentErrors: logging?.recent.list() ?? [],
      });
      return { diagnostics, text: diagnosticsText(diagnostics) };
    },

    'dialog:chooseFolder': async (input) => {
      const title =
        input?.title ??
        (input?.purpose === 'reports' ? 'Choose a folder for reports' : 'Choose a photo folder');
      const folder = await platform.chooseFolder({ title });
      if (folder === null) return null;
      grants.grantFolder(folder, 'dialog');
      return { path: folder };
    },

    'shell:openExternal': async ({ url }) => {
      const check = checkExternalUrl(url);
      if (!check.ok) throw new IpcFailure('not-allowed', `Refused to open the link: ${check.reason}.`);
      // Reviewed: parsed and matched against the https host allowlist on the line above.
      await platform.openExternal(check.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { opened: true as const };
    },
  };
}
