/**
 * Review data that crosses IPC: the rows the import produces and the reviewed pairs a run starts from.
 * Built on the domain schemas (a review item is a match result plus what the preview step learnt about the image).
 */
import { z } from 'zod';
import { cropRectSchema, cropStrategySchema, issueSchema, matchResultSchema, userRefSchema } from './domain';
import { faceSchema } from './faces';

/** How one photo is cropped: a strategy, and for 'rect' the rectangle drawn in the crop editor. */
export const cropChoiceSchema = z
  .object({ strategy: cropStrategySchema, rect: cropRectSchema.optional() })
  .refine((c) => c.strategy !== 'rect' || c.rect !== undefined, {
    message: 'A rect crop needs a rectangle.',
  });
export type CropChoice = z.infer<typeof cropChoiceSchema>;

export const reviewItemSchema = matchResultSchema.extend({
  /** Stable row id: the file path relative to the folder. */
  id: z.string(),
  /** Thumbnail through the app's scoped image protocol (never file://), or null when there is none. */
  thumbnailUrl: z.string().nullable(),
  /** Full-size preview for the crop editor (same protocol), or null. */
  previewUrl: z.string().nullable(),
  /** Oriented source size, for the crop editor; null when the image could not be read. */
  imageWidth: z.number().int().positive().nullable(),
  imageHeight: z.number().int().positive().nullable(),
  /** Image checks (low resolution, blur...). */
  warnings: z.array(issueSchema),
  /** Set when the image cannot be used at all (corrupt, too small...). */
  error: issueSchema.nullable(),
  /** True while the preview (and with it the photo checks) is still being made: Review opens before they are. */
  previewPending: z.boolean().optional(),
  /** Rows of the mapping CSV that name this file but could not be used (Review's mapping banner and filter). */
  mappingRows: z.array(z.number().int()).optional(),
  /** The face the 'face' crop frames (the crop editor draws its box), null when none was found; absent when not checked. */
  face: faceSchema.nullable().optional(),
  /** The square the 'face' crop would cut, normalised to the upright source; null without a face. */
  faceRect: cropRectSchema.nullable().optional(),
  /** From a handoff package: the crop the photographer chose (used unless the admin changes it). */
  packageCrop: cropChoiceSchema.optional(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** Previews made since the last event of an import: the rows they finish, and how far the import is. */
export const importPreviewsEventSchema = z.object({
  importId: z.string(),
  items: z.array(reviewItemSchema),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ImportPreviewsEvent = z.infer<typeof importPreviewsEventSchema>;

/** A reviewed (photo, user) pair: what the upload engine is asked to do. */
export const reviewedPairSchema = z.object({
  file: z.string(),
  user: userRefSchema,
  method: matchResultSchema.shape.method,
  crop: cropChoiceSchema,
});
export type ReviewedPair = z.infer<typeof reviewedPairSchema>;
