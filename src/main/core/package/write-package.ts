/**
 * Writing a handoff package: each photo processed with processImage (the upload's own pipeline, so the admin gets
 * the bytes the photographer reviewed) -> photos/<name>.jpg, optionally the original -> originals/, then
 * manifest.json with every file's sha256 and size. The package is built in a temp sibling and renamed into place,
 * so `out` is either complete or absent. A photo that cannot be processed is listed in `failed`, never thrown.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { CropRect, Issue } from '../../../shared/domain';
import type { Face, FaceFraming } from '../../../shared/faces';
import {
  PACKAGE_FORMAT,
  PACKAGE_MANIFEST,
  PACKAGE_VERSION,
  packageManifestSchema,
  type PackageManifest,
  type PackagePhoto,
  type RosterIdentity,
} from '../../../shared/handoff-package';
import type { CropChoice } from '../../../shared/review';
import { fileNameKey, safeFileStem } from '../export/file-names';
import { processImage, type ProcessOptions } from '../imaging/process-image';
import { OUTPUT } from '../imaging/thresholds';
import { mapConcurrent } from '../util/concurrency';
import { writeZip, type ZipSource } from './zip-write';

export interface PackageItem {
  /** Absolute path of the photographer's file. */
  source: string;
  /** Its name for people (relative to the imported folder). */
  sourceName: string;
  identity: RosterIdentity;
  crop: CropChoice;
}

export interface WritePackageOptions {
  /** A folder, or a file ending in .zip. Must not exist yet. */
  out: string;
  includeOriginals: boolean;
  createdBy: string;
  toolVersion: string;
  size?: number;
  quality?: number;
  framing?: FaceFraming;
  /** Roster rows no photo matched: recorded so the admin sees who is still owed. */
  missing?: RosterIdentity[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Photos processed at once (default 2: processing is CPU-bound). */
  concurrency?: number;
}

export interface WritePackageResult {
  out: string;
  manifest: PackageManifest;
  failed: { sourceName: string; error: Issue }[];
}

/** The package cannot be written at all (the out path exists, the disk refuses). */
export class PackageWriteError extends Error {
  override name = 'PackageWriteError';
}

/** The outcome fields helper B's face crop adds to processImage; read loosely until every build has them. */
interface FaceOutcome {
  face?: Face | null;
  appliedRect?: CropRect;
}

export const isZipPath = (path: string) => extname(path).toLowerCase() === '.zip';

export async function writePackage(
  items: PackageItem[],
  options: WritePackageOptions,
): Promise<WritePackageResult> {
  const { out, signal } = options;
  if (await exists(out))
    throw new PackageWriteError(`${out} already exists: choose a new name for the package.`);
  const zip = isZipPath(out);
  const temp = join(dirname(out), `.${basename(out)}.${randomUUID().slice(0, 8)}.partial`);
  const names = planPackageNames(items);
  const failed: WritePackageResult['failed'] = [];
  let done = 0;
  try {
    await mkdir(join(temp, 'photos'), { recursive: true });
    if (options.includeOriginals) await mkdir(join(temp, 'originals'), { recursive: true });
    const photos = await mapConcurrent(
      items,
      options.concurrency ?? 2,
      async (item, i) => {
        const photo = await packOne(item, names[i] as string, temp, options);
        if ('error' in photo) failed.push({ sourceName: item.sourceName, error: photo.error });
        options.onProgress?.(++done, items.length);
        return 'error' in photo ? null : photo;
      },
      signal,
    );
    const manifest = packageManifestSchema.parse({
      format: PACKAGE_FORMAT,
      version: PACKAGE_VERSION,
      createdAt: new Date().toISOString(),
      createdBy: options.createdBy.slice(0, 256),
      tool: { name: 'Headshot', version: options.toolVersion },
      output: { size: options.size ?? OUTPUT.defaultSize, format: 'jpeg' },
      photos: photos.filter((p): p is PackagePhoto => p !== null),
      missing: options.missing ?? [],
    } satisfies PackageManifest);
    await writeFile(join(temp, PACKAGE_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    signal?.throwIfAborted();
    if (zip) {
      const partialZip = `${temp}.zip`;
      try {
        await writeZip(partialZip, zipSources(manifest, temp), signal);
        await rename(partialZip, out);
      } finally {
        await rm(partialZip, { force: true });
      }
    } else {
      await rename(temp, out);
    }
    return { out, manifest, failed };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function packOne(
  item: PackageItem,
  stem: string,
  temp: string,
  options: WritePackageOptions,
): Promise<PackagePhoto | { error: Issue }> {
  const face = item.crop.strategy === 'face';
  const processOptions: ProcessOptions & { framing?: FaceFraming } = {
    size: options.size ?? OUTPUT.defaultSize,
    ...(options.quality !== undefined ? { quality: options.quality } : {}),
    crop: item.crop.strategy,
    ...(item.crop.rect ? { rect: item.crop.rect } : {}),
    ...(face && options.framing ? { framing: options.framing } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const processed = await processImage(item.source, processOptions);
  if (!processed.ok) return { error: processed.error };
  const extra = processed as typeof processed & FaceOutcome;
  const file = `photos/${stem}.jpg`;
  await writeFile(join(temp, file), processed.jpeg);
  let original: PackagePhoto['original'] = null;
  if (options.includeOriginals) {
    try {
      const ext = safeFileStem(extname(item.sourceName).toLowerCase().replace(/^\./, ''), 10);
      const name = `originals/${stem}${ext ? `.${ext}` : ''}`;
      await copyFile(item.source, join(temp, name));
      const bytes = await readFile(join(temp, name));
      original = { file: name, sha256: sha256(bytes), bytes: bytes.length };
    } catch (error) {
      return {
        error: {
          code: 'original-unreadable',
          message: `The original could not be copied: ${(error as Error).message}`,
        },
      };
    }
  }
  return {
    file,
    sha256: processed.sha256,
    bytes: processed.bytes,
    width: processed.width,
    height: processed.height,
    original,
    sourceName: item.sourceName,
    identity: item.identity,
    // The square as cut, so the admin's re-processing of the original gives the same picture.
    crop: extra.appliedRect ? { strategy: 'rect', rect: extra.appliedRect } : item.crop,
    face: extra.face ?? null,
    framing: face ? (options.framing ?? null) : null,
    warnings: processed.warnings,
  };
}

/**
 * One OS-safe stem per item (export's rules), from the identity's strongest name: UPN, email, employee ID, name,
 * then the source file's name. Names that compare equal on a case-insensitive disk get " (2)", " (3)".
 */
export function planPackageNames(items: readonly Pick<PackageItem, 'identity' | 'sourceName'>[]): string[] {
  const taken = new Set<string>();
  return items.map(({ identity, sourceName }) => {
    const wanted = [
      identity.upn,
      identity.email,
      identity.employeeId,
      identity.name,
      basename(sourceName, extname(sourceName)),
    ];
    const base = wanted.map((w) => (w ? safeFileStem(w, 180) : '')).find((s) => s !== '') || 'photo';
    let stem = base;
    for (let n = 2; taken.has(fileNameKey(stem)); n++) stem = `${base} (${n})`;
    taken.add(fileNameKey(stem));
    return stem;
  });
}

function zipSources(manifest: PackageManifest, root: string): ZipSource[] {
  const sources: ZipSource[] = [
    { name: PACKAGE_MANIFEST, path: join(root, PACKAGE_MANIFEST), deflate: true },
  ];
  for (const photo of manifest.photos) {
    sources.push({ name: photo.file, path: join(root, photo.file) });
    if (photo.original) sources.push({ name: photo.original.file, path: join(root, photo.original.file) });
  }
  return sources;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
