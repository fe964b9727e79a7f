/**
 * `headshot restore <runId>`: put back every photo a run replaced or removed (and remove those an upload added).
 * Resumable.
 */
import { RunNotFoundError } from '../../main/core/runs/run-engine';
import { restoreRun } from '../../main/core/runs/restore';
import { RunLockedError } from '../../main/core/runs/run-folders';
import { type CliCommand, UsageError, writeJson } from '../io';
import { parseCliArgs } from './scan';
import {
  AUTH_OPTIONS,
  AUTH_USAGE,
  connectFromOptions,
  exitCode,
  signInAndCheck,
  stateDirOf,
  toCliJson,
} from './upload';

const usage = `Usage: headshot restore <runId> --tenant <id> --client-id <id> [options] --json

Rolls a run back: each user the run wrote gets the photo backed up before the run, byte for byte; after an
upload, users who had no photo get theirs removed (a removal run leaves users who had no photo alone). Restore is journaled: run it again to finish an interrupted restore or retry failures.

Options:
  --yes                    Required: you mean to write to the tenant
  --json                   Print exactly one JSON document:
                           { "runId", "results": [ { "file", "user", "status", "error", "backup" } ], "summary" }

${AUTH_USAGE}

Exit codes: 0 everything was restored, 1 some failed, 2 usage or sign-in errors.
`;

export const command: CliCommand = {
  summary: 'Roll a run back (an upload or a removal) to the photos users had before it',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: { ...AUTH_OPTIONS, yes: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one run id (see `headshot runs`).');
    if (!values.yes) throw new UsageError('add --yes to write the backed-up photos back to the tenant.');
    const runId = positionals[0]!;
    const stateDir = stateDirOf(values, io);
    const conn = await connectFromOptions(values, io);
    try {
      if (!(await signInAndCheck(conn, io, 'restore'))) return 2;
      const outcome = await restoreRun(runId, {
        stateDir,
        photos: conn.photos,
        auth: conn.auth,
        signal: io.signal,
      });
      if (values.json) writeJson(io, toCliJson(outcome.report));
      else
        io.stdout(
          `Restore of ${runId} ${outcome.state}: ${JSON.stringify(outcome.report.summary)}\nReport: ${outcome.reportPaths.csv}\n`,
        );
      return exitCode(outcome.report);
    } catch (error) {
      if (
        error instanceof RunNotFoundError ||
        error instanceof RunLockedError ||
        (error as Error).message?.includes('is not a run id')
      ) {
        io.stderr(`headshot restore: ${(error as Error).message}\n`);
        return 2;
      }
      throw error;
    } finally {
      conn.close();
    }
  },
};
