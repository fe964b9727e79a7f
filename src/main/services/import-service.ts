/**
 * Import: folder (+ optional mapping CSV) -> review items. Runs the matcher over the directory, then makes a
 * small preview of every photo, whose decode also yields the photo checks (unusable images, and warnings such as
 * blurry or too dark) before any upload. Previews are written to a cache folder
 * the renderer may read through the scoped image protocol. The absolute paths stay in main: the renderer only
 * ever names files relative to the imported folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CropStrategy, GraphUser, MatchStatus } from '../../shared/domain';
import type { MappingFileSummary } from '../../shared/mapping-csv';
import type { ReviewItem } from '../../shared/review';
import { makePreview } from '../imaging/preview';
import { OUTPUT } from '../imaging/thresholds';
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
  /** How the mapping CSV was read, for the import summary; absent without one. */
  mappingFile?: MappingFileSummary;
}

export interface ImportDeps {
  directory: () => Promise<GraphUser[]>;
  /** Previews are cached under here; the caller grants the renderer read access to it. */
  previewRoot: string;
  /** Turns a file path into a URL the renderer may load (the scoped image protocol). */
  imageUrl: (file: string) => string;
  previewSize?: number;
  previewConcurrency?: number;
  /**
   * For the photo checks made with each preview (imaging/preview.ts): the run's output size and default crop, so
   * Review warns about what the run will produce.
   */
  outputSize?: number;
  defaultCrop?: CropStrategy;
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
      const preview = await makePreview(abs, size, {
        ...(signal ? { signal } : {}),
        checks: { outputSize: deps.outputSize ?? OUTPUT.defaultSize, crop: deps.defaultCrop ?? 'attention' },
      });
      previews += 1;
      const now = Date.now();
      if (now - lastTick > 100 || previews === total) {
        lastTick = now;
        onProgress?.({ phase: 'previews', scanned: total, previews, total });
      }
      if (!preview.ok)
        return { ...base, error: { code: preview.error.code, message: preview.error.message } };
      const checks = preview.checks;
      if (checks?.error) return { ...base, error: checks.error };
      const file = path.join(previewDir, `${index}.jpg`);
      await writeFile(file, preview.data);
      const url = deps.imageUrl(file);
      return {
        ...base,
        warnings: checks?.warnings ?? [],
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
    ...(report.mappingFile ? { mappingFile: report.mappingFile } : {}),
    images: report.images,
  };
}
