/**
 * Import: folder (+ optional mapping CSV) -> review items. Runs the matcher over the directory (Review opens on
 * that), then makes a small preview of every photo, the visible rows first, whose one decode also yields the photo
 * checks (unusable images, and warnings such as blurry or too dark) before any upload. Previews are written to a cache folder
 * the renderer may read through the scoped image protocol. The absolute paths stay in main: the renderer only
 * ever names files relative to the imported folder. A photographer's handoff package (`packagePath`) is imported the
 * same way after its checks: its verified photos become rows with the recorded crop, its refused files skipped rows.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CropStrategy, GraphUser, MatchStatus, ScopeSummary, UploadScope } from '../../shared/domain';
import type { MappingFileSummary } from '../../shared/mapping-csv';
import type { ReviewItem } from '../../shared/review';
import { summarise } from '../core/matching/match-files';
import { openPackage, packageEntries } from '../core/package/index';
import { makePreview } from '../core/imaging/preview';
import { OUTPUT } from '../core/imaging/thresholds';
import { matchFolder } from '../core/matching/match-folder';
import type { ScopeMembership } from '../core/scope/apply-scope';
import { type GroupLookup, resolveScope, scopeSummary } from '../core/scope/resolve-scope';
import { runWithPriority, type PriorityRunner } from '../core/util/priority-queue-runner';

export interface ImportRequest {
  folder: string;
  mappingCsv?: string | null;
  domains?: string[];
  includeGuests?: boolean;
  includeDisabled?: boolean;
  /** Limit the upload to a group, a department or a users CSV: files for anyone else are `outside-scope`. */
  scope?: UploadScope;
  /**
   * A handoff package (folder or .zip) to import instead of a folder of photos: every file is checked against its
   * manifest and the roster's people are matched against the directory (the mapping CSV and domains do not apply).
   */
  packagePath?: string;
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
  mappingErrors: { row: number; message: string; file?: string }[];
  /** How the mapping CSV was read, for the import summary; absent without one. */
  mappingFile?: MappingFileSummary;
  /** The upload's scope as Review shows it; absent when the upload is for everyone. */
  scope?: ScopeSummary;
}

export interface ImportDeps {
  directory: () => Promise<GraphUser[]>;
  /** Group lookups for a group scope (tenant/groups.ts bound to the session's Graph client). */
  groups?: GroupLookup;
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
  /** The 'face' crop's tightness (settings.faceTightness), so Review frames as the run will. */
  faceTightness?: number;
  /**
   * Where a package's checked files are kept, one folder per import. Under the state folder, so a run started from
   * them can resume after a restart (default: the import's preview folder, which lives only as long as the app).
   */
  packageRoot?: string;
}

/** A completed import, kept in main so a run can resolve relative files to absolute paths. */
export interface ImportRecord extends ImportResult {
  images: Map<string, string>;
  /** Who the upload may reach: a run from this import refuses anyone else (the run engine's second guard). */
  scopeMembership?: ScopeMembership;
}

export const PREVIEW_SIZE = 320;

/**
 * Scans and matches: Review can open on what this returns, while every photo that needs one is marked
 * previewPending. Then startPreviews() makes the previews (with the photo checks) and reports them as they come.
 */
export async function runImport(
  request: ImportRequest,
  deps: ImportDeps,
  options: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportRecord> {
  const { signal, onProgress } = options;
  onProgress?.({ phase: 'directory', scanned: 0, previews: 0, total: null });
  const directory = await deps.directory();
  // Resolved before the scan, so a scope that cannot be used (no such department) fails at once.
  const scope = request.scope
    ? await resolveScope(request.scope, { directory, ...(deps.groups ? { groups: deps.groups } : {}) })
    : undefined;
  const importId = createHash('sha256')
    .update(`${request.folder}\0${Date.now()}\0${Math.random()}`)
    .digest('hex')
    .slice(0, 16);
  if (request.packagePath) {
    return importPackage(request.packagePath, importId, request, directory, scope, deps, signal);
  }
  const report = await matchFolder({
    folder: request.folder,
    directory,
    ...(request.domains?.length ? { domains: request.domains } : {}),
    ...(request.mappingCsv ? { mappingCsv: request.mappingCsv } : {}),
    includeGuests: request.includeGuests ?? false,
    includeDisabled: request.includeDisabled ?? false,
    ...(signal ? { signal } : {}),
    ...(scope ? { scope } : {}),
    onProgress: (p) => onProgress?.({ phase: 'scanning', scanned: p.scanned, previews: 0, total: null }),
  });
  const mappingRowsOf = new Map<string, number[]>();
  for (const e of report.mappingErrors) {
    if (e.file !== undefined) mappingRowsOf.set(e.file, [...(mappingRowsOf.get(e.file) ?? []), e.row]);
  }
  const items = report.matches.map((match): ReviewItem => ({
    ...match,
    ...(mappingRowsOf.has(match.file) ? { mappingRows: mappingRowsOf.get(match.file) } : {}),
    id: match.file,
    thumbnailUrl: null,
    previewUrl: null,
    imageWidth: null,
    imageHeight: null,
    warnings: [],
    error: null,
    // A file outside the scope is never uploaded: no preview to wait for.
    ...(match.status !== 'skipped' && match.status !== 'outside-scope' && report.images.has(match.file)
      ? { previewPending: true }
      : {}),
  }));
  return {
    importId,
    folder: request.folder,
    items,
    summary: report.summary,
    mappingErrors: report.mappingErrors,
    ...(report.mappingFile ? { mappingFile: report.mappingFile } : {}),
    ...(scope
      ? {
          scope: scopeSummary(scope),
          scopeMembership: { userIds: scope.userIds, membership: scope.membership },
        }
      : {}),
    images: report.images,
  };
}

/**
 * A package instead of a folder: opened and checked into its own folder (a wrong format or version throws
 * PackageError for the whole package), then each verified photo is a row with the photographer's crop as
 * `packageCrop`, and each refused file a skipped row with the error package-mismatch.
 */
async function importPackage(
  packagePath: string,
  importId: string,
  request: ImportRequest,
  directory: GraphUser[],
  scope: Awaited<ReturnType<typeof resolveScope>> | undefined,
  deps: ImportDeps,
  signal: AbortSignal | undefined,
): Promise<ImportRecord> {
  const workDir = deps.packageRoot
    ? path.join(deps.packageRoot, importId)
    : path.join(deps.previewRoot, importId, 'package');
  const opened = await openPackage(packagePath, { workDir });
  signal?.throwIfAborted();
  const { entries, refused } = packageEntries(opened, directory, {
    includeGuests: request.includeGuests ?? false,
    includeDisabled: request.includeDisabled ?? false,
    ...(scope ? { scope } : {}),
  });
  const blank = {
    thumbnailUrl: null,
    previewUrl: null,
    imageWidth: null,
    imageHeight: null,
    warnings: [],
  };
  const items: ReviewItem[] = entries.map((e) => ({
    ...e.match,
    ...blank,
    id: e.match.file,
    error: null,
    packageCrop: e.crop,
    ...(e.match.status !== 'outside-scope' ? { previewPending: true } : {}),
  }));
  // Row ids are unique even when a manifest lists a file twice (the second is refused under the same name).
  const ids = new Set(items.map((i) => i.id));
  for (const r of refused) {
    let id = r.file;
    for (let n = 2; ids.has(id); n++) id = `${r.file} (${n})`;
    ids.add(id);
    items.push({
      file: r.file,
      status: 'skipped',
      user: r.user,
      method: r.method,
      candidates: [],
      reason: r.error.message,
      ...blank,
      id,
      error: r.error,
    });
  }
  return {
    importId,
    folder: request.folder,
    items,
    summary: summarise(items),
    mappingErrors: [],
    ...(scope
      ? {
          scope: scopeSummary(scope),
          scopeMembership: { userIds: scope.userIds, membership: scope.membership },
        }
      : {}),
    images: new Map(entries.map((e) => [e.match.file, e.path])),
  };
}

export interface PreviewJob extends PriorityRunner<string> {
  /** How many previews are done, of how many. */
  progress(): { done: number; total: number };
}

/**
 * Makes the previews of an import, one decode per photo (the decode also yields the photo checks), the rows on
 * screen first (prioritize). Each finished row replaces its item in `record.items` and is reported through
 * `onItems`, batched by the caller's cadence.
 */
export function startPreviews(
  record: ImportRecord,
  deps: ImportDeps,
  options: { signal?: AbortSignal; onItems?: (items: ReviewItem[]) => void } = {},
): PreviewJob {
  const { signal } = options;
  const indexById = new Map(record.items.map((item, index) => [item.id, index]));
  const pending = record.items.filter((item) => item.previewPending).map((item) => item.id);
  const previewDir = path.join(deps.previewRoot, record.importId);
  const size = deps.previewSize ?? PREVIEW_SIZE;
  let done = 0;
  const ready = mkdir(previewDir, { recursive: true });
  const runner = runWithPriority(pending, deps.previewConcurrency ?? 4, async (id) => {
    await ready;
    const index = indexById.get(id)!;
    const base = record.items[index]!;
    const abs = record.images.get(base.file)!;
    const preview = await makePreview(abs, size, {
      ...(signal ? { signal } : {}),
      checks: {
        outputSize: deps.outputSize ?? OUTPUT.defaultSize,
        crop: deps.defaultCrop ?? 'face',
        ...(deps.faceTightness !== undefined ? { framing: { tightness: deps.faceTightness } } : {}),
      },
    });
    if (signal?.aborted) return;
    const { previewPending: _pending, ...item } = base;
    let next: ReviewItem;
    if (!preview.ok) next = { ...item, error: { code: preview.error.code, message: preview.error.message } };
    else if (preview.checks?.error) next = { ...item, error: preview.checks.error };
    else {
      const file = path.join(previewDir, `${index}.jpg`);
      await writeFile(file, preview.data);
      const url = deps.imageUrl(file);
      next = {
        ...item,
        warnings: preview.checks?.warnings ?? [],
        // The face the 'face' crop frames, for the crop editor's box (only when the checks ran).
        ...(preview.checks ? { face: preview.checks.face, faceRect: preview.checks.faceRect } : {}),
        thumbnailUrl: url,
        previewUrl: url,
        imageWidth: preview.width,
        imageHeight: preview.height,
      };
    }
    record.items[index] = next;
    done += 1;
    options.onItems?.([next]);
  });
  signal?.addEventListener('abort', () => runner.cancel(), { once: true });
  return { ...runner, progress: () => ({ done, total: pending.length }) };
}

/** Scan, match and every preview, for callers that want the finished import at once (tests, benches). */
export async function importWithPreviews(
  request: ImportRequest,
  deps: ImportDeps,
  options: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportRecord> {
  const record = await runImport(request, deps, options);
  const job = startPreviews(record, deps, {
    ...(options.signal ? { signal: options.signal } : {}),
    onItems: () => {
      const { done, total } = job.progress();
      options.onProgress?.({ phase: 'previews', scanned: record.items.length, previews: done, total });
    },
  });
  await job.done;
  return record;
}
