/**
 * The shapes of a photo export: how files are named, which size is read, the manifest row and the result per
 * user. Pure zod, so the IPC contract can take it over as it is when the app gets an Export screen.
 */
import { z } from 'zod';

/** The HD sizes Microsoft 365 serves (GET /users/{id}/photos/{size}); sources in docs/export.md. */
export const GRAPH_PHOTO_SIZES = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;
export type GraphPhotoSize = (typeof GRAPH_PHOTO_SIZES)[number];

export const exportNameFieldSchema = z.enum(['upn', 'mail', 'employeeId', 'displayName']);
export type ExportNameField = z.infer<typeof exportNameFieldSchema>;

export const exportStatusSchema = z.enum(['exported', 'unchanged', 'no-photo', 'failed']);
export type ExportStatus = z.infer<typeof exportStatusSchema>;

/** The user fields an export needs (a GraphUser has them all). */
export const exportUserSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  mail: z.string().nullable().optional(),
  employeeId: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
});
export type ExportUser = z.infer<typeof exportUserSchema>;

/** One user's outcome: a row of headshot-export.csv, and an item of `headshot export --json`. */
export const exportItemSchema = z.object({
  userId: z.string(),
  userPrincipalName: z.string(),
  /** The file's name in the export folder; null when nothing was written for this user. */
  file: z.string().nullable(),
  /** What was asked for: "largest", or an HD size such as "240". */
  requested: z.string(),
  /** The photo's pixel size for people, "648 × 648"; null without a photo. */
  size: z.string().nullable(),
  /** @odata.mediaEtag of the photo the file holds. */
  etag: z.string().nullable(),
  sha256: z.string().nullable(),
  status: exportStatusSchema,
  /** Why it failed, in a sentence for people. */
  error: z.string().nullable(),
  /** Anything else worth knowing: a name fallback, a missing size. */
  note: z.string().nullable(),
});
export type ExportItem = z.infer<typeof exportItemSchema>;

export const exportSummarySchema = z.object({
  total: z.number().int().nonnegative(),
  exported: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  'no-photo': z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Users not reached because the export was cancelled. */
  notReached: z.number().int().nonnegative(),
});
export type ExportSummary = z.infer<typeof exportSummarySchema>;

export const exportProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  summary: exportSummarySchema,
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export function summarizeExport(items: readonly ExportItem[], total: number): ExportSummary {
  const summary: ExportSummary = {
    total,
    exported: 0,
    unchanged: 0,
    'no-photo': 0,
    failed: 0,
    notReached: 0,
  };
  for (const item of items) summary[item.status] += 1;
  summary.notReached = Math.max(0, total - items.length);
  return summary;
}
