/**
 * `headshot upload <folder>`: sign in, match the folder against the live directory, and upload every `matched`
 * photo through the run engine (process -> skip unchanged -> backup -> upload -> verify), journaled and resumable.
 * Given a handoff package (a folder or .zip with a Headshot manifest), every file is checked against the manifest,
 * the roster identities are matched against the directory, and the photos go up with the photographer's crops.
 * The auth options here are shared by `headshot restore` and `headshot runs`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  cloudSchema,
  type Cloud,
  type GraphUser,
  type Issue,
  type MatchMethod,
  type MatchResult,
  type UploadScope,
  type UserRef,
} from '../../shared/domain';
import type { PackageManifest } from '../../shared/handoff-package';
import type { CropChoice } from '../../shared/review';
import type { RunReport } from '../../shared/upload';
import {
  AuthError,
  clientSecretFromEnv,
  parseCertificatePem,
  type AuthMode,
} from '../../main/core/tenant/auth-session';
import { CloudConfigError } from '../../main/core/tenant/clouds';
import { runPreflight } from '../../main/core/tenant/preflight';
import { isInputError } from '../input-errors';
import { liveDirectorySource } from '../../main/core/tenant/live-directory';
import { createTenantConnection, type TenantConnection } from '../../main/core/tenant/tenant-connection';
import { listIncompleteRuns } from '../../main/core/runs/list-runs';
import { tenantDir } from '../../main/core/runs/manifest';
import { processorFor } from '../../main/core/runs/process-photo';
import { readRun, resumeRun, startRun, type RunHandle } from '../../main/core/runs/run-engine';
import type { PlannedItem, SkippedItem } from '../../main/core/runs/run-records';
import { RunLockedError } from '../../main/core/runs/run-folders';
import { matchFolder } from '../../main/core/matching/match-folder';
import { isPackage, openPackage, PackageError, packageEntries } from '../../main/core/package/index';
import {
  type ResolvedScope,
  resolveScope,
  ScopeError,
  tenantGroups,
} from '../../main/core/scope/resolve-scope';
import { type CliCommand, type CliIo, UsageError, writeJson } from '../io';
import { parseCliArgs } from './scan';
import { describeMappingFile } from '../../shared/mapping-csv';
import { processingPlanSchema } from '../../shared/processing-plan';

export const AUTH_USAGE = `Sign-in options:
  --tenant <id>            Tenant domain or GUID (required)
  --client-id <id>         Application (client) ID of your Headshot app registration (required)
  --auth <flow>            interactive (default: system browser) | device-code | client-credentials
  --certificate <pem>      client-credentials: PEM file with the certificate and its private key
                           (or put the client secret in the HEADSHOT_CLIENT_SECRET environment variable)
  --cloud <cloud>          global (default) | usgov | dod | china
  --authority <url>        Custom authority (demo tenant / test server); needs --graph-url
  --graph-url <url>        Custom Graph base URL
  --ca <pem>               CA certificate to trust for the custom endpoints (or NODE_EXTRA_CA_CERTS)
  --state-dir <dir>        Where runs, backups and caches live (default ~/.headshot)`;

const usage = `Usage: headshot upload <folder or package> --tenant <id> --client-id <id> [options] --json

Matches the photos in <folder> to directory users and uploads each matched photo as the user's profile photo.
Every replaced photo is backed up first; the run is journaled, so it can be resumed (--resume) or rolled back
(headshot restore <runId>). Only files with status "matched" are uploaded; all others are listed as skipped.

A photographer's handoff package (a folder or .zip made by \`headshot package\`) is recognised by its manifest:
every file is checked against its checksum (a changed, missing or extra file is skipped with the error code
"package-mismatch"; the rest go on), each person is matched against the directory, and the photos are uploaded
with the photographer's crops. The checked files are kept under <state-dir>/packages/ so the run can resume.

Options:
  --mapping <csv>          Mapping CSV (file column + user column); wins over file names
  --domain <d>             Complete bare names with this domain; repeatable (default: the tenant's domains)
  --scope-group <g>        Upload only to members of this group (name or id; nested groups count)
  --scope-department <d>   Upload only to users of this department (any case or accents)
  --scope-users <csv>      Upload only to the users of this users CSV (a "user" column: UPN, mail or id)
                           (one --scope-* at most; files for anyone else are "outside-scope", never uploaded)
  --dry-run                Do everything except writes: the report says what would happen to each user
  --concurrency <N>        At most N Graph requests at once (default 16; the engine adapts below it)
  --resume <runId>         Carry on an interrupted or cancelled run (the folder is not needed)
  --yes                    Required for a real upload (not for --dry-run): you reviewed the matches
  --json                   Print exactly one JSON document:
                           { "runId", "results": [ { "file", "user", "status", "error", "backup" } ], "summary" }
                           (with a --scope-*: "scope": { "label", "users", "outside": [ { "file", "user" } ] })
                           (with a package: "package": { "path", "createdBy", "createdAt", "photos", "verified",
                           "refused", "missing" })

${AUTH_USAGE}

Exit codes: 0 everything meant to be uploaded was, 1 some failed, 2 usage or sign-in errors.
Note: new photos can take hours to show in Teams and Outlook, which cache them.
`;

export const AUTH_OPTIONS = {
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  auth: { type: 'string' },
  certificate: { type: 'string' },
  cloud: { type: 'string' },
  authority: { type: 'string' },
  'graph-url': { type: 'string' },
  ca: { type: 'string' },
  'state-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export type AuthValues = {
  [K in keyof typeof AUTH_OPTIONS]?: (typeof AUTH_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export function stateDirOf(values: AuthValues, io: CliIo): string {
  const dir = values['state-dir'] ?? io.env.HEADSHOT_STATE_DIR ?? path.join(os.homedir(), '.headshot');
  return path.resolve(io.cwd, dir);
}

/** Builds the tenant connection from the shared options; usage problems throw UsageError. */
export async function connectFromOptions(values: AuthValues, io: CliIo): Promise<TenantConnection> {
  if (!values.tenant) throw new UsageError('--tenant <domain or GUID> is required.');
  if (!values['client-id']) throw new UsageError('--client-id <application id> is required.');
  const mode = (values.auth ?? 'interactive') as AuthMode;
  if (!['interactive', 'device-code', 'client-credentials'].includes(mode)) {
    throw new UsageError(
      `--auth must be interactive, device-code or client-credentials (got '${values.auth}').`,
    );
  }
  let cloud: Cloud | undefined;
  if (values.cloud !== undefined) {
    const parsed = cloudSchema.exclude(['custom']).safeParse(values.cloud);
    if (!parsed.success)
      throw new UsageError(`--cloud must be global, usgov, dod or china (got '${values.cloud}').`);
    cloud = parsed.data;
  }
  const readPem = async (file: string, what: string) => {
    try {
      return await fs.readFile(path.resolve(io.cwd, file), 'utf8');
    } catch {
      throw new UsageError(`cannot read the ${what} file '${file}'.`);
    }
  };
  const caFiles = [values.ca, io.env.NODE_EXTRA_CA_CERTS].filter((f): f is string => !!f);
  const caPem =
    caFiles.length > 0 ? (await Promise.all(caFiles.map((f) => readPem(f, 'CA')))).join('\n') : undefined;
  const certificate =
    mode === 'client-credentials' && values.certificate
      ? parseCertificatePem(await readPem(values.certificate, 'certificate'))
      : undefined;
  const clientSecret =
    mode === 'client-credentials' && !certificate ? clientSecretFromEnv(io.env) : undefined;
  if (mode === 'client-credentials' && !certificate && !clientSecret) {
    throw new UsageError(
      'client-credentials needs --certificate <pem> or the HEADSHOT_CLIENT_SECRET environment variable.',
    );
  }
  try {
    return createTenantConnection({
      tenant: values.tenant,
      clientId: values['client-id'],
      mode,
      ...(cloud ? { cloud } : {}),
      ...(values.authority ? { authority: values.authority } : {}),
      ...(values['graph-url'] ? { graphUrl: values['graph-url'] } : {}),
      ...(caPem ? { caPem } : {}),
      ...(certificate ? { certificate } : {}),
      ...(clientSecret ? { clientSecret } : {}),
      openBrowser: (url) => openInBrowser(url, io),
      onDeviceCode: (info) => io.stderr(`${info.message}\n`),
    });
  } catch (error) {
    if (error instanceof CloudConfigError || error instanceof AuthError) throw new UsageError(error.message);
    throw error;
  }
}

/** The CLI's openBrowser: print the URL (always), and try the desktop's default browser. */
function openInBrowser(url: string, io: CliIo): Promise<void> {
  io.stderr(`Sign in in your browser. If it does not open, visit:\n${url}\n`);
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // the printed URL is enough
  }
  return Promise.resolve();
}

/** Signs in and runs the pre-flight; prints plain-words problems and returns false when the run cannot go on. */
export async function signInAndCheck(conn: TenantConnection, io: CliIo, name: string): Promise<boolean> {
  try {
    await conn.signIn();
  } catch (error) {
    io.stderr(`headshot ${name}: ${(error as Error).message}\n`);
    return false;
  }
  const preflight = await runPreflight(await conn.auth.getAccessToken(), conn.client);
  for (const p of preflight.problems)
    io.stderr(`headshot ${name}: ${p.severity === 'error' ? 'cannot continue' : 'warning'}: ${p.message}\n`);
  return preflight.ok;
}

export function toCliJson(report: RunReport) {
  return {
    runId: report.runId,
    results: report.results.map((r) => ({
      file: r.file,
      user: r.user ? { id: r.user.id, userPrincipalName: r.user.userPrincipalName } : null,
      status: r.status,
      error: r.error,
      backup: r.backup,
    })),
    summary: report.summary,
  };
}

/**
 * Follows a run to its end: progress on stderr, Ctrl-C cancels (in-flight requests finish). `toJson` shapes the
 * --json document (a removal prints its own).
 */
export async function follow(
  handle: RunHandle,
  io: CliIo,
  json: boolean,
  toJson: (report: RunReport) => unknown = toCliJson,
) {
  let last = 0;
  const off = handle.on((event) => {
    if (event.type !== 'progress') return;
    const now = Date.now();
    if (now - last < 2000 && event.progress.stages.done !== event.progress.total) return;
    last = now;
    const p = event.progress;
    const eta = p.etaSeconds === null ? '' : `, about ${p.etaSeconds}s left`;
    io.stderr(
      `[${handle.runId}] ${p.stages.done}/${p.total} done (${
        Object.entries(p.summary)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'starting'
      })${eta}\n`,
    );
  });
  const onAbort = () => {
    io.stderr(`Cancelling: letting in-flight requests finish. Resume with --resume ${handle.runId}.\n`);
    handle.cancel();
  };
  // Ctrl-C before the run started (while the directory loaded) cancels it too.
  if (io.signal.aborted) onAbort();
  else io.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const outcome = await handle.done;
    if (json) writeJson(io, toJson(outcome.report));
    else {
      io.stdout(`Run ${outcome.runId} ${outcome.state}: ${JSON.stringify(outcome.report.summary)}\n`);
      io.stdout(`Report: ${outcome.reportPaths.csv}\n`);
    }
    return outcome;
  } finally {
    off();
    io.signal.removeEventListener('abort', onAbort);
  }
}

export const command: CliCommand = {
  summary: 'Upload matched photos to Microsoft 365 (backup, resume, restore; --json for machine output)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        ...AUTH_OPTIONS,
        mapping: { type: 'string' },
        domain: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        resume: { type: 'string' },
        yes: { type: 'boolean', default: false },
        'scope-group': { type: 'string' },
        'scope-department': { type: 'string' },
        'scope-users': { type: 'string' },
      },
    });
    const scopeRequest = scopeOf(values, io);
    const resume = values.resume;
    if (!resume && positionals.length !== 1)
      throw new UsageError('give exactly one folder (or --resume <runId>).');
    if (resume && positionals.length > 0)
      throw new UsageError('--resume takes no folder: the run remembers its files.');
    if (resume && scopeRequest)
      throw new UsageError('--resume takes no --scope-*: the run remembers its users.');
    let concurrency: number | undefined;
    if (values.concurrency !== undefined) {
      concurrency = Number(values.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError('--concurrency must be an integer from 1 to 64.');
    }
    const stateDir = stateDirOf(values, io);
    const conn = await connectFromOptions(values, io);
    try {
      if (!(await signInAndCheck(conn, io, 'upload'))) return 2;
      const deps = { stateDir, photos: conn.photos, auth: conn.auth };

      if (resume) {
        let fold;
        try {
          fold = await readRun(stateDir, resume);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        if (!fold.start.settings.dryRun && !values.yes)
          throw new UsageError('add --yes to resume a run that writes photos.');
        const handle = await resumeRun(resume, {
          ...deps,
          processPhoto: processorFor(fold.start.settings.processing),
        });
        const outcome = await follow(handle, io, values.json);
        return exitCode(outcome.report);
      }

      // Interrupted runs for this tenant are listed first: resuming one may be what the admin wants.
      for (const r of await listIncompleteRuns(stateDir)) {
        if (r.tenantId.toLowerCase() !== values.tenant!.toLowerCase()) continue;
        io.stderr(`Run ${r.runId} (${r.createdAt}) is ${r.state}; resume it with --resume ${r.runId}.\n`);
      }
      const folder = path.resolve(io.cwd, positionals[0]!);
      const asPackage = await isPackage(folder);
      if (asPackage && values.mapping)
        throw new UsageError('a handoff package names its people itself: --mapping does not apply to it.');
      let report;
      let scope: ResolvedScope | undefined;
      let directory: GraphUser[];
      try {
        const source = liveDirectorySource({
          client: conn.client,
          tenantId: values.tenant!,
          cacheDir: tenantDir(stateDir, values.tenant!),
        });
        directory = await source.loadUsers({ signal: io.signal });
        scope = scopeRequest
          ? await resolveScope(scopeRequest, { directory, groups: tenantGroups(conn.groupClient) })
          : undefined;
        if (!asPackage) {
          const domains = values.domain?.length ? values.domain : await source.verifiedDomains!();
          report = await matchFolder({
            folder,
            directory,
            domains,
            ...(values.mapping ? { mappingCsv: path.resolve(io.cwd, values.mapping) } : {}),
            ...(scope ? { scope } : {}),
            signal: io.signal,
          });
        }
      } catch (error) {
        if (isInputError(error) || error instanceof ScopeError) {
          io.stderr(`headshot upload: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      if (report) {
        for (const e of report.mappingErrors)
          io.stderr(`headshot upload: mapping row ${e.row}: ${e.message}\n`);
        if (report.mappingFile) io.stderr(`headshot upload: ${describeMappingFile(report.mappingFile)}\n`);
      }
      if (scope) {
        for (const p of scope.problems) io.stderr(`headshot upload: scope users CSV ${p}\n`);
        io.stderr(`headshot upload: limited to ${scope.label}.\n`);
      }
      let plan: UploadPlan;
      if (report) {
        plan = { matches: report.matches, images: report.images, crops: {}, refused: [] };
      } else {
        try {
          plan = await planPackage(folder, directory, scope, stateDir, io);
        } catch (error) {
          if (!(error instanceof PackageError)) throw error;
          io.stderr(`headshot upload: ${error.message}\n`);
          return 2;
        }
      }
      const items: PlannedItem[] = [];
      const skipped: SkippedItem[] = [];
      for (const m of plan.matches) {
        const abs = plan.images.get(m.file);
        if (m.status === 'matched' && m.user && abs)
          items.push({ file: m.file, path: abs, user: m.user, method: m.method });
        else
          skipped.push({
            file: m.file,
            user: m.user,
            method: m.method,
            reason: `Not uploaded (${m.status}): ${m.reason}`,
          });
      }
      // Refused package files keep their error (the journal stores it whole; see toPackageJson for the output).
      for (const r of plan.refused) {
        const row: SkippedItem & { error: Issue } = {
          file: r.file,
          user: r.user,
          method: r.method,
          reason: `Not uploaded (${r.error.code}): ${r.error.message}`,
          status: 'skipped',
          error: r.error,
        };
        skipped.push(row);
      }
      const dryRun = values['dry-run'];
      if (!dryRun && !values.yes) {
        io.stderr(
          `headshot upload: ${items.length} photos would be uploaded and ${skipped.length} files skipped. Review with \`headshot match\` or --dry-run, then add --yes.\n`,
        );
        await plan.discard?.();
        return 2;
      }
      // A package's crops are in the plan, so a resume cuts the same squares from the same checked files.
      const crops = Object.fromEntries(
        items.flatMap((i) => (plan.crops[i.path] ? [[i.path, plan.crops[i.path]]] : [])),
      );
      const processing = processingPlanSchema.parse({ crops });
      const handle = await startRun(
        {
          tenantId: values.tenant!,
          items,
          skipped,
          settings: { dryRun, processing, ...(concurrency ? { maxConcurrency: concurrency } : {}) },
          ...(scope ? { scope } : {}),
        },
        { ...deps, processPhoto: processorFor(processing) },
      );
      io.stderr(
        `Run ${handle.runId}: ${items.length} to ${dryRun ? 'check (dry run)' : 'upload'}, ${skipped.length} skipped.\n`,
      );
      const outside = plan.matches
        .filter((m) => m.status === 'outside-scope')
        .map((m) => ({
          file: m.file,
          user: m.user ? { id: m.user.id, userPrincipalName: m.user.userPrincipalName } : null,
        }));
      if (outside.length > 0)
        io.stderr(
          `headshot upload: ${outside.length} files are for users outside the scope: not uploaded.\n`,
        );
      const outcome = await follow(handle, io, values.json, (r) => ({
        ...toCliJson(r),
        ...(scope ? { scope: { label: scope.label, users: scope.userIds.size, outside } } : {}),
        ...(plan.package ? { package: plan.package } : {}),
      }));
      if (!dryRun)
        io.stderr('Note: new photos can take hours to appear in Teams and Outlook, which cache them.\n');
      return exitCode(outcome.report);
    } catch (error) {
      if (error instanceof RunLockedError) {
        io.stderr(`headshot upload: ${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      conn.close();
    }
  },
};

/** What an upload run is made from: a folder's match report, or an opened and checked handoff package. */
interface UploadPlan {
  matches: readonly MatchResult[];
  /** Report key (file) -> the absolute path to process. */
  images: ReadonlyMap<string, string>;
  /** Absolute path -> crop (a package's recorded crops). */
  crops: Record<string, CropChoice>;
  /** Package files refused by the checks: skipped with their package-mismatch error. */
  refused: readonly { file: string; user: UserRef | null; method: MatchMethod | null; error: Issue }[];
  /** For --json: what the package was. */
  package?: PackageSummary;
  /** Removes the checked copies when no run will read them. */
  discard?: () => Promise<void>;
}

interface PackageSummary {
  path: string;
  createdBy: string;
  createdAt: string;
  photos: number;
  verified: number;
  refused: number;
  missing: PackageManifest['missing'];
}

/**
 * Opens and checks a package into a work folder under the state folder (kept: a resume reads the same checked
 * files), then matches its people against the directory. A package that cannot be used at all throws PackageError.
 */
async function planPackage(
  pkg: string,
  directory: readonly GraphUser[],
  scope: ResolvedScope | undefined,
  stateDir: string,
  io: CliIo,
): Promise<UploadPlan> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const workDir = path.join(stateDir, 'packages', `${stamp}-${randomBytes(4).toString('hex')}`);
  const discard = () => fs.rm(workDir, { recursive: true, force: true });
  let opened;
  try {
    opened = await openPackage(pkg, { workDir });
  } catch (error) {
    await discard();
    throw error;
  }
  const { entries, refused } = packageEntries(opened, directory, scope ? { scope } : {});
  const { manifest } = opened;
  io.stderr(
    `headshot upload: package by ${manifest.createdBy || 'an unnamed photographer'} (${manifest.createdAt}): ${opened.photos.length} of ${manifest.photos.length} photos checked${refused.length ? `, ${refused.length} files refused` : ''}.\n`,
  );
  for (const r of refused) io.stderr(`headshot upload: refused ${r.error.message}\n`);
  if (manifest.missing.length > 0)
    io.stderr(
      `headshot upload: the roster lists ${manifest.missing.length} people the package has no photo for.\n`,
    );
  return {
    matches: entries.map((e) => e.match),
    images: new Map(entries.map((e) => [e.match.file, e.path])),
    crops: Object.fromEntries(entries.map((e) => [e.path, e.crop])),
    refused,
    package: {
      path: pkg,
      createdBy: manifest.createdBy,
      createdAt: manifest.createdAt,
      photos: manifest.photos.length,
      verified: opened.photos.length,
      refused: refused.length,
      missing: manifest.missing,
    },
    discard,
  };
}

/** The one --scope-* given (exit 2 for more than one), as an upload scope. */
function scopeOf(
  values: { 'scope-group'?: string; 'scope-department'?: string; 'scope-users'?: string },
  io: CliIo,
): UploadScope | undefined {
  const given = (['scope-group', 'scope-department', 'scope-users'] as const).filter(
    (k) => values[k] !== undefined,
  );
  if (given.length > 1)
    throw new UsageError(`give one scope at most (got ${given.map((k) => `--${k}`).join(' and ')}).`);
  const value = given[0] ? values[given[0]]!.trim() : undefined;
  if (given[0] && !value) throw new UsageError(`--${given[0]} needs a value.`);
  if (values['scope-group'] !== undefined) return { kind: 'group', group: value! };
  if (values['scope-department'] !== undefined) return { kind: 'department', department: value! };
  if (values['scope-users'] !== undefined)
    return { kind: 'users', usersCsv: path.resolve(io.cwd, values['scope-users']) };
  return undefined;
}

export function exitCode(report: RunReport): number {
  if ((report.summary.failed ?? 0) > 0) return 1;
  return report.state === 'completed' ? 0 : 1;
}
