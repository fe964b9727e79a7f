// Placeholder until its issue lands: the command exists so the dispatcher is complete, and says it is not built.
import type { CliCommand } from '../io';

export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'headshot scan: not built yet',
  run: (_args, io) => {
    io.stderr('headshot scan: this command is not built yet.\n');
    return Promise.resolve(2);
  },
};
