/**
 * The processing plan: how every photo of a run is processed (size, quality, the default crop and the crops chosen
 * in Review). A run's journal stores it, and a resume from the app or the CLI reads it back through this one schema,
 * so any client resumes any run with the same bytes.
 */
import { z } from 'zod';
import { FACE_TIGHTNESS, faceFramingSchema } from './faces';
import { cropChoiceSchema } from './review';

export const processingPlanSchema = z.preprocess(
  legacyPlan,
  z
    .object({
      size: z.number().int().min(48).max(4096).default(648),
      quality: z.number().int().min(1).max(100).default(88),
      /** 'face' since issue 14; every journal stores its plan whole, so older runs resume with the crop they had. */
      defaultCrop: cropChoiceSchema.default({ strategy: 'face' }),
      /** How tight 'face' crops are; absent in journals from before issue 14 (which had no face crop). */
      framing: faceFramingSchema.default({ tightness: FACE_TIGHTNESS.default }),
      /** Absolute path -> the crop chosen in Review for that photo. */
      crops: z.record(z.string(), cropChoiceSchema).default({}),
    })
    .strict(),
);
export type ProcessingPlan = z.infer<typeof processingPlanSchema>;

/** Journals written by the CLI before the one plan kept `{ size, crop }`; read them as the same plan. */
function legacyPlan(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { crop, ...rest } = raw as Record<string, unknown>;
  if (typeof crop !== 'string') return raw;
  return { ...rest, defaultCrop: { strategy: crop } };
}
