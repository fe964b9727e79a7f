/** `headshot runs`: every run in the state dir with its state (interrupted runs can be resumed). */
import { listRuns } from '../../main/core/runs/list-runs';
import { type CliCommand, UsageError, writeJson } from '../io';
import { parseCliArgs } from './scan';
import { AUTH_OPTIONS, AUTH_USAGE, stateDirOf } from './upload';

const usage = `Usage: headshot runs [--tenant <id>] [--state-dir <dir>] [--json]

Lists the runs (uploads and removals) kept in the state dir, newest first: kind, state (running, paused, interrupted, cancelled,
completed), counts per status, and whether a restore was done. Resume an interrupted run with
\`headshot upload --resume <runId> ...\` (a removal: \`headshot remove --resume <runId> ...\`); roll one back with \`headshot restore <runId> ...\`.
Reads local state only: no sign-in. --tenant limits the list to one tenant.

${AUTH_USAGE}
`;

export const command: CliCommand = {
  summary: 'List upload and removal runs and their state (interrupted runs can be resumed)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({ args, allowPositionals: true, options: AUTH_OPTIONS });
    if (positionals.length > 0) throw new UsageError('runs takes no arguments.');
    const tenant = values.tenant?.toLowerCase();
    const runs = (await listRuns(stateDirOf(values, io))).filter(
      (r) => !tenant || r.tenantId.toLowerCase() === tenant,
    );
    if (values.json) {
      writeJson(io, { runs });
      return 0;
    }
    if (runs.length === 0) io.stdout('No runs.\n');
    for (const r of runs) {
      const counts = Object.entries(r.summary)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const removal = r.kind === 'remove';
      io.stdout(
        `${r.runId}  ${removal ? 'remove' : 'upload'}  ${r.state.padEnd(11)} ${r.dryRun ? '(dry run) ' : ''}${r.total} ${removal ? 'users' : 'files'}  ${counts}${r.restore !== 'none' ? `  restore: ${r.restore}` : ''}\n`,
      );
    }
    return 0;
  },
};
