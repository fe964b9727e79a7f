/**
 * The app's log (issue 15): a rotating file in Electron's logs folder, warnings also on the console, the level
 * from Settings, applied at start-up and again whenever Settings are saved. See docs/logging.md.
 */
import path from 'node:path';
import type { IpcCore } from '../ipc';
import { getLogger } from '../core/logging/logger';
import { LOG_FILE_NAME, setUpLogging, type LoggingSetup } from '../core/logging/setup';
import { loadSettings } from '../core/settings/settings-file';
import type { Settings } from '../../shared/settings';

export interface LogsPathApp {
  setAppLogsPath: (path?: string) => void;
  getPath: (name: 'logs') => string;
}

/** Windows and Linux: <userData>/logs; macOS: ~/Library/Logs/Headshot (Electron's defaults). */
export function startAppLogging(app: LogsPathApp): LoggingSetup {
  app.setAppLogsPath();
  return setUpLogging({
    level: 'info',
    file: path.join(app.getPath('logs'), LOG_FILE_NAME),
    console: (line) => console.warn(line),
  });
}

/** The saved level now, and each saved change after (settings:set answers with the settings as stored). */
export function followLogLevel(
  logging: LoggingSetup,
  core: Pick<IpcCore, 'dispatch'>,
  dataDir: string,
): void {
  void loadSettings(dataDir)
    .then(({ settings }) => logging.logger.setLevel(settings.logLevel))
    .catch(() => getLogger('app').warn('could not read the log level from the settings'));
  const dispatch = core.dispatch;
  core.dispatch = async (channel, input, ctx) => {
    const result = await dispatch(channel, input, ctx);
    if (channel === 'settings:set' && result.ok) {
      const level = (result.value as Settings).logLevel;
      if (level !== logging.logger.level()) {
        logging.logger.setLevel(level);
        getLogger('app').info('log level changed', { level });
      }
    }
    return result;
  };
}
