/**
 * The CLI's global log options: `--log-level <error|warn|info|debug>` and `--log-file <path>` anywhere on the
 * line (or HEADSHOT_LOG_LEVEL / HEADSHOT_LOG_FILE). No file, no log: a script owns its output (docs/logging.md).
 */
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../main/core/logging/logger';
import { UsageError } from './io';

export interface LogOptions {
  level: LogLevel;
  file: string | null;
}

/** The log options, and the arguments without them (commands never see them). */
export function takeLogOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): { options: LogOptions; rest: string[] } {
  let level = env.HEADSHOT_LOG_LEVEL || undefined;
  let file = env.HEADSHOT_LOG_FILE || undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (name !== '--log-level' && name !== '--log-file') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
    if (name === '--log-level') level = value;
    else file = value;
  }
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not '${level}'.`);
  }
  return {
    options: {
      level: (level as LogLevel | undefined) ?? 'info',
      file: file ? path.resolve(cwd, file) : null,
    },
    rest,
  };
}
