/**
 * Import: folder (+ optional mapping CSV) -> review items. Runs the matcher over the directory, then makes a
 * small preview of every photo (which also finds unusable images before any upload), written to a cache folder
 * the renderer may read through the scoped image protocol. The absolute paths stay in main: the renderer only
 * ever names files relative to the imported folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { CropStrategy, GraphUser, Issue, MatchStatus } from '../../shared/domain';
import type { ReviewItem } from '../../shared/review';
import { makePreview } from '../imaging/preview';
import { qualityWarnings } from '../imaging/quality-checks';
import { THRESHOLDS } from '../imaging/thresholds';
import { matchFolder } from '../matching/match-folder';
import { mapConcurrent } from '../util/concurrency';

export interface ImportRequest {
  folder: string;
  mappingCsv?: string | null;
  domains?: string[];
  includeGuests?: boolean;
  includeDisabled?: boolean;
}

export interface ImportProgress {
  phase: 'directory' | 'scanning' | 'previews';
  scanned: number;
  previews: number;
  total: number | null;
}

export interface ImportResult {
  importId: string;
  folder: string;
  items: ReviewItem[];
  summary: Partial<Record<MatchStatus, number>>;
  mappingErrors: { row: number; message: string }[];
}

export interface ImportDeps {
  directory: () => Promise<GraphUser[]>;
  /** Previews are cached under here; the caller grants the renderer read access to it. */
  previewRoot: string;
  /** Turns a file path into a URL the renderer may load (the scoped image protocol). */
  imageUrl: (file: string) => string;
  previewSize?: number;
  previewConcurrency?: number;
  /** For the early checks: the output size and the default crop (a letterbox loses nothing). */
  outputSize?: number;
  defaultCrop?: CropStrategy;
}

/**
 * The checks the header alone can answer, made at import so Review shows them before any upload: too small to use,
 * smaller than the output, a square crop that drops much of the picture, animation. Blur and exposure need the
 * processed photo: they come with the run's report. Sides are compared short to short, so orientation does not
 * matter. A header sharp cannot read (HEIC) gives no early warnings.
 */
export async function headerChecks(
  file: string,
  outputSize: number,
  crop: CropStrategy,
): Promise<{ error: Issue | null; warnings: Issue[] }> {
  let meta: Metadata;
  try {
    meta = await sharp(file).metadata();
  } catch {
    return { error: null, warnings: [] };
  }
  const { width, height } = meta;
  if (!width || !height) return { error: null, warnings: [] };
  const short = Math.min(width, height);
  if (short < THRESHOLDS.minSourceSide) {
    return {
      error: {
        code: 'too-small',
        message: `The image is ${width} × ${height} px; a profile photo needs at least ${THRESHOLDS.minSourceSide} px on its short side.`,
      },
      warnings: [],
    };
  }
  const warnings = qualityWarnings({
    regionSide: short,
    outputSize,
    cropLoss: crop === 'contain' ? 0 : 1 - (short * short) / (width * height),
    frames: meta.pages ?? 1,
    // Not measured here (see above): neutral values raise no warning.
    sharpness: Number.POSITIVE_INFINITY,
    meanLuma: 128,
  });
  return { error: null, warnings };
}

/** A completed import, kept in main so a run can resolve relative files to absolute paths. */
export interface ImportRecord extends ImportResult {
  images: Map<string, string>;
}

export const PREVIEW_SIZE = 320;

export async function runImport(
  request: ImportRequest,
  deps: ImportDeps,
  options: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportRecord> {
  const { signal, onProgress } = options;
  onProgress?.({ phase: 'directory', scanned: 0, previews: 0, total: null });
  const directory = await deps.directory();
  const report = await matchFolder({
    folder: request.folder,
    directory,
    ...(request.domains?.length ? { domains: request.domains } : {}),
    ...(request.mappingCsv ? { mappingCsv: request.mappingCsv } : {}),
    includeGuests: request.includeGuests ?? false,
    includeDisabled: request.includeDisabled ?? false,
    ...(signal ? { signal } : {}),
    onProgress: (p) => onProgress?.({ phase: 'scanning', scanned: p.scanned, previews: 0, total: null }),
  });
  const importId = createHash('sha256')
    .update(`${request.folder}\0${Date.now()}\0${Math.random()}`)
    .digest('hex')
    .slice(0, 16);
  const previewDir = path.join(deps.previewRoot, importId);
  await mkdir(previewDir, { recursive: true });

  const total = report.matches.length;
  let previews = 0;
  let lastTick = 0;
  const size = deps.previewSize ?? PREVIEW_SIZE;
  const items = await mapConcurrent(
    report.matches,
    deps.previewConcurrency ?? 4,
    async (match, index): Promise<ReviewItem> => {
      const base: ReviewItem = {
        ...match,
        id: match.file,
        thumbnailUrl: null,
        previewUrl: null,
        imageWidth: null,
        imageHeight: null,
        warnings: [],
        error: null,
      };
      const abs = report.images.get(match.file);
      if (match.status === 'skipped' || !abs) return base;
      const preview = await makePreview(abs, size, signal);
      previews += 1;
      const now = Date.now();
      if (now - lastTick > 100 || previews === total) {
        lastTick = now;
        onProgress?.({ phase: 'previews', scanned: total, previews, total });
      }
      if (!preview.ok)
        return { ...base, error: { code: preview.error.code, message: preview.error.message } };
      const checks = await headerChecks(abs, deps.outputSize ?? 648, deps.defaultCrop ?? 'attention');
      if (checks.error) return { ...base, error: checks.error };
      const file = path.join(previewDir, `${index}.jpg`);
      await writeFile(file, preview.data);
      const url = deps.imageUrl(file);
      return {
        ...base,
        warnings: checks.warnings,
        thumbnailUrl: url,
        previewUrl: url,
        imageWidth: preview.width,
        imageHeight: preview.height,
      };
    },
    signal,
  );
  return {
    importId,
    folder: request.folder,
    items,
    summary: report.summary,
    mappingErrors: report.mappingErrors,
    images: report.images,
  };
}
