/**
 * `headshot`: the command line on the same services as the app (automation, scripting, tests).
 * Each command lives in commands/<name>.ts and is loaded only when called, so `headshot scan` does not pay for
 * MSAL or sharp start-up.
 */
import { errorFields, getLogger } from '../main/core/logging/logger';
import { setUpLogging, tearDownLogging } from '../main/core/logging/setup';
import { type CliCommand, type CliIo, UsageError } from './io';
import { takeLogOptions } from './log-options';

const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  scan: () => import('./commands/scan'),
  match: () => import('./commands/match'),
  process: () => import('./commands/process'),
  emulator: () => import('./commands/emulator'),
  upload: () => import('./commands/upload'),
  restore: () => import('./commands/restore'),
  runs: () => import('./commands/runs'),
  inventory: () => import('./commands/inventory'),
  remove: () => import('./commands/remove'),
  export: () => import('./commands/export'),
  package: () => import('./commands/package'),
};

async function helpText(): Promise<string> {
  const lines = ['Usage: headshot <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  lines.push(
    '',
    'Global options: --log-level <error|warn|info|debug> (default info), --log-file <path> (default: no log).',
    'Run `headshot <command> --help` for the options of a command.',
  );
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let taken: ReturnType<typeof takeLogOptions>;
  try {
    taken = takeLogOptions(argv, io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`headshot: ${error.message}\n`);
    return 2;
  }
  if (!taken.options.file) return runCommand(taken.rest, io);
  setUpLogging(taken.options);
  const log = getLogger('cli');
  log.info('command started', { command: taken.rest[0] ?? null });
  try {
    const code = await runCommand(taken.rest, io);
    log.info('command finished', { command: taken.rest[0] ?? null, exitCode: code });
    return code;
  } catch (error) {
    log.error('command failed', { command: taken.rest[0] ?? null, ...errorFields(error) });
    throw error;
  } finally {
    tearDownLogging();
  }
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await helpText());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`headshot: unknown command '${name}'.\n\n${await helpText()}`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`headshot ${name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    throw error;
  }
}
