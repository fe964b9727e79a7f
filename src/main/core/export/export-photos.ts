/**
 * Export the current profile photos of a list of users to a folder, as a job: progress, cancel, resume.
 *
 * Per user: read the photo's metadata (GET .../photo, or .../photos/{size}); if the folder's manifest says the
 * file already holds this etag and the file's sha256 still matches, it is "unchanged" and nothing is downloaded;
 * otherwise download (.../photo/$value or .../photos/{size}/$value) and write the file atomically (temp file +
 * rename). Every request goes through the one RequestScheduler (Retry-After, per-mailbox limit, adaptive
 * concurrency). The manifest is saved every few seconds and at the end, so an interrupted export resumes where it
 * stopped. docs/export.md says what is read and why.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatPhotoDimensions } from '../../../shared/format-size';
import { describeFsError } from '../library/scan-folder';
import { writeFileDurable } from '../runs/journal';
import {
  CancelledError,
  RequestFailedError,
  RequestScheduler,
  type SchedulerOptions,
  type TokenRefresher,
} from '../runs/scheduler';
import { toGraphRequestError, type GraphRequestError } from '../tenant/graph-errors';
import { PHOTO_ERROR_CODES, type PhotoMetadata, type PhotoService } from '../tenant/photos';
import { EXPORT_MANIFEST_FILE, readExportManifest, sameCell, writeExportManifest } from './export-manifest';
import {
  summarizeExport,
  type ExportItem,
  type ExportNameField,
  type ExportProgress,
  type ExportSummary,
  type ExportUser,
  type GraphPhotoSize,
} from './export-schema';
import { fileNameKey, photoExtension, planFileNames, type PlannedName } from './file-names';

export interface ExportPhotosOptions {
  folder: string;
  users: readonly ExportUser[];
  photos: Pick<PhotoService, 'getMetadata' | 'getBytes'>;
  /** How files are named (default: UPN). */
  nameBy?: ExportNameField;
  /** An HD size; absent or null: the largest photo, as stored. */
  size?: GraphPhotoSize | null;
  auth?: TokenRefresher;
  scheduler?: Partial<SchedulerOptions>;
  /** Users worked on at once; the scheduler decides how many requests actually go (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** How often the manifest is saved while the export runs (default 2 s): a crash costs only the rest. */
  manifestEveryMs?: number;
}

export interface ExportOutcome {
  state: 'completed' | 'cancelled';
  folder: string;
  manifest: string;
  /** One per user reached, in the order the users were given. */
  items: ExportItem[];
  summary: ExportSummary;
}

/** The export folder cannot be made or written to: nothing was exported. */
export class ExportFolderError extends Error {
  override name = 'ExportFolderError';
}

export async function exportPhotos(options: ExportPhotosOptions): Promise<ExportOutcome> {
  const folder = path.resolve(options.folder);
  const size = options.size ?? null;
  const requested = size === null ? 'largest' : String(size);
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.access(folder, fs.constants.W_OK);
  } catch (error) {
    throw new ExportFolderError(`The export folder ${folder} cannot be used: ${describeFsError(error)}.`);
  }
  await removeStaleTempFiles(folder);
  const previous = await readExportManifest(folder);
  const names = planFileNames(options.users, options.nameBy ?? 'upn');
  const scheduler = new RequestScheduler({
    maxConcurrency: 16,
    initialConcurrency: 8,
    ...(options.auth ? { auth: options.auth } : {}),
    ...options.scheduler,
  });
  const onAbort = () => scheduler.cancel();
  if (options.signal?.aborted) scheduler.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const results = new Map<string, ExportItem>();
  const manifestItems = () => mergeManifest(options.users, results, previous);
  const saver = periodicSaver(folder, manifestItems, options.manifestEveryMs ?? 2000);
  const progress = () => {
    const items = [...results.values()];
    options.onProgress?.({
      done: items.length,
      total: options.users.length,
      summary: summarizeExport(items, options.users.length),
    });
  };
  const one = (user: ExportUser) =>
    exportOne(user, names.get(user.id)!, {
      folder,
      size,
      requested,
      photos: options.photos,
      scheduler,
      previous: previous.get(user.id),
    });

  let next = 0;
  let cancelled = false;
  const worker = async () => {
    while (!cancelled && next < options.users.length) {
      const user = options.users[next++]!;
      const item = await one(user);
      if (item === null) {
        cancelled = true;
        return;
      }
      results.set(user.id, item);
      progress();
      saver.tick();
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 16, options.users.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const manifest = await saver.final();
  const items = options.users.flatMap((u) => results.get(u.id) ?? []);
  return {
    state: cancelled || items.length < options.users.length ? 'cancelled' : 'completed',
    folder,
    manifest,
    items,
    summary: summarizeExport(items, options.users.length),
  };
}

interface OneContext {
  folder: string;
  size: GraphPhotoSize | null;
  requested: string;
  photos: ExportPhotosOptions['photos'];
  scheduler: RequestScheduler;
  previous: ExportItem | undefined;
}

/** One user's export; null when the export was cancelled before this user was done (nothing written). */
async function exportOne(user: ExportUser, name: PlannedName, ctx: OneContext): Promise<ExportItem | null> {
  const base = {
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    requested: ctx.requested,
    note: name.note,
  };
  const read = <T>(fn: () => Promise<T>) => ctx.scheduler.run(user.id, 'read', fn).then((r) => r.value);
  const empty = { file: null, size: null, etag: null, sha256: null, error: null };
  try {
    const size = ctx.size ?? undefined;
    const meta = await read(() => ctx.photos.getMetadata(user.id, size));
    if (!meta) {
      if (size === undefined) return { ...base, ...empty, status: 'no-photo' };
      // Say whether there is no photo at all, or none of this size (a photo smaller than the size asked for).
      const largest = await read(() => ctx.photos.getMetadata(user.id));
      const missing = largest
        ? `The photo is ${dimensions(largest, undefined) ?? 'smaller'}, so Microsoft 365 has no ${size} × ${size} copy of it; export without a size to get it.`
        : null;
      return { ...base, ...empty, status: 'no-photo', note: joinNotes(name.note, missing) };
    }
    const etag = meta.etag;
    const pixels = dimensions(meta, size);
    const expected = name.stem + photoExtension(null, meta.contentType);
    const prev = ctx.previous;
    if (
      prev &&
      (prev.status === 'exported' || prev.status === 'unchanged') &&
      etag !== null &&
      prev.sha256 !== null &&
      sameCell(prev.etag, etag) &&
      sameCell(prev.file, expected) &&
      sameCell(prev.requested, ctx.requested) &&
      (await sha256OfFile(path.join(ctx.folder, expected))) === prev.sha256
    ) {
      return {
        ...base,
        ...empty,
        status: 'unchanged',
        file: expected,
        size: pixels,
        etag,
        sha256: prev.sha256,
      };
    }
    const bytes = await read(() => ctx.photos.getBytes(user.id, size));
    if (!bytes) return { ...base, ...empty, status: 'no-photo' }; // removed since the metadata was read
    const file = name.stem + photoExtension(bytes, meta.contentType);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      await writeFileDurable(path.join(ctx.folder, file), bytes);
    } catch (error) {
      return {
        ...base,
        ...empty,
        status: 'failed',
        error: `The file ${file} could not be written to the export folder: ${describeFsError(error)}.`,
      };
    }
    return { ...base, ...empty, status: 'exported', file, size: pixels, etag, sha256 };
  } catch (error) {
    if (error instanceof CancelledError) return null;
    const failure = error instanceof RequestFailedError ? error.failure : toGraphRequestError(error);
    return { ...base, ...empty, status: 'failed', error: explainReadFailure(failure) };
  }
}

function joinNotes(a: string | null, b: string | null): string | null {
  return a && b ? `${a} ${b}` : (a ?? b);
}

/** "648 × 648": the size asked for, else the photo's own pixel size. */
function dimensions(meta: PhotoMetadata, size: number | undefined): string | null {
  if (size !== undefined) return `${size} × ${size}`;
  if (meta.width && meta.height) return `${meta.width} × ${meta.height}`;
  return meta.id ? formatPhotoDimensions(meta.id) : null;
}

async function sha256OfFile(file: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
  } catch {
    return null;
  }
}

/** A read that failed for good, in an admin's words: what happened and what to do. */
export function explainReadFailure(failure: GraphRequestError): string {
  if (failure.code === PHOTO_ERROR_CODES.userNotFound)
    return 'The user was not found in the tenant: they may have been deleted since the user list was read.';
  if (failure.code === PHOTO_ERROR_CODES.onPremises)
    return "This user's mailbox is in on-premises Exchange, and Microsoft 365 cannot read its photo from the cloud. Export it from Exchange on-premises or Active Directory.";
  if (failure.status === 401)
    return 'Sign-in expired and could not be refreshed. Sign in again and export again.';
  if (failure.status === 403)
    return "Microsoft 365 refused to read this photo (permission denied). The app registration needs User.Read.All or ProfilePhoto.Read.All with admin consent to read other people's photos.";
  if (failure.status === 429)
    return 'Microsoft 365 kept throttling the reads of this photo. Export again later into the same folder: photos already exported are not read again.';
  if (failure.status === 0)
    return `The network failed several times while reading this photo (${failure.code}). Export again into the same folder to finish.`;
  if (failure.status >= 500)
    return `Microsoft Graph kept failing while reading this photo (HTTP ${failure.status}). Export again into the same folder to finish.`;
  return `Microsoft Graph refused to read this photo (HTTP ${failure.status} ${failure.code}): ${failure.message}`.slice(
    0,
    400,
  );
}

/**
 * The manifest's rows: this export's users in their order (a user not reached keeps the row of the earlier
 * export, if any), then the earlier rows of other users whose files are still there, unless one of this export's
 * files now has that name.
 */
export function mergeManifest(
  users: readonly ExportUser[],
  results: ReadonlyMap<string, ExportItem>,
  previous: ReadonlyMap<string, ExportItem>,
): ExportItem[] {
  const rows: ExportItem[] = [];
  const selected = new Set<string>();
  for (const user of users) {
    selected.add(user.id);
    const row = results.get(user.id) ?? previous.get(user.id);
    if (row) rows.push(row);
  }
  const files = new Set(rows.flatMap((r) => (r.file ? [fileNameKey(r.file)] : [])));
  for (const row of previous.values()) {
    if (selected.has(row.userId)) continue;
    if (row.file && files.has(fileNameKey(row.file))) continue;
    rows.push(row);
  }
  return rows;
}

/** Saves the manifest at most every `everyMs` while the export runs, one save at a time, and once at the end. */
function periodicSaver(folder: string, rows: () => ExportItem[], everyMs: number) {
  let last = Date.now();
  let saving: Promise<unknown> = Promise.resolve();
  let busy = false;
  return {
    tick() {
      if (busy || Date.now() - last < everyMs) return;
      busy = true;
      last = Date.now();
      saving = writeExportManifest(folder, rows())
        .catch(() => undefined) // the final save reports a problem; a periodic one only loses time
        .finally(() => {
          busy = false;
        });
    },
    async final(): Promise<string> {
      await saving;
      return writeExportManifest(folder, rows());
    },
  };
}

/** Temp files an interrupted write left behind (writeFileDurable's "<name>.tmp-<pid>"). */
async function removeStaleTempFiles(folder: string): Promise<void> {
  const manifestTemp = new RegExp(`^${EXPORT_MANIFEST_FILE.replace('.', '\\.')}\\.tmp-\\d+$`);
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    entries
      .filter((e) => /\.(jpg|png|gif)\.tmp-\d+$/i.test(e) || manifestTemp.test(e))
      .map((e) => fs.rm(path.join(folder, e), { force: true })),
  );
}
