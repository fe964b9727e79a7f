/**
 * Upload engine shapes shared by main, CLI and (later) the renderer over IPC: progress events, report rows, run
 * list entries. Types are inferred from the schemas.
 */
import { z } from 'zod';
import { issueSchema, matchMethodSchema, runItemStatusSchema, userRefSchema } from './domain';

/** What a run does to each user: put a photo on (upload) or take the photo off (remove). */
export const runKindSchema = z.enum(['upload', 'remove']);
export type RunKind = z.infer<typeof runKindSchema>;

export const runStateSchema = z.enum(['running', 'paused', 'cancelled', 'completed', 'interrupted']);
export type RunState = z.infer<typeof runStateSchema>;

export const runTimingsSchema = z.object({
  processMs: z.number().nullable(),
  backupMs: z.number().nullable(),
  uploadMs: z.number().nullable(),
  verifyMs: z.number().nullable(),
  totalMs: z.number().nullable(),
});
export type RunTimings = z.infer<typeof runTimingsSchema>;

/** One row of a run report (report.json `results[]`, report.csv). */
export const runReportRowSchema = z.object({
  /** The photo file, relative to the dropped folder; '' in a removal run (its items are users). */
  file: z.string(),
  user: userRefSchema.nullable(),
  method: matchMethodSchema.nullable(),
  status: runItemStatusSchema,
  error: issueSchema.nullable(),
  /** Bytes of the processed photo that was (or would be) uploaded; in a removal run, of the removed photo. */
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  attempts: z.number().int(),
  timings: runTimingsSchema,
  /** Path of the backed-up previous photo, or null (no backup taken, or the user had none). */
  backup: z.string().nullable(),
  /** true / false once the previous photo was looked at; null when it wasn't. */
  hadPhoto: z.boolean().nullable(),
  /** @odata.mediaEtag read back after the upload. */
  etag: z.string().nullable(),
  /** Human sentence: what happened or (dry run) what would happen. */
  note: z.string(),
  /** The photo's warnings from processing (blurry, too dark...); [] in reports written before they were kept. */
  warnings: z.array(issueSchema).default([]),
});
export type RunReportRow = z.infer<typeof runReportRowSchema>;

export const runSummarySchema = z.partialRecord(runItemStatusSchema, z.number().int().nonnegative());
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runReportSchema = z.object({
  runId: z.string(),
  tenantId: z.string(),
  /** 'restore': the report of rolling a run back (of either kind). */
  kind: z.enum(['upload', 'remove', 'restore']),
  dryRun: z.boolean(),
  state: runStateSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  results: z.array(runReportRowSchema),
  summary: runSummarySchema,
});
export type RunReport = z.infer<typeof runReportSchema>;

export const runStageCountsSchema = z.object({
  queued: z.number().int(),
  processing: z.number().int(),
  waiting: z.number().int(),
  backingUp: z.number().int(),
  uploading: z.number().int(),
  verifying: z.number().int(),
  done: z.number().int(),
});

/** A progress snapshot, emitted at most ~10 times a second. */
export const runProgressSchema = z.object({
  runId: z.string(),
  state: runStateSchema,
  total: z.number().int(),
  stages: runStageCountsSchema,
  summary: runSummarySchema,
  /** Finished items per minute over the last 10 s. */
  throughputPerMin: z.number(),
  etaSeconds: z.number().nullable(),
  throttled: z.number().int(),
  concurrency: z.number().int(),
  /** The learned write pace (requests/s), or null before any write was throttled. */
  writeRatePerSec: z.number().nullable(),
  /**
   * When Microsoft 365 throttles (a Retry-After hold) or every queued request is backing off after a fault: the
   * time (epoch ms) the run's next request may go; null while requests flow. Absent from older snapshots.
   */
  waitingUntil: z.number().nullable().optional(),
  elapsedMs: z.number(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const runListEntrySchema = z.object({
  runId: z.string(),
  tenantId: z.string(),
  /** Absent in entries made before removal runs existed: an upload. */
  kind: runKindSchema.optional(),
  state: runStateSchema,
  dryRun: z.boolean(),
  createdAt: z.string(),
  total: z.number().int(),
  summary: runSummarySchema,
  /** Whether a restore has been started / finished for this run. */
  restore: z.enum(['none', 'incomplete', 'completed']),
  runDir: z.string(),
});
export type RunListEntry = z.infer<typeof runListEntrySchema>;
