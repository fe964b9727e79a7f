/**
 * Prepare mode and handoff packages (issue 14): a photographer with no tenant imports a folder and a roster CSV,
 * reviews, and exports a package; an admin imports that package into Review. Spread into the desktop channels
 * (./ipc-desktop.ts); names in ./ipc-desktop-channels.ts. Long work is a job (job:progress, job:cancel).
 */
import { z } from 'zod';
import { issueSchema, userRefSchema } from './domain';
import { rosterIdentitySchema } from './handoff-package';
import { importResultSchema } from './ipc-desktop';
import { reviewedPairSchema } from './review';

const jobId = z.uuid();
const path = z.string().min(1).max(4096);

export const prepareImportInputSchema = z
  .object({
    jobId,
    folder: path,
    /** The roster CSV (name, email or UPN, employee ID), a file the user chose or dropped. */
    roster: path,
  })
  .strict();

export const rosterProblemSchema = z.object({ row: z.number().int(), message: z.string() });

export const prepareImportOutputSchema = importResultSchema.extend({
  /** Roster rows that could not be used, each with why. */
  rosterProblems: z.array(rosterProblemSchema),
  /** People on the roster (the rows that could be used). */
  rosterSize: z.number().int().nonnegative(),
});
export type PrepareImportOutput = z.infer<typeof prepareImportOutputSchema>;

export const PACKAGE_KINDS = ['folder', 'zip'] as const;

export const prepareExportInputSchema = z
  .object({
    jobId,
    importId: z.string().max(64),
    pairs: z.array(reviewedPairSchema).max(100_000),
    /** The folder the package goes into (chosen in a dialog); the package is a new folder or .zip inside it. */
    folder: path,
    kind: z.enum(PACKAGE_KINDS),
    includeOriginals: z.boolean(),
    /** Who made it, as they typed it (the manifest's createdBy). */
    createdBy: z.string().trim().min(1).max(256),
  })
  .strict();

export const prepareExportOutputSchema = z.object({
  /** The package written (a folder or a .zip). */
  out: z.string(),
  photos: z.number().int().nonnegative(),
  /** Photos that could not be processed, each with why; the package was written without them. */
  failed: z.array(z.object({ sourceName: z.string(), error: issueSchema })),
  /** Each warning in the package's photos and how many photos have it (e.g. blurry: 2). */
  warnings: z.array(z.object({ code: z.string(), message: z.string(), count: z.number().int() })),
  /** Roster rows no photo was matched to: the photographer still owes these. */
  missing: z.array(rosterIdentitySchema),
});
export type PrepareExportOutput = z.infer<typeof prepareExportOutputSchema>;

export const packageImportInputSchema = z
  .object({
    jobId,
    /** A package folder or .zip the user chose or dropped. */
    path,
    /** Domains to match local parts against; empty = the tenant's. */
    domains: z.array(z.string().max(253)).max(50),
  })
  .strict();

export const prepareInvokeChannels = {
  /** A native picker for the roster CSV; null when cancelled or where there is none. */
  'prepare:chooseRoster': {
    input: z.undefined(),
    output: z.object({ path: z.string() }).nullable(),
  },
  /** Session-free: the folder matched against the roster; previews follow as import:previews, like import:run. */
  'prepare:match': { input: prepareImportInputSchema, output: prepareImportOutputSchema },
  'prepare:export': { input: prepareExportInputSchema, output: prepareExportOutputSchema },
  /** Review's people picker in Prepare mode: the roster of that import (there is no directory). */
  'prepare:searchRoster': {
    input: z.object({ importId: z.string().min(1).max(200), query: z.string().max(200) }).strict(),
    output: z.object({ users: z.array(userRefSchema) }),
  },
  /** Is this dropped or chosen path a handoff package (a folder or .zip with its manifest)? */
  'package:check': {
    input: z.object({ path }).strict(),
    output: z.object({ isPackage: z.boolean() }),
  },
  /** A native picker for a package .zip (a package folder is chosen with dialog:chooseFolder). */
  'package:chooseZip': {
    input: z.undefined(),
    output: z.object({ path: z.string() }).nullable(),
  },
  /** The admin's import of a package: checked file by file, then Review as usual (refused files are rows). */
  'package:open': { input: packageImportInputSchema, output: importResultSchema },
} as const;
