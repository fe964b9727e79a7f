/**
 * The People screen's IPC channels (issue 13): the tenant's photo inventory, a group's members, saving the list,
 * exporting photos and removing them. Spread into the desktop channels (./ipc-desktop.ts); names in
 * ./ipc-desktop-channels.ts. Long work is a job (job:progress carries the counts, job:cancel stops it).
 */
import { z } from 'zod';
import { inventoryDocumentSchema } from './inventory';

const jobId = z.uuid();
const path = z.string().min(1).max(4096);
const userIds = z.array(z.string().min(1).max(200)).max(200_000);

export const EXPORT_NAMINGS = ['upn', 'mail', 'employeeId', 'displayName'] as const;
/** The sizes Graph keeps of a photo (the size ids of /photos), and 'largest'. */
export const EXPORT_SIZES = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;

export const inventoryLoadInputSchema = z
  .object({
    jobId,
    /** auto: the directory by delta, photos read when older than the set age; photos: re-read every photo. */
    refresh: z.enum(['auto', 'photos', 'full']),
    includeGuests: z.boolean(),
    includeDisabled: z.boolean(),
  })
  .strict();

export const inventoryLoadOutputSchema = z.object({
  document: inventoryDocumentSchema,
  /** When this inventory was put together (ISO). */
  loadedAt: z.string(),
  /** Photos read from Microsoft 365 in this load (the rest came from the cache). */
  photosRead: z.number().int().nonnegative(),
  /** Requests Microsoft 365 throttled during the load (Headshot waited them out). */
  throttled: z.number().int().nonnegative(),
});
export type InventoryLoadOutput = z.infer<typeof inventoryLoadOutputSchema>;

export const inventoryGroupOutputSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** Users in the group, nested groups included. */
  memberIds: z.array(z.string()),
});

export const inventorySaveListInputSchema = z
  .object({
    folder: path,
    format: z.enum(['csv', 'json']),
    /** filtered: the rows shown; missing: the photographer's list (with managers). */
    list: z.enum(['filtered', 'missing']),
    userIds,
  })
  .strict();

export const photoExportInputSchema = z
  .object({
    jobId,
    folder: path,
    userIds,
    naming: z.enum(EXPORT_NAMINGS),
    size: z.union([z.literal('largest'), z.union(EXPORT_SIZES.map((s) => z.literal(s)))]),
  })
  .strict();

export const photoExportOutputSchema = z.object({
  folder: z.string(),
  manifest: z.string(),
  summary: z.object({
    exported: z.number().int(),
    unchanged: z.number().int(),
    noPhoto: z.number().int(),
    failed: z.number().int(),
  }),
});
export type PhotoExportOutput = z.infer<typeof photoExportOutputSchema>;

export const photoRemoveInputSchema = z.object({ userIds: userIds.min(1), dryRun: z.boolean() }).strict();

export const peopleInvokeChannels = {
  'inventory:load': { input: inventoryLoadInputSchema, output: inventoryLoadOutputSchema },
  'inventory:group': {
    input: z.object({ group: z.string().min(1).max(256) }).strict(),
    output: inventoryGroupOutputSchema,
  },
  'inventory:saveList': { input: inventorySaveListInputSchema, output: z.object({ path: z.string() }) },
  'photos:export': { input: photoExportInputSchema, output: photoExportOutputSchema },
  /** A removal is a run: followed with run:progress / run:done, listed in History, rolled back with run:restore. */
  'photos:remove': {
    input: photoRemoveInputSchema,
    output: z.object({ runId: z.string(), total: z.number().int() }),
  },
} as const;
