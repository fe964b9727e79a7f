/**
 * `headshot inventory`: every user of the tenant with the state of their profile photo (the People screen's list),
 * filtered, as JSON, CSV or a short summary; `--missing` gives the photographer's list with managers. Reads only:
 * it signs in with the options of `headshot upload` but runs no upload pre-flight.
 */
import fs from 'node:fs/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import path from 'node:path';
import {
  inventoryCsv,
  inventoryDocumentSchema,
  inventoryFilterSchema,
  photoStatusSchema,
  summarizeInventory,
  filterInventory,
  type InventoryFilter,
  type InventoryUser,
} from '../../shared/inventory';
import { DEFAULT_MAX_AGE_MINUTES, loadInventory } from '../../main/core/inventory/load-inventory';
import {
  missingPhotoRows,
  missingPhotosCsv,
  type ManagerInfo,
} from '../../main/core/inventory/missing-photos';
import { CancelledError } from '../../main/core/runs/scheduler';
import { GroupLookupError, groupMembers, managersOf } from '../../main/core/tenant/groups';
import { domainsFromUsers } from '../../main/core/tenant/live-directory';
import { readTenantName } from '../../main/use-cases/session-service';
import { type CliCommand, UsageError, writeJson } from '../io';
import { parseCliArgs } from './scan';
import { AUTH_OPTIONS, AUTH_USAGE, connectFromOptions, stateDirOf } from './upload';

const FILTER_KEYS = Object.keys(inventoryFilterSchema.shape) as (keyof InventoryFilter)[];
const BOOLEAN_KEYS = new Set<keyof InventoryFilter>(['missing', 'enabled', 'licensed']);
const PHOTO_STATUSES = photoStatusSchema.options;

const usage = `Usage: headshot inventory --tenant <id> --client-id <id> [options] [--json | --csv <file>]

Lists every user of the tenant with their profile photo: none, present (size, content type, etag), low resolution
(largest side under 648 px), or could not be read; and the Headshot run that set it, where one did. Members only,
unless --include-guests / --include-disabled. The list is cached per tenant: the directory is brought up to date
every time (delta), photos are read again when older than --max-age, or all of them with --refresh.

Options:
  --missing                Only the users without a photo or with a low-resolution one (the photographer's list);
                           with --csv, the list with department, office and manager
  --filter <key=value>     Repeatable; every filter must hold. Keys:
                             photo=none,present,low-resolution,unreadable (one or more, comma-separated)
                             department=, company=, office=, country= (exact, case and accents ignored)
                             domain=contoso.com (the UPN's domain)   enabled=true|false   licensed=true|false
                             missing=true   query=<words> (name, UPN, mail, employee ID, department, office)
  --group <id or name>     Only members of this group, nested groups included
  --include-guests         Include guest accounts
  --include-disabled       Include disabled accounts
  --refresh                Read every photo again (not only those older than --max-age)
  --max-age <minutes>      Read again photos read longer ago than this (default ${DEFAULT_MAX_AGE_MINUTES}, a day)
  --csv <file>             Write the rows as CSV (Excel-ready)
  --json                   Print exactly one JSON document:
                           { "tenantId", "users": [ { "id", "userPrincipalName", "displayName",
                             "photo": null | { "width", "height", "contentType", "etag" }, ... } ], "summary" }

${AUTH_USAGE}

Exit codes: 0 every photo was read, 1 some photos could not be read, 2 usage or sign-in errors.
`;

/** Pure: `--filter key=value` options -> the inventory filter; a bad key or value is a UsageError. */
export function parseInventoryFilters(pairs: readonly string[]): InventoryFilter {
  const raw: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`--filter takes key=value (got '${pair}'). Keys: ${FILTER_KEYS.join(', ')}.`);
    const key = pair.slice(0, eq).trim() as keyof InventoryFilter;
    const value = pair.slice(eq + 1).trim();
    if (!FILTER_KEYS.includes(key))
      throw new UsageError(`--filter: unknown key '${key}'. Keys: ${FILTER_KEYS.join(', ')}.`);
    if (key in raw) throw new UsageError(`--filter ${key} is given twice.`);
    if (value === '') throw new UsageError(`--filter ${key}= needs a value.`);
    if (key === 'photo') {
      const statuses = value.split(',').map((s) => s.trim());
      const bad = statuses.filter((s) => !(PHOTO_STATUSES as readonly string[]).includes(s));
      if (bad.length > 0)
        throw new UsageError(
          `--filter photo: '${bad.join(', ')}' is not one of ${PHOTO_STATUSES.join(', ')}.`,
        );
      raw.photo = [...new Set(statuses)];
    } else if (BOOLEAN_KEYS.has(key)) {
      if (!/^(true|false)$/i.test(value))
        throw new UsageError(`--filter ${key} must be true or false (got '${value}').`);
      raw[key] = value.toLowerCase() === 'true';
    } else raw[key] = value;
  }
  const parsed = inventoryFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--filter ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

function parseMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--max-age is a whole number of minutes (got '${value}').`);
  return Number(value);
}

function humanSummary(
  tenant: string,
  users: readonly InventoryUser[],
  loaded: { users: number; read: number; throttled: number },
): string {
  const s = summarizeInventory(users);
  const of = s.users < loaded.users ? ` (of ${loaded.users} in the inventory)` : '';
  const lines = [
    `${tenant}: ${s.users} users${of}. ${s.withPhoto} with a photo (${s.lowResolution} of them low resolution), ${s.withoutPhoto} without one${
      s.unreadable ? `, ${s.unreadable} whose photo could not be read` : ''
    }.`,
    `Photos read from Microsoft 365 now: ${loaded.read}${loaded.read < loaded.users ? ' (the others from the cache)' : ''}${
      loaded.throttled
        ? `; Microsoft 365 throttled ${loaded.throttled} reads, and Headshot waited and read them again`
        : ''
    }.`,
  ];
  for (const u of users.filter((x) => x.photoStatus === 'unreadable').slice(0, 10))
    lines.push(`  ${u.userPrincipalName}: ${u.photoError}`);
  return lines.join('\n') + '\n';
}

/** The tenant by name: the organization's name where the app may read it, else its main domain. */
async function tenantName(
  client: Client,
  tenantId: string,
  users: readonly InventoryUser[],
): Promise<string> {
  const name = await readTenantName(client, tenantId);
  if (name && name !== tenantId) return name;
  return domainsFromUsers(users)[0] ?? tenantId;
}

export const command: CliCommand = {
  summary: "Every user's profile photo: none, present, low resolution (--missing: the photographer's list)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        ...AUTH_OPTIONS,
        missing: { type: 'boolean', default: false },
        filter: { type: 'string', multiple: true },
        group: { type: 'string' },
        'include-guests': { type: 'boolean', default: false },
        'include-disabled': { type: 'boolean', default: false },
        refresh: { type: 'boolean', default: false },
        'max-age': { type: 'string' },
        csv: { type: 'string' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'.`);
    const filter = parseInventoryFilters(values.filter ?? []);
    if (values.missing) filter.missing = true;
    const maxAgeMinutes = parseMaxAge(values['max-age']);
    if (values.group !== undefined && values.group.trim() === '')
      throw new UsageError('--group needs a group id or name.');
    const stateDir = stateDirOf(values, io);
    const conn = await connectFromOptions(values, io);
    try {
      try {
        await conn.signIn();
      } catch (error) {
        io.stderr(`headshot inventory: ${(error as Error).message}\n`);
        return 2;
      }
      const tenantId = values.tenant!;
      let members: Set<string> | undefined;
      if (values.group) {
        try {
          members = (await groupMembers(conn.groupClient, values.group)).userIds;
        } catch (error) {
          if (error instanceof GroupLookupError) {
            io.stderr(`headshot inventory: ${error.message}\n`);
            return 2;
          }
          throw error;
        }
      }
      let lastProgress = 0;
      const loaded = await loadInventory({
        client: conn.client,
        tenantId,
        stateDir,
        includeGuests: values['include-guests'],
        includeDisabled: values['include-disabled'],
        refresh: values.refresh ? 'photos' : 'auto',
        ...(maxAgeMinutes !== undefined ? { maxAgeMinutes } : {}),
        auth: conn.auth,
        signal: io.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (p.phase !== 'photos' || (now - lastProgress < 2000 && p.done !== p.total)) return;
          lastProgress = now;
          if (p.total > 0)
            io.stderr(
              `Photos: ${p.done}/${p.total} read${p.throttled ? `, ${p.throttled} throttled` : ''}\n`,
            );
        },
      });
      const users = filterInventory(loaded.document.users, filter, members);

      if (values.csv) {
        const file = path.resolve(io.cwd, values.csv);
        let text: string;
        if (values.missing) {
          const missing = filterInventory(users, { missing: true });
          let managers = new Map<string, ManagerInfo | null>();
          try {
            managers = await managersOf(
              conn.client,
              missing.map((u) => u.id),
            );
          } catch (error) {
            // The list is still worth having without managers (e.g. the app may not read them).
            io.stderr(
              `headshot inventory: warning: the managers could not be read, so the manager columns are empty: ${(error as Error).message}\n`,
            );
          }
          text = missingPhotosCsv(missingPhotoRows(users, managers));
        } else text = inventoryCsv(users);
        try {
          await fs.writeFile(file, text);
        } catch (error) {
          io.stderr(
            `headshot inventory: cannot write '${values.csv}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
          );
          return 2;
        }
        if (!values.json) io.stderr(`Wrote ${users.length} rows to ${file}\n`);
      }
      if (values.json) {
        writeJson(io, inventoryDocumentSchema.parse({ tenantId, users, summary: summarizeInventory(users) }));
      } else {
        const name = await tenantName(conn.client, tenantId, loaded.document.users);
        io.stdout(
          humanSummary(name, users, {
            users: loaded.document.users.length,
            read: loaded.photosRead,
            throttled: loaded.throttled,
          }),
        );
      }
      return users.some((u) => u.photoStatus === 'unreadable') ? 1 : 0;
    } catch (error) {
      if (error instanceof CancelledError) {
        io.stderr('headshot inventory: cancelled; the photos read so far are kept for next time.\n');
        return 1;
      }
      throw error;
    } finally {
      conn.close();
    }
  },
};
