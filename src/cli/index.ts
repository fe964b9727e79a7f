/**
 * `headshot`: the command line on the same services as the app (automation, scripting, tests).
 * Each command lives in commands/<name>.ts and is loaded only when called, so `headshot scan` does not pay for
 * MSAL or sharp start-up.
 */
import { type CliCommand, type CliIo, UsageError } from './io';

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
};

async function helpText(): Promise<string> {
  const lines = ['Usage: headshot <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  lines.push('', 'Run `headshot <command> --help` for the options of a command.');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
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
