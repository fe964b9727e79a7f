/**
 * The import's one pass per photo: the same guards and decode-by-content as the pipeline, then a small JPEG
 * thumbnail of the whole picture, upright, so the reviewer can place a crop on it (e.g. 160 or 320 px). With
 * `checks`, the same decode also yields the photo checks Review shows before any upload: too small, low
 * resolution, heavy crop, animated, and the measured ones (blurry, too dark, overexposed).
 *
 * The measured checks are scale-dependent (a Laplacian variance reads a blurred photo as sharp once it is shrunk
 * to 320 px), so the picture is decoded at the scale the run will use: the crop region at the output size, as
 * processing does. The region is measured with the same `measure` and judged by the same `qualityWarnings` as in
 * processing, and the thumbnail is resized from those pixels, so the file is still decoded once. For the 'face'
 * crop, the same face probe as processing (face-probe.ts: a small decode and the detector) comes first, so Review
 * frames, measures and warns about the very square the run will cut.
 */
import sharp from 'sharp';
import type { CropRect, CropStrategy, ImageErrorCode, Issue } from '../../../shared/domain';
import type { Face, FaceFraming } from '../../../shared/faces';
import { withFaceWarnings } from '../faces/face-checks';
import type { FaceDetector } from '../faces/face-detector';
import { planCrop, type Box } from './crop-plan';
import { probeFace, type FaceProbe } from './face-probe';
import { classifyDecodeError } from './image-error';
import { openSource, type OpenedSource, type SourceFormat } from './open-source';
import { measure, qualityWarnings, tooSmall, type Measurements } from './quality-checks';
import { LIMITS, OUTPUT } from './thresholds';

export interface PreviewChecks {
  /** The output size the run will use (648 by default). */
  outputSize: number;
  /** The crop the run will use unless the reviewer picks another ('rect' has no rectangle yet: centre). */
  crop: CropStrategy;
  /** How tight the 'face' crop is (default FACE_TIGHTNESS.default). */
  framing?: FaceFraming;
}

export interface PreviewOptions {
  signal?: AbortSignal;
  /** Finds the faces for the 'face' crop's checks (default: the process's shared detector). */
  detector?: FaceDetector;
  /** Also run the photo checks, for the run's output size and crop. */
  checks?: PreviewChecks;
}

export interface PhotoChecks {
  /** Set when the photo cannot be used at all (`too-small`). */
  error: Issue | null;
  warnings: Issue[];
  /** The raw figures behind blurry / too-dark / overexposed; null when not measured (too small). */
  measurements: Measurements | null;
  /** The face the 'face' crop frames (box normalised to the upright source); null for other crops or none found. */
  face: Face | null;
  /** The square the 'face' crop cuts, normalised to the upright source; null without a face. */
  faceRect: CropRect | null;
}

export type PreviewResult =
  | {
      ok: true;
      data: Buffer;
      mime: string;
      width: number;
      height: number;
      /** The source as decoded: its format, upright size and frames. */
      source: { format: SourceFormat; width: number; height: number; pages: number };
      /** null unless `checks` was asked for. */
      checks: PhotoChecks | null;
    }
  | { ok: false; error: { code: ImageErrorCode; message: string } };

const PREVIEW_QUALITY = 75;

export async function makePreview(
  input: string | Buffer,
  size: number,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  const { signal, checks, detector } = options;
  if (!Number.isInteger(size) || size < 16 || size > OUTPUT.maxSize) {
    throw new TypeError(`Preview size must be an integer from 16 to ${OUTPUT.maxSize}, got ${size}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), LIMITS.defaultTimeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const source = await openSource(input, {
      signal: controller.signal,
      timeoutSeconds: Math.ceil(LIMITS.defaultTimeoutMs / 1000),
    });
    const thumb = fitInside(source, size);
    const refusal = checks ? tooSmall(source.width, source.height) : null;
    const probe: FaceProbe | null =
      checks?.crop === 'face' && !refusal
        ? await probeFace(source, {
            detector,
            framing: checks.framing,
            outputSize: checks.outputSize,
            signal: controller.signal,
            // A file's faces are kept (face-cache.ts): the run then frames what Review showed without detecting again.
            input,
          })
        : null;
    const faceRect = probe?.rect ?? undefined;
    const geometry = checks && !refusal ? checkGeometry(source, checks, faceRect) : null;
    // One decode: at the check scale when measuring, else straight at the thumbnail size.
    const work = geometry ?? { width: thumb.width, height: thumb.height };
    const pixels = await decodeRaw(source, work.width, work.height);

    let photoChecks: PhotoChecks | null = null;
    if (checks) {
      const measurements = geometry ? await measureRegion(pixels, geometry) : null;
      const plan = planCrop(
        source,
        checks.outputSize,
        checks.crop === 'rect' ? 'center' : checks.crop,
        faceRect,
      );
      const imageWarnings =
        refusal || !measurements
          ? []
          : qualityWarnings({
              ...measurements,
              regionSide: plan.regionSide,
              outputSize: checks.outputSize,
              cropLoss: plan.cropLoss,
              frames: source.format === 'gif' || source.format === 'webp' ? source.pages : 1,
            });
      photoChecks = {
        error: refusal,
        warnings:
          probe && !refusal && measurements
            ? withFaceWarnings(imageWarnings, probe.warnings, probe.face !== null)
            : imageWarnings,
        measurements,
        face: probe?.face ?? null,
        faceRect: probe?.rect ?? null,
      };
    }

    const raw = sharp(pixels.data, { raw: { width: work.width, height: work.height, channels: 3 } });
    const resized =
      work.width === thumb.width && work.height === thumb.height
        ? raw
        : raw.resize(thumb.width, thumb.height, { fit: 'fill' });
    const { data, info } = await resized
      .jpeg({ quality: PREVIEW_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      data,
      mime: 'image/jpeg',
      width: info.width,
      height: info.height,
      source: { format: source.format, width: source.width, height: source.height, pages: source.pages },
      checks: photoChecks,
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failure = classifyDecodeError(error);
    return { ok: false, error: { code: failure.code, message: failure.message } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The thumbnail size: the whole picture inside `size`, never enlarged. */
function fitInside(source: { width: number; height: number }, size: number) {
  const scale = Math.min(1, size / Math.max(source.width, source.height));
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/**
 * Where the checks look, as processing would (crop-plan.ts): the whole picture resized so the crop region is
 * `outputSize` px, and in it the region to measure (a box, or sharp's attention crop of a square that size).
 */
interface CheckGeometry {
  width: number;
  height: number;
  region: { kind: 'box'; box: Box } | { kind: 'attention'; side: number };
}

export function checkGeometry(
  source: { width: number; height: number },
  { outputSize, crop }: PreviewChecks,
  faceRect?: CropRect,
): CheckGeometry {
  if (crop === 'contain') {
    const plan = planCrop(source, outputSize, 'contain');
    const { width, height } = withinBudget(plan.content.width, plan.content.height);
    return { width, height, region: { kind: 'box', box: { left: 0, top: 0, width, height } } };
  }
  // The centre plan's resize is also the "cover" size sharp's attention crop starts from; a framed face is cut
  // like a rectangle (centre without a face).
  const plan = planCrop(source, outputSize, crop === 'face' ? 'face' : 'center', faceRect);
  if (plan.kind !== 'extract') throw new Error('unreachable: a centre or face crop is an extract');
  const { width, height, factor } = withinBudget(plan.resize.width, plan.resize.height);
  const side = Math.max(1, Math.min(width, height, Math.round(outputSize * factor)));
  if (crop === 'attention') return { width, height, region: { kind: 'attention', side } };
  const box: Box = {
    left: Math.min(width - side, Math.round(plan.extract.left * factor)),
    top: Math.min(height - side, Math.round(plan.extract.top * factor)),
    width: side,
    height: side,
  };
  return { width, height, region: { kind: 'box', box } };
}

function withinBudget(width: number, height: number): { width: number; height: number; factor: number } {
  const pixels = width * height;
  if (pixels <= LIMITS.maxCheckPixels) return { width, height, factor: 1 };
  const factor = Math.sqrt(LIMITS.maxCheckPixels / pixels);
  return {
    width: Math.max(1, Math.floor(width * factor)),
    height: Math.max(1, Math.floor(height * factor)),
    factor,
  };
}

interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
}

/** The upright picture as 8-bit sRGB, alpha flattened on white: the same pixel steps as processing. */
async function decodeRaw(source: OpenedSource, width: number, height: number): Promise<RawPixels> {
  const { data, info } = await source
    .pipeline()
    .flatten({ background: OUTPUT.defaultBackground })
    .resize(width, height, { fit: 'fill' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== width || info.height !== height) {
    throw new Error(`Unexpected pixel layout (${info.width}x${info.height}x${info.channels}).`);
  }
  return { data, width, height };
}

async function measureRegion(pixels: RawPixels, geometry: CheckGeometry): Promise<Measurements> {
  const { region } = geometry;
  if (region.kind === 'box') return measure(pixels.data, pixels.width, 3, region.box);
  const { data, info } = await sharp(pixels.data, {
    raw: { width: pixels.width, height: pixels.height, channels: 3 },
  })
    .resize(region.side, region.side, { fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return measure(data, info.width, info.channels, {
    left: 0,
    top: 0,
    width: info.width,
    height: info.height,
  });
}
