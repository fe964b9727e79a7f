/**
 * `headshot remove`: remove the profile photos of a selection of users (a users CSV, disabled accounts), as a run:
 * each photo is backed up first, the run is journaled (resume with --resume) and rolled back with
 * `headshot restore <runId>`, which puts every photo back byte for byte.
 */
import path from 'node:path';
import type { GraphUser, UserRef } from '../../shared/domain';
import type { RunReport } from '../../shared/upload';
import { readUsersCsv, UsersFileError } from '../../main/core/library/parse-users-csv';
import { resolveUserList } from '../../main/core/matching/resolve-user-list';
import { tenantDir } from '../../main/core/runs/manifest';
import { countPhotos } from '../../main/core/runs/count-photos';
import { readRun, resumeRemoval, startRemoval } from '../../main/core/runs/run-engine';
import { runKindOf, type SkippedItem } from '../../main/core/runs/run-records';
import { RunLockedError } from '../../main/core/runs/run-folders';
import { GroupLookupError, groupMembers } from '../../main/core/tenant/groups';
import { liveDirectorySource } from '../../main/core/tenant/live-directory';
import { isInputError } from '../input-errors';
import { type CliCommand, UsageError } from '../io';
import { parseCliArgs } from './scan';
import {
  AUTH_OPTIONS,
  AUTH_USAGE,
  connectFromOptions,
  exitCode,
  follow,
  signInAndCheck,
  stateDirOf,
} from './upload';

const usage = `Usage: headshot remove --users <csv> [--group <id or name>] [--disabled] [--dry-run] --yes --tenant <id> --client-id <id> [options] --json

Removes the profile photos of the users you name. Each photo is backed up first; the run is journaled, so it can
be resumed (--resume) and rolled back with \`headshot restore <runId>\`, which puts every photo back byte for byte.
Users without a photo are listed as "no-photo" and left alone.

Who (each option given narrows the selection; at least one is required):
  --users <csv>            A users CSV: a "user" column with UPN, mail or object id (one user per row)
  --group <id or name>     Members of a group, nested groups included (needs GroupMember.Read.All)
  --disabled               Accounts that are disabled in the directory (with --users: those of the list)

Options:
  --dry-run                Read only: the report says whose photo would be removed
  --concurrency <N>        At most N Graph requests at once (default 16; the engine adapts below it)
  --resume <runId>         Carry on an interrupted or cancelled removal
  --yes                    Required for a real removal (not for --dry-run); without it, nothing is removed and
                           Headshot says how many users would lose their photo
  --json                   Print exactly one JSON document:
                           { "runId", "results": [ { "user", "status", "backup", "error" } ], "summary" }
                           status: removed | no-photo | failed (would-remove in a dry run; skipped: not found)

${AUTH_USAGE}

Exit codes: 0 every photo meant to be removed was, 1 some failed, 2 usage or sign-in errors (or no --yes).
Note: Teams and Outlook can go on showing a removed photo for a while: Microsoft 365 caches it.
`;

export function toRemoveJson(report: RunReport) {
  return {
    runId: report.runId,
    results: report.results.map((r) => ({
      user: r.user ? { id: r.user.id, userPrincipalName: r.user.userPrincipalName } : null,
      status: r.status,
      backup: r.backup,
      error: r.error ?? (r.status === 'skipped' ? { code: 'user-not-found', message: r.note } : null),
    })),
    summary: report.summary,
  };
}

const toRef = (u: GraphUser): UserRef => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName ?? null,
});

export const command: CliCommand = {
  summary: 'Remove the photos of a list of users (backed up first; restore puts them back)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        ...AUTH_OPTIONS,
        users: { type: 'string' },
        group: { type: 'string' },
        disabled: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        resume: { type: 'string' },
        yes: { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0)
      throw new UsageError('remove takes no arguments: name the users with --users.');
    const resume = values.resume;
    const selects = !!(values.users || values.group || values.disabled);
    if (resume && selects)
      throw new UsageError('--resume takes no --users, --group or --disabled: the run remembers its users.');
    if (!resume && !selects)
      throw new UsageError(
        'say whose photos to remove: --users <csv>, --group <id or name> and/or --disabled.',
      );
    let concurrency: number | undefined;
    if (values.concurrency !== undefined) {
      concurrency = Number(values.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError('--concurrency must be an integer from 1 to 64.');
    }
    const stateDir = stateDirOf(values, io);
    // The file is read before signing in: a wrong file is a usage error that costs no sign-in.
    let csv: Awaited<ReturnType<typeof readUsersCsv>> | null = null;
    if (values.users) {
      try {
        csv = await readUsersCsv(path.resolve(io.cwd, values.users));
      } catch (error) {
        if (error instanceof UsersFileError || isInputError(error)) {
          io.stderr(`headshot remove: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      for (const e of csv.errors) io.stderr(`headshot remove: users CSV row ${e.row}: ${e.message}\n`);
    }
    const conn = await connectFromOptions(values, io);
    try {
      if (!(await signInAndCheck(conn, io, 'remove'))) return 2;
      const deps = { stateDir, photos: conn.photos, auth: conn.auth };

      if (resume) {
        let fold;
        try {
          fold = await readRun(stateDir, resume);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        if (runKindOf(fold.start) !== 'remove')
          throw new UsageError(`run ${resume} is an upload: resume it with \`headshot upload --resume\`.`);
        if (!fold.start.settings.dryRun && !values.yes)
          throw new UsageError('add --yes to resume a removal that removes photos.');
        const handle = await resumeRemoval(resume, deps);
        return exitCode((await follow(handle, io, values.json, toRemoveJson)).report);
      }

      const source = liveDirectorySource({
        client: conn.client,
        tenantId: values.tenant!,
        cacheDir: tenantDir(stateDir, values.tenant!),
      });
      const directory = await source.loadUsers({ signal: io.signal });
      let chosen: GraphUser[] = directory;
      const skipped: SkippedItem[] = [];
      if (csv) {
        const resolved = resolveUserList(csv.rows, directory);
        for (const e of resolved.errors) {
          const reason = `Users CSV row ${e.row} ("${e.value}"): ${e.message}`;
          io.stderr(`headshot remove: ${reason}\n`);
          skipped.push({ file: '', user: null, method: null, reason, status: 'skipped' });
        }
        chosen = resolved.users;
      }
      if (values.group) {
        let members: Set<string>;
        try {
          const { group, userIds } = await groupMembers(conn.groupClient, values.group);
          members = userIds;
          io.stderr(
            `headshot remove: group ${group.displayName ?? group.id} has ${members.size} users (nested groups included).\n`,
          );
        } catch (error) {
          if (error instanceof GroupLookupError) {
            io.stderr(`headshot remove: ${error.message}\n`);
            return 2;
          }
          throw error;
        }
        chosen = chosen.filter((u) => members.has(u.id));
      }
      if (values.disabled) chosen = chosen.filter((u) => u.accountEnabled === false);
      const users = chosen.map(toRef);
      const dryRun = values['dry-run'];
      if (!dryRun && !values.yes) {
        const { withPhoto, failed } = await countPhotos(
          users.map((u) => u.id),
          { photos: conn.photos, auth: conn.auth, signal: io.signal },
        );
        io.stderr(
          `headshot remove: ${withPhoto} of the ${users.length} users selected would lose their photo${
            failed > 0 ? ` (${failed} could not be checked)` : ''
          }. Check with --dry-run, then add --yes to remove them (each is backed up first).\n`,
        );
        return 2;
      }
      const handle = await startRemoval(
        {
          tenantId: values.tenant!,
          users,
          skipped,
          settings: { dryRun, ...(concurrency ? { maxConcurrency: concurrency } : {}) },
        },
        deps,
      );
      io.stderr(
        `Run ${handle.runId}: ${users.length} users to ${dryRun ? 'check (dry run)' : 'remove the photo of'}${
          skipped.length ? `, ${skipped.length} rows not found` : ''
        }.\n`,
      );
      const outcome = await follow(handle, io, values.json, toRemoveJson);
      if (!dryRun)
        io.stderr(
          'Note: Teams and Outlook can go on showing a removed photo for a while: Microsoft 365 caches it.\n',
        );
      return exitCode(outcome.report);
    } catch (error) {
      if (error instanceof RunLockedError) {
        io.stderr(`headshot remove: ${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      conn.close();
    }
  },
};
