import type { PathGrants } from '../path-grants';
import type { Handlers } from '../dispatch';
import { IpcFailure } from '../errors';
import { checkExternalUrl } from '../../../shared/external-url';
import type { Platform } from '../platform';

export function createAppHandlers(
  platform: Platform,
  grants: PathGrants,
): Pick<Handlers, 'app:info' | 'dialog:chooseFolder' | 'shell:openExternal'> {
  return {
    'app:info': () => Promise.resolve(platform.appInfo()),

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
