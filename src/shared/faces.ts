/**
 * Faces (issue 14): what the detector found in a photo, how the crop frames it, and the face warnings. One schema
 * for the CLI's `process --json`, the review items, the handoff package's manifest and the run report.
 * Coordinates are normalised (0..1) to the upright source picture (after EXIF orientation), x to the right, y down.
 */
import { z } from 'zod';

const unit = z.number().min(0).max(1);

export const faceBoxSchema = z.object({ x: unit, y: unit, width: unit, height: unit });
export type FaceBox = z.infer<typeof faceBoxSchema>;

export const facePointSchema = z.object({ x: unit, y: unit });
export type FacePoint = z.infer<typeof facePointSchema>;

/** One detected face. `score` is the detector's confidence 0..1. */
export const faceSchema = z.object({
  box: faceBoxSchema,
  score: unit,
  /** The eyes (the person's right eye is on the picture's left); absent when the detector gave none. */
  eyes: z.object({ right: facePointSchema, left: facePointSchema }).optional(),
  /** The eye line's angle from horizontal in degrees, positive clockwise; absent without eyes. */
  roll: z.number().min(-180).max(180).optional(),
});
export type Face = z.infer<typeof faceSchema>;

/** The face warnings, beside the image warnings (low-resolution, blurry...). */
export const FACE_WARNING_CODES = [
  'no-face',
  'several-faces',
  'small-face',
  'face-cut',
  'face-tilted',
] as const;
export const faceWarningCodeSchema = z.enum(FACE_WARNING_CODES);
export type FaceWarningCode = z.infer<typeof faceWarningCodeSchema>;

/**
 * How tight a face crop is: the face's height (the detector's box, brow to chin, enlarged to hairline) as a share
 * of the square's side. 0.5 is head and shoulders; larger is tighter.
 */
export const FACE_TIGHTNESS = { min: 0.3, max: 0.7, default: 0.5 } as const;
export const faceFramingSchema = z.object({
  tightness: z.number().min(FACE_TIGHTNESS.min).max(FACE_TIGHTNESS.max).default(FACE_TIGHTNESS.default),
});
export type FaceFraming = z.infer<typeof faceFramingSchema>;
