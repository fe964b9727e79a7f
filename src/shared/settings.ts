/**
 * App settings: one zod schema shared by main (load/save/validate) and the renderer (the settings form).
 * Every field has a default, so a missing or partly broken settings file still yields usable settings.
 */
import { z } from 'zod';
import { cropStrategySchema } from './domain';
import { FACE_TIGHTNESS } from './faces';

export const OUTPUT_SIZE_MIN = 96;
export const OUTPUT_SIZE_MAX = 1024;
export const QUALITY_MIN = 60;
export const QUALITY_MAX = 100;
export const CONCURRENCY_MIN = 1;
export const CONCURRENCY_MAX = 16;

export const settingsSchema = z.object({
  /** Output edge in pixels: Graph's largest HD size is 648, so 648 is the default. */
  outputSize: z.number().int().min(OUTPUT_SIZE_MIN).max(OUTPUT_SIZE_MAX).default(648),
  /** JPEG quality. */
  quality: z.number().int().min(QUALITY_MIN).max(QUALITY_MAX).default(88),
  /**
   * Crop applied to photos that have no crop chosen by hand ('rect' needs a rectangle, so it is not a default).
   * 'face' since issue 14; a settings file that saved another crop keeps it.
   */
  defaultCrop: cropStrategySchema.exclude(['rect']).default('face'),
  /** Parallel image processing and uploads. */
  concurrency: z.number().int().min(CONCURRENCY_MIN).max(CONCURRENCY_MAX).default(4),
  /** Where journals, reports and backups live; null means the app's own data folder. */
  stateDir: z.string().min(1).nullable().default(null),
  /** Skip users whose processed photo and etag have not changed since the last upload. */
  skipUnchanged: z.boolean().default(true),
  includeGuests: z.boolean().default(false),
  includeDisabled: z.boolean().default(false),
  /** How tight a 'face' crop is: the face's share of the square's height (issue 14). */
  faceTightness: z.number().min(FACE_TIGHTNESS.min).max(FACE_TIGHTNESS.max).default(FACE_TIGHTNESS.default),
  /** The log file's level (issue 15): debug adds each request's outcome, never a token or image bytes. */
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update, as the settings form sends it. */
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
