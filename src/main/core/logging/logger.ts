/**
 * The one logger of the app's main process and the CLI: a small interface (debug/info/warn/error with
 * structured fields), a level, and sinks. Every entry is redacted here, before any sink sees it.
 *
 * The core reaches it through `getLogger(scope)`, a process-wide logger: the composition root (Electron main, the
 * CLI) installs the real one with `installLogger`; until then (unit tests, benches) entries go nowhere.
 */
import type { Settings } from '../../../shared/settings';
import { redactText, redactValue } from './redact';

export type LogLevel = Settings['logLevel'];
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
export type LogFields = Record<string, unknown>;

export interface LogEntry {
  /** Epoch ms. */
  time: number;
  level: LogLevel;
  scope: string;
  /** Redacted. */
  message: string;
  /** Redacted copies. */
  fields: LogFields;
}

export interface LogSink {
  write: (entry: LogEntry) => void;
}

export interface Logger {
  debug: (message: string, fields?: LogFields) => void;
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, fields?: LogFields) => void;
  /** The same logger under another scope ("run", "session", "ipc"). */
  child: (scope: string) => Logger;
}

export interface RootLogger extends Logger {
  level: () => LogLevel;
  setLevel: (level: LogLevel) => void;
}

const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

export function createLogger(options: {
  level?: LogLevel;
  sinks: LogSink[];
  now?: () => number;
}): RootLogger {
  let level: LogLevel = options.level ?? 'info';
  const now = options.now ?? Date.now;
  const write = (scope: string, at: LogLevel, message: string, fields?: LogFields) => {
    if (rank(at) > rank(level)) return;
    const entry: LogEntry = {
      time: now(),
      level: at,
      scope,
      message: redactText(message),
      fields: fields ? (redactValue(fields) as LogFields) : {},
    };
    for (const sink of options.sinks) {
      try {
        sink.write(entry);
      } catch {
        // A sink that fails (disk full) must never fail the work that logged.
      }
    }
  };
  const scoped = (scope: string): Logger => ({
    debug: (m, f) => write(scope, 'debug', m, f),
    info: (m, f) => write(scope, 'info', m, f),
    warn: (m, f) => write(scope, 'warn', m, f),
    error: (m, f) => write(scope, 'error', m, f),
    child: (s) => scoped(s),
  });
  return {
    ...scoped('main'),
    level: () => level,
    setLevel: (next) => {
      level = next;
    },
  };
}

/** One line of text for an entry: time, level, scope, message and the fields as JSON. */
export function formatEntry(entry: LogEntry): string {
  const fields = Object.keys(entry.fields).length ? ` ${JSON.stringify(entry.fields)}` : '';
  return `${new Date(entry.time).toISOString()} ${entry.level.toUpperCase().padEnd(5)} [${entry.scope}] ${entry.message}${fields}`;
}

const silent = createLogger({ sinks: [] });
let installed: RootLogger = silent;

/** Makes `logger` the process-wide one (the composition root calls this once); returns the previous one. */
export function installLogger(logger: RootLogger): RootLogger {
  const previous = installed;
  installed = logger;
  return previous;
}

export function rootLogger(): RootLogger {
  return installed;
}

/** A scoped logger that writes to whichever logger is installed at the time of each call. */
export function getLogger(scope: string): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void =>
      installed.child(scope)[level](message, fields);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (s) => getLogger(s),
  };
}

/** An error for a log field: its redacted name, message, code and stack (redactValue does the work). */
export function errorFields(error: unknown): LogFields {
  return { error: error instanceof Error ? error : String(error) };
}
