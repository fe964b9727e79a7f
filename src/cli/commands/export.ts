/**
 * `headshot export <folder>`: the current profile photos of everyone (or of a users CSV's users) into a folder,
 * with headshot-export.csv beside them. Read-only: nothing in the tenant changes. Exporting again into the same
 * folder downloads only what changed, so an interrupted export is finished by running it again.
 */
import path from 'node:path';
import type { GraphUser } from '../../shared/domain';
import { ExportFolderError, exportPhotos, type ExportOutcome } from '../../main/core/export/export-photos';
import {
  exportNameFieldSchema,
  GRAPH_PHOTO_SIZES,
  type ExportNameField,
  type GraphPhotoSize,
} from '../../main/core/export/export-schema';
import { readUsersCsv, UsersFileError } from '../../main/core/library/parse-users-csv';
import { isDisabled, isGuest } from '../../main/core/matching/directory-index';
import { resolveUserList } from '../../main/core/matching/resolve-user-list';
import { tenantDir } from '../../main/core/runs/manifest';
import { GroupLookupError, groupMembers } from '../../main/core/tenant/groups';
import { loadLiveDirectory } from '../../main/core/tenant/live-directory';
import { visibleText } from '../../shared/visible-text';
import { type CliCommand, type CliIo, UsageError, writeJson } from '../io';
import { AUTH_OPTIONS, AUTH_USAGE, connectFromOptions, stateDirOf } from './upload';
import { parseCliArgs } from './scan';

const usage = `Usage: headshot export <folder> --tenant <id> --client-id <id> [options] --json

Saves the current profile photo of each user into <folder>, one file per user, and lists every user in
<folder>/headshot-export.csv (user id, UPN, file, size, etag, sha256, status). Nothing in the tenant changes.
Export again into the same folder to finish an interrupted export: photos already saved and unchanged in
Microsoft 365 are not downloaded again.

Options:
  --users <csv>            Only the users this CSV lists (a "user" column: UPN, mail or object id),
                           guests and disabled accounts included when the list names them
  --group <id or name>     Only the members of this group, nested groups included
  --name <field>           Name the files by upn (default), mail, employeeId or displayName
  --size <N>               One of Microsoft 365's sizes: ${GRAPH_PHOTO_SIZES.join(', ')} (default: the largest photo)
  --include-guests         Export guest accounts too (left out by default)
  --include-disabled       Export disabled accounts too (left out by default)
  --json                   Print exactly one JSON document:
                           { "results": [ { "user", "status", "file", "sha256", "error" } ], "summary" }

${AUTH_USAGE}

Status per user: exported, unchanged (already in the folder), no-photo, failed.
Exit codes: 0 every user done, 1 some failed or the export was cancelled, 2 usage or sign-in errors.
`;

export function parseSize(value: string | undefined): GraphPhotoSize | null {
  if (value === undefined) return null;
  const n = Number(value.replace(/x\d+$/i, ''));
  const size = GRAPH_PHOTO_SIZES.find((s) => s === n);
  if (size === undefined)
    throw new UsageError(`--size must be one of ${GRAPH_PHOTO_SIZES.join(', ')} (got '${value}').`);
  return size;
}

function parseName(value: string | undefined): ExportNameField {
  if (value === undefined) return 'upn';
  const parsed = exportNameFieldSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--name must be upn, mail, employeeId or displayName (got '${value}').`);
  return parsed.data;
}

export function toExportJson(outcome: ExportOutcome, problems: string[]) {
  return {
    folder: outcome.folder,
    manifest: outcome.manifest,
    state: outcome.state,
    results: outcome.items.map((i) => ({
      user: { id: i.userId, userPrincipalName: i.userPrincipalName },
      status: i.status,
      file: i.file,
      size: i.size,
      sha256: i.sha256,
      error: i.error,
      note: i.note,
    })),
    summary: outcome.summary,
    problems,
  };
}

export const command: CliCommand = {
  summary: 'Save the current profile photos to a folder, with a manifest CSV (resumable; --json)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        ...AUTH_OPTIONS,
        users: { type: 'string' },
        group: { type: 'string' },
        name: { type: 'string' },
        size: { type: 'string' },
        'include-guests': { type: 'boolean', default: false },
        'include-disabled': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one folder to export into.');
    if (values.users && values.group) throw new UsageError('give --users or --group, not both.');
    const folder = path.resolve(io.cwd, positionals[0]!);
    const size = parseSize(values.size);
    const nameBy = parseName(values.name);
    const stateDir = stateDirOf(values, io);
    const conn = await connectFromOptions(values, io);
    try {
      try {
        await conn.signIn();
      } catch (error) {
        io.stderr(`headshot export: ${(error as Error).message}\n`);
        return 2;
      }
      const directory = await loadLiveDirectory({
        client: conn.client,
        tenantId: values.tenant!,
        cacheDir: tenantDir(stateDir, values.tenant!),
      });
      const problems: string[] = [];
      let users: GraphUser[];
      if (values.users) {
        const file = path.resolve(io.cwd, values.users);
        let read;
        try {
          read = await readUsersCsv(file);
        } catch (error) {
          if (error instanceof UsersFileError) {
            io.stderr(`headshot export: ${error.message}\n`);
            return 2;
          }
          throw error;
        }
        // The list is taken as given: a leaver's disabled account is exported when the list names it.
        const resolved = resolveUserList(read.rows, directory.users);
        for (const e of [...read.errors, ...resolved.errors].sort((a, b) => a.row - b.row))
          problems.push(`row ${e.row}: ${e.message}`);
        users = resolved.users;
      } else {
        let inGroup: Set<string> | null = null;
        if (values.group) {
          try {
            const { group, userIds: ids } = await groupMembers(conn.groupClient, values.group);
            inGroup = new Set([...ids].map((id) => id.toLowerCase()));
            io.stderr(`Group ${visibleText(group.displayName ?? group.id)}: ${inGroup.size} users\n`);
          } catch (error) {
            if (error instanceof GroupLookupError) {
              io.stderr(`headshot export: ${visibleText(error.message)}\n`);
              return 2;
            }
            throw error;
          }
        }
        users = directory.users.filter(
          (u) =>
            (!inGroup || inGroup.has(u.id.toLowerCase())) &&
            (values['include-guests'] || !isGuest(u)) &&
            (values['include-disabled'] || !isDisabled(u)),
        );
      }
      for (const p of problems) io.stderr(`headshot export: users CSV ${visibleText(p)}\n`);
      if (users.length === 0) {
        io.stderr('headshot export: nobody to export.\n');
        return 2;
      }
      io.stderr(`Exporting the photos of ${users.length} users to ${folder}\n`);
      let last = 0;
      let outcome: ExportOutcome;
      try {
        outcome = await exportPhotos({
          folder,
          users,
          photos: conn.photos,
          auth: conn.auth,
          nameBy,
          size,
          signal: io.signal,
          onProgress: (p) => {
            const now = Date.now();
            if (now - last < 2000 && p.done !== p.total) return;
            last = now;
            io.stderr(
              `${p.done}/${p.total} done (exported ${p.summary.exported}, unchanged ${p.summary.unchanged}, no photo ${p.summary['no-photo']}, failed ${p.summary.failed})\n`,
            );
          },
        });
      } catch (error) {
        if (error instanceof ExportFolderError) {
          io.stderr(`headshot export: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      if (outcome.state === 'cancelled')
        io.stderr('Cancelled: every file written is whole. Export again into the same folder to finish.\n');
      if (values.json) writeJson(io, toExportJson(outcome, problems));
      else printText(io, outcome);
      return outcome.summary.failed > 0 || outcome.state !== 'completed' || problems.length > 0 ? 1 : 0;
    } finally {
      conn.close();
    }
  },
};

function printText(io: CliIo, outcome: ExportOutcome): void {
  for (const i of outcome.items) {
    if (i.status === 'failed') io.stdout(`failed    ${visibleText(i.userPrincipalName)}: ${i.error}\n`);
    else if (i.note)
      io.stdout(`${i.status.padEnd(9)} ${visibleText(i.userPrincipalName)}: ${visibleText(i.note)}\n`);
  }
  const s = outcome.summary;
  io.stdout(
    `${s.exported} exported, ${s.unchanged} unchanged, ${s['no-photo']} without a photo, ${s.failed} failed${
      s.notReached ? `, ${s.notReached} not reached` : ''
    }.\nManifest: ${outcome.manifest}\n`,
  );
}
