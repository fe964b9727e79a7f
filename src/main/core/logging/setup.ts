/**
 * The process-wide logging of the app's main process and of the CLI: the level, the rotating file (when there is
 * one), the recent errors for diagnostics, and optionally a console for warnings. Installed once by the
 * composition root; `getLogger(scope)` anywhere below then writes to it.
 */
import { createFileSink, type FileSinkOptions } from './file-sink';
import {
  createLogger,
  formatEntry,
  installLogger,
  rootLogger,
  type LogLevel,
  type LogSink,
  type RootLogger,
} from './logger';
import { RecentErrors } from './recent-errors';

export const LOG_FILE_NAME = 'headshot.log';

export interface LoggingOptions {
  level: LogLevel;
  /** The log file; null for none (the CLI without --log-file, the browser harness). */
  file: string | null;
  maxBytes?: FileSinkOptions['maxBytes'];
  keep?: FileSinkOptions['keep'];
  /** Warnings and errors also go here (the app's console). */
  console?: (line: string) => void;
}

export interface LoggingSetup {
  logger: RootLogger;
  recent: RecentErrors;
  file: string | null;
}

let current: LoggingSetup | null = null;

export function setUpLogging(options: LoggingOptions): LoggingSetup {
  const recent = new RecentErrors();
  const sinks: LogSink[] = [recent];
  let file: string | null = null;
  if (options.file) {
    const sink = createFileSink({
      file: options.file,
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      ...(options.keep ? { keep: options.keep } : {}),
    });
    file = sink.file;
    sinks.push(sink);
  }
  const out = options.console;
  if (out) {
    sinks.push({
      write: (e) => {
        if (e.level === 'error' || e.level === 'warn') out(formatEntry(e));
      },
    });
  }
  const logger = createLogger({ level: options.level, sinks });
  installLogger(logger);
  current = { logger, recent, file };
  return current;
}

/** The installed logging, or null when none was set up (unit tests). */
export function currentLogging(): LoggingSetup | null {
  return current && rootLogger() === current.logger ? current : null;
}

/** Back to no logging (tests, and the CLI after a command). */
export function tearDownLogging(): void {
  installLogger(createLogger({ sinks: [] }));
  current = null;
}
