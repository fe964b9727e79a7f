/**
 * Domain types shared by main, renderer, CLI and emulator. Each type is inferred from its zod schema, so the
 * schema is the single definition: IPC validation, CLI JSON output and tests all use these.
 */
import { z } from 'zod';

/** A directory user as Microsoft Graph returns it (only the fields Headshot $selects). */
export const graphUserSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullable().optional(),
  givenName: z.string().nullable().optional(),
  surname: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  mailNickname: z.string().nullable().optional(),
  employeeId: z.string().nullable().optional(),
  proxyAddresses: z.array(z.string()).optional(),
  accountEnabled: z.boolean().nullable().optional(),
  userType: z.string().nullable().optional(),
  /** What tells two people of one name apart in Review (the candidates' details). */
  department: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  officeLocation: z.string().nullable().optional(),
  /** The People screen's filters (issue 13): company, country, and whether any licence is assigned. */
  companyName: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  assignedLicenses: z.array(z.object({ skuId: z.string().nullable().optional() })).optional(),
});
export type GraphUser = z.infer<typeof graphUserSchema>;

/** The fields Headshot asks Graph for ($select). Keep in step with graphUserSchema. */
export const GRAPH_USER_SELECT = Object.keys(graphUserSchema.shape) as (keyof GraphUser)[];

/** The short reference to a user that results and reports carry. */
export const userRefSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullable(),
  /** Details for telling people apart (Review's candidates); absent in older reports and journals. */
  department: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  officeLocation: z.string().nullable().optional(),
});
export type UserRef = z.infer<typeof userRefSchema>;

export const matchStatusSchema = z.enum([
  'matched',
  'ambiguous',
  'suggested',
  'conflict',
  'unmatched',
  'skipped',
  /** Matched (or suggested) to someone outside the upload's scope (a group, a department, a users CSV): never uploaded. */
  'outside-scope',
]);
export type MatchStatus = z.infer<typeof matchStatusSchema>;

/**
 * What an upload may be limited to (issue 13): the members of a group (by id or name, nested groups included), a
 * department (any case or accents), or the users listed in a users CSV (a path main was given).
 */
export const uploadScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group'), group: z.string().trim().min(1).max(256) }).strict(),
  z.object({ kind: z.literal('department'), department: z.string().trim().min(1).max(256) }).strict(),
  z.object({ kind: z.literal('users'), usersCsv: z.string().min(1).max(4096) }).strict(),
]);
export type UploadScope = z.infer<typeof uploadScopeSchema>;

/** A resolved scope as people see it: the label Review and the CLI show, and the users CSV rows it could not use. */
export const scopeSummarySchema = z.object({
  kind: z.enum(['group', 'department', 'users']),
  /** "members of Sales EMEA (312 users)". */
  label: z.string(),
  users: z.number().int().nonnegative(),
  /** Users CSV rows that name nobody (or several people), "row 3: ...": left out of the scope. */
  problems: z.array(z.string()),
});
export type ScopeSummary = z.infer<typeof scopeSummarySchema>;

export const matchMethodSchema = z.enum([
  'mapping',
  'upn',
  'mail',
  'proxyAddress',
  'employeeId',
  'alias',
  'displayName',
]);
export type MatchMethod = z.infer<typeof matchMethodSchema>;

/** One file's match result: the shape of `headshot match --json` items and of the review table rows. */
export const matchResultSchema = z.object({
  /** Path relative to the dropped folder, with / separators, NFC. */
  file: z.string(),
  status: matchStatusSchema,
  user: userRefSchema.nullable(),
  method: matchMethodSchema.nullable(),
  candidates: z.array(userRefSchema),
  /** A sentence for people: why this status. */
  reason: z.string(),
});
export type MatchResult = z.infer<typeof matchResultSchema>;

export const matchSummarySchema = z.record(matchStatusSchema, z.number().int().nonnegative());

export const matchReportSchema = z.object({
  matches: z.array(matchResultSchema),
  summary: z.partialRecord(matchStatusSchema, z.number().int().nonnegative()),
});
export type MatchReport = z.infer<typeof matchReportSchema>;

/**
 * Image processing. 'face' frames the largest detected face for a circular avatar (issue 14) and falls back to the
 * centre, with a warning, when there is no face; 'rect' is a square drawn in the crop editor.
 */
export const cropStrategySchema = z.enum(['face', 'center', 'attention', 'contain', 'rect']);
export type CropStrategy = z.infer<typeof cropStrategySchema>;

/** A crop rectangle in normalised coordinates (0..1 of the oriented source image). */
export const cropRectSchema = z.object({
  left: z.number().min(0).max(1),
  top: z.number().min(0).max(1),
  width: z.number().gt(0).max(1),
  height: z.number().gt(0).max(1),
});
export type CropRect = z.infer<typeof cropRectSchema>;

export const imageErrorCodeSchema = z.enum([
  'empty-file',
  'corrupt-image',
  'image-too-large',
  'unsupported-format',
  'too-small',
  'timeout',
  'read-error',
]);
export type ImageErrorCode = z.infer<typeof imageErrorCodeSchema>;

export const issueSchema = z.object({ code: z.string(), message: z.string() });
export type Issue = z.infer<typeof issueSchema>;

/** Upload engine. */
export const runItemStatusSchema = z.enum([
  'uploaded',
  'unchanged',
  'failed',
  'skipped',
  'dry-run',
  'restored',
  /** Left out in Review by the admin (older reports list these as skipped). */
  'excluded',
  /** A removal run: the photo was removed (backed up first). */
  'removed',
  /** A removal run: the user had no photo, so nothing was done. */
  'no-photo',
  /** A removal dry run: the photo would be removed. */
  'would-remove',
]);
export type RunItemStatus = z.infer<typeof runItemStatusSchema>;

export const cloudSchema = z.enum(['global', 'usgov', 'dod', 'china', 'custom']);
export type Cloud = z.infer<typeof cloudSchema>;
