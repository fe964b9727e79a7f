/**
 * The photo pipeline: any accepted image in, a square baseline sRGB JPEG out (648 px by default), or a specific
 * refusal. Steps: guards and decode by content (open-source) -> for the 'face' crop (the default), a small probe
 * decode, face detection and framing (face-probe) -> upright -> flatten alpha on white -> square crop by strategy,
 * resizing before extracting so JPEG shrink-on-load stays effective -> 8-bit sRGB pixels -> checks ->
 * metadata-free JPEG under 4 MB. Bad input never throws: it resolves to `{ ok: false, error }`.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { z } from 'zod';
import {
  cropRectSchema,
  cropStrategySchema,
  type CropRect,
  type CropStrategy,
  type ImageErrorCode,
  type Issue,
} from '../../../shared/domain';
import { faceFramingSchema, type Face, type FaceFraming } from '../../../shared/faces';
import { withFaceWarnings } from '../faces/face-checks';
import type { FaceDetector } from '../faces/face-detector';
import { attentionRect, planCrop } from './crop-plan';
import { probeFace, type FaceProbe } from './face-probe';
import { classifyDecodeError, imageError, ImageError } from './image-error';
import { encodeJpeg } from './jpeg-encode';
import { openSource } from './open-source';
import { measure, qualityWarnings } from './quality-checks';
import { LIMITS, OUTPUT, THRESHOLDS } from './thresholds';

export interface ProcessOptions {
  /** Output side in pixels, 96..1024 (default 648). */
  size?: number;
  /** JPEG quality 1..100 (default 88); stepped down only to stay under 4 MB. */
  quality?: number;
  /** Default 'face': the largest face framed for a round avatar, or the centre (with `no-face`) when there is none. */
  crop?: CropStrategy;
  /** How tight a 'face' crop is (default FACE_TIGHTNESS.default). */
  framing?: FaceFraming;
  /** Finds the faces for crop 'face' (default: the process's shared detector); tests pass a fake. */
  detector?: FaceDetector;
  /** Required with crop 'rect': normalised coordinates of the upright source. */
  rect?: CropRect;
  /** Letterbox colour for crop 'contain' (#rgb or #rrggbb; default white). */
  background?: string;
  /** Per-image budget (default 30 s). */
  timeoutMs?: number;
  /** Cancels the work: processImage then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type ProcessOutcome =
  | {
      ok: true;
      jpeg: Buffer;
      width: number;
      height: number;
      bytes: number;
      sha256: string;
      warnings: Issue[];
      /** The source as decoded: its format and upright size. */
      source: { format: string; width: number; height: number };
      /** The face a 'face' crop framed (box normalised to the upright source); null otherwise or when none. */
      face: Face | null;
      /** The square actually cut, normalised to the upright source ('contain': the whole picture). */
      appliedRect: CropRect;
    }
  | { ok: false; error: { code: ImageErrorCode; message: string } };

/** The serialisable settings, for IPC and CLI validation. */
export const processSettingsSchema = z
  .object({
    size: z.number().int().min(OUTPUT.minSize).max(OUTPUT.maxSize).optional(),
    quality: z.number().int().min(1).max(100).optional(),
    crop: cropStrategySchema.optional(),
    framing: faceFramingSchema.optional(),
    rect: cropRectSchema.optional(),
    background: z
      .string()
      .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'background must be a #rgb or #rrggbb colour')
      .optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .refine((settings) => settings.crop !== 'rect' || settings.rect !== undefined, {
    message: "crop 'rect' needs a rect",
    path: ['rect'],
  });
export type ProcessSettings = z.infer<typeof processSettingsSchema>;

let configured = false;
function configureSharp(): void {
  if (configured) return;
  configured = true;
  // Batch work touches each file once: libvips' operation cache would only hold memory.
  sharp.cache(false);
}

/**
 * Process one image. Resolves `{ ok: false, error }` for any bad input; rejects only for invalid options
 * (a TypeError, a programming error) or when `signal` is aborted (with the signal's reason).
 */
export async function processImage(
  input: string | Buffer,
  options: ProcessOptions = {},
): Promise<ProcessOutcome> {
  const { signal, detector, ...settings } = options;
  const parsed = processSettingsSchema.safeParse(settings);
  if (!parsed.success) throw new TypeError(`Invalid process options: ${z.prettifyError(parsed.error)}`);
  signal?.throwIfAborted();
  configureSharp();

  const timeoutMs = parsed.data.timeoutMs ?? LIMITS.defaultTimeoutMs;
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  // Whether the source is open (for BMP and HEIC: decoded), so a timeout says which step ran over.
  const progress = { opened: false };
  const timer = setTimeout(
    () =>
      controller.abort(
        imageError(
          'timeout',
          progress.opened
            ? `Processing took longer than ${timeoutMs / 1000} s and was stopped.`
            : `The image took too long to decode (more than ${timeoutMs / 1000} s) and was stopped.`,
        ),
      ),
    timeoutMs,
  );
  try {
    const work = run(input, parsed.data, timeoutMs, controller.signal, progress, detector);
    // The work cannot always be interrupted (a libvips call in flight): stop waiting for it, and keep a late
    // rejection from surfacing as unhandled.
    work.catch(() => undefined);
    return await untilAborted(work, controller.signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failure = classifyDecodeError(error);
    return { ok: false, error: { code: failure.code, message: failure.message } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function run(
  input: string | Buffer,
  settings: ProcessSettings,
  timeoutMs: number,
  signal: AbortSignal,
  progress: { opened: boolean },
  detector: FaceDetector | undefined,
): Promise<ProcessOutcome> {
  const size = settings.size ?? OUTPUT.defaultSize;
  const quality = settings.quality ?? OUTPUT.defaultQuality;
  const strategy = settings.crop ?? 'face';
  const source = await openSource(input, { signal, timeoutSeconds: Math.ceil(timeoutMs / 1000) });
  progress.opened = true;
  signal.throwIfAborted();

  const shortest = Math.min(source.width, source.height);
  if (shortest < THRESHOLDS.minSourceSide) {
    throw imageError(
      'too-small',
      `The image is ${source.width} x ${source.height} px; a profile photo needs at least ${THRESHOLDS.minSourceSide} px on each side.`,
    );
  }
  let probe: FaceProbe | null = null;
  if (strategy === 'face') {
    probe = await probeFace(source, { detector, framing: settings.framing, outputSize: size, signal, input });
    signal.throwIfAborted();
  }
  const plan = planCrop(source, size, strategy, probe ? (probe.rect ?? undefined) : settings.rect);
  if (plan.regionSide < THRESHOLDS.minSourceSide) {
    throw imageError(
      'too-small',
      `The crop rectangle covers only ${Math.round(plan.regionSide)} px of the source; at least ${THRESHOLDS.minSourceSide} px are needed.`,
    );
  }

  let pipeline = source.pipeline().flatten({ background: OUTPUT.defaultBackground });
  if (plan.kind === 'extract') {
    pipeline = pipeline.resize(plan.resize.width, plan.resize.height, { fit: 'fill' }).extract(plan.extract);
  } else if (plan.kind === 'attention') {
    pipeline = pipeline.resize(size, size, { fit: 'cover', position: 'attention' });
  } else {
    pipeline = pipeline.resize(size, size, {
      fit: 'contain',
      background: settings.background ?? OUTPUT.defaultBackground,
    });
  }
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  signal.throwIfAborted();
  if (info.channels !== 3 || info.width !== size || info.height !== size) {
    throw imageError(
      'corrupt-image',
      `Unexpected pixel layout after processing (${info.width}x${info.height}x${info.channels}).`,
    );
  }

  const measurements = measure(data, size, 3, plan.content);
  const frames = source.format === 'gif' || source.format === 'webp' ? source.pages : 1;
  const imageWarnings = qualityWarnings({
    ...measurements,
    regionSide: plan.regionSide,
    outputSize: size,
    cropLoss: plan.cropLoss,
    frames,
  });
  const warnings = probe
    ? withFaceWarnings(imageWarnings, probe.warnings, probe.face !== null)
    : imageWarnings;
  // A framed face reports its rectangle as framed (the same square the extract cut), so Review's faceRect is equal.
  const appliedRect =
    probe?.rect ??
    (plan.kind === 'attention'
      ? attentionRect(plan.cover, size, { left: info.cropOffsetLeft ?? 0, top: info.cropOffsetTop ?? 0 })
      : plan.applied);
  const { jpeg } = await encodeJpeg({ data, width: size, height: size }, quality);
  return {
    ok: true,
    jpeg,
    width: size,
    height: size,
    bytes: jpeg.length,
    sha256: createHash('sha256').update(jpeg).digest('hex'),
    warnings,
    source: { format: source.format, width: source.width, height: source.height },
    face: probe?.face ?? null,
    appliedRect,
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export { ImageError };
