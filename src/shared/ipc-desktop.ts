/**
 * The desktop flow's IPC channels (issue 7): sign-in and the demo tenant, directory search, import, runs,
 * reports, roll back and settings. Schemas live here and are spread into the contract in ./ipc.ts; the names are
 * listed zod-free in ./ipc-channels.ts. Nothing here carries a token: main keeps them.
 */
import { z } from 'zod';
import {
  issueSchema,
  matchStatusSchema,
  runItemStatusSchema,
  scopeSummarySchema,
  uploadScopeSchema,
  userRefSchema,
} from './domain';
import { mappingFileSummarySchema } from './mapping-csv';
import { importPreviewsEventSchema, reviewItemSchema, reviewedPairSchema } from './review';
import { demoInfoSchema, deviceCodeEventSchema, sessionInfoSchema, signInInputSchema } from './session';
import { settingsPatchSchema, settingsSchema } from './settings';
import {
  runListEntrySchema,
  runProgressSchema,
  runReportSchema,
  runStateSchema,
  runSummarySchema,
} from './upload';

const jobId = z.uuid();
const runId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const path = z.string().min(1).max(4096);

export const importRunInputSchema = z
  .object({
    jobId,
    folder: path,
    mappingCsv: path.nullable(),
    /** Domains to match local parts against; empty = the tenant's. */
    domains: z.array(z.string().max(253)).max(50),
    /** Limit the upload to a group, a department or a users CSV (a path main was given, as the mapping CSV). */
    scope: uploadScopeSchema.optional(),
  })
  .strict();

export const importResultSchema = z.object({
  importId: z.string(),
  folder: z.string(),
  items: z.array(reviewItemSchema),
  summary: z.partialRecord(matchStatusSchema, z.number().int().nonnegative()),
  /** Mapping rows that could not be used, each with why, and the folder file it names when it names one. */
  mappingErrors: z.array(
    z.object({ row: z.number().int(), message: z.string(), file: z.string().optional() }),
  ),
  /** How the mapping CSV was read (encoding, delimiter, rows); absent when none was given. */
  mappingFile: mappingFileSummarySchema.optional(),
  /** The upload's scope as Review shows it; absent when the upload is for everyone. */
  scope: scopeSummarySchema.optional(),
});
export type ImportResultView = z.infer<typeof importResultSchema>;

export const runStartInputSchema = z
  .object({
    importId: z.string().max(64),
    pairs: z.array(reviewedPairSchema).max(200_000),
    dryRun: z.boolean(),
  })
  .strict();

export const runStartedSchema = z.object({ runId: z.string(), total: z.number().int() });

export const runControlInputSchema = z
  .object({ runId, action: z.enum(['pause', 'resume', 'cancel']) })
  .strict();

export const runItemEventSchema = z.object({
  runId: z.string(),
  file: z.string(),
  status: runItemStatusSchema,
  error: issueSchema.nullable(),
});
export type RunItemEvent = z.infer<typeof runItemEventSchema>;

export const runDoneEventSchema = z.object({
  runId: z.string(),
  kind: z.enum(['upload', 'remove', 'restore']),
  state: runStateSchema,
  summary: runSummarySchema,
  /** A sentence for people when the run could not finish (never a stack trace). */
  error: z.string().nullable(),
});
export type RunDoneEvent = z.infer<typeof runDoneEventSchema>;

export const reportOutputSchema = z.object({ report: runReportSchema, hasCsv: z.boolean() });

/** "Copy diagnostics" (issue 15): what a support ticket needs, never a token or a secret. */
export const diagnosticsSchema = z.object({
  generatedAt: z.string(),
  app: z.object({ name: z.string(), version: z.string(), packaged: z.boolean(), runtime: z.string() }),
  versions: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string(), locale: z.string() }),
  settings: settingsSchema,
  /** The tenant signed in to: which cloud and tenant id, never a token. */
  tenant: z.object({
    signedIn: z.boolean(),
    demo: z.boolean(),
    cloud: z.string().nullable(),
    tenantId: z.string().nullable(),
  }),
  log: z.object({ level: z.string(), file: z.string().nullable() }),
  /** The last warnings and errors, oldest first, redacted. */
  recentErrors: z.array(
    z.object({
      time: z.string(),
      level: z.string(),
      scope: z.string(),
      message: z.string(),
      fields: z.string(),
    }),
  ),
});
export type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const desktopInvokeChannels = {
  'session:info': { input: z.undefined(), output: sessionInfoSchema },
  'session:startDemo': { input: z.undefined(), output: demoInfoSchema },
  'session:signIn': { input: signInInputSchema, output: sessionInfoSchema },
  'session:signOut': { input: z.undefined(), output: sessionInfoSchema },
  'session:preflight': {
    input: z.undefined(),
    output: z.object({
      ok: z.boolean(),
      problems: z.array(z.object({ severity: z.enum(['error', 'warning']), message: z.string() })),
    }),
  },
  'directory:domains': { input: z.undefined(), output: z.object({ domains: z.array(z.string()) }) },
  'directory:search': {
    input: z.object({ query: z.string().max(200) }).strict(),
    output: z.object({ users: z.array(userRefSchema) }),
  },
  'directory:currentPhoto': {
    input: z.object({ userId: z.string().min(1).max(200) }).strict(),
    /** A data: URL (the CSP allows data: images), or null when the user has no photo. */
    output: z.object({ dataUrl: z.string().nullable() }),
  },
  'import:chooseMapping': { input: z.undefined(), output: z.object({ path: z.string() }).nullable() },
  /** The users CSV an upload is limited to (a native dialog: the path is granted to import:run). */
  'import:chooseUsersCsv': { input: z.undefined(), output: z.object({ path: z.string() }).nullable() },
  'import:run': { input: importRunInputSchema, output: importResultSchema },
  /** The rows on screen: their previews are made next. */
  'import:prioritize': {
    input: z.object({ importId: z.string().max(64), ids: z.array(z.string().max(4096)).max(500) }).strict(),
    output: z.object({ queued: z.boolean() }),
  },
  'run:start': { input: runStartInputSchema, output: runStartedSchema },
  'run:control': { input: runControlInputSchema, output: z.object({ state: runStateSchema }) },
  'run:resume': { input: z.object({ runId }).strict(), output: runStartedSchema },
  'run:retryFailed': { input: z.object({ runId }).strict(), output: runStartedSchema },
  'run:list': {
    input: z.undefined(),
    output: z.object({ runs: z.array(runListEntrySchema), live: z.array(z.string()) }),
  },
  'run:report': {
    input: z.object({ runId, kind: z.enum(['upload', 'restore']) }).strict(),
    output: reportOutputSchema,
  },
  'run:exportCsv': {
    input: z.object({ runId, kind: z.enum(['upload', 'restore']), folder: path }).strict(),
    output: z.object({ path: z.string() }),
  },
  'run:openBackupFolder': {
    input: z.object({ runId }).strict(),
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'run:restore': {
    input: z.object({ jobId, runId }).strict(),
    output: z.object({ runId: z.string(), summary: runSummarySchema, state: runStateSchema }),
  },
  'settings:get': {
    input: z.undefined(),
    output: z.object({ settings: settingsSchema, problems: z.array(z.string()) }),
  },
  'settings:set': { input: settingsPatchSchema.strict(), output: settingsSchema },
  /** Opens the logs folder in the file manager; path null where there is no log file (the browser harness). */
  'app:openLogs': {
    input: z.undefined(),
    output: z.object({ path: z.string().nullable(), opened: z.boolean() }),
  },
  /** The diagnostics as an object and as the text "Copy diagnostics" puts on the clipboard. */
  'app:diagnostics': {
    input: z.undefined(),
    output: z.object({ diagnostics: diagnosticsSchema, text: z.string() }),
  },
} as const;

export const desktopEventChannels = {
  /** Previews (with the photo checks) made since the last event of an import, ~10 Hz. */
  'import:previews': importPreviewsEventSchema,
  /** Upload and restore progress, keyed by run id (~10 Hz). */
  'run:progress': runProgressSchema,
  /** One user finished (the live failure list uses it). */
  'run:item': runItemEventSchema,
  'run:done': runDoneEventSchema,
  /** Device-code sign-in: show the code. */
  'session:deviceCode': deviceCodeEventSchema,
} as const;
