/**
 * Opening a handoff package (a folder or a .zip) as the admin: the manifest is validated (a wrong format or a
 * version this Headshot does not know is refused with a sentence saying so), then every file is checked on its own
 * against the manifest's sha256 and byte count and copied into `workDir`. A changed, missing, extra, unsafe or
 * oversized file becomes a PackageProblem and the rest go on. Nothing in a package is trusted: a symlink is never
 * followed, and a path is checked before it is joined to a folder.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import {
  PACKAGE_FORMAT,
  PACKAGE_MANIFEST,
  PACKAGE_VERSION,
  packageManifestSchema,
  type PackageManifest,
  type PackagePhoto,
  type PackageProblem,
} from '../../../shared/handoff-package';
import {
  checkEntryPath,
  openZip,
  printable,
  ZIP_LIMITS,
  ZipError,
  type ZipLimits,
  type ZipReader,
} from './zip-read';

/** The package as a whole cannot be used: not a package, an unknown version, a damaged manifest or archive. */
export class PackageError extends Error {
  override name = 'PackageError';
}

/** 100,000 photos take some 60 MB of manifest; more is not a manifest Headshot wrote. */
export const MANIFEST_MAX_BYTES = 128 * 1024 * 1024;

export interface OpenPackageOptions {
  /** Where verified files are copied (photos/ and originals/ under it). */
  workDir: string;
  /** The most the package may hold in all (a zip's central directory claim; a folder's files). */
  maxBytes?: number;
  limits?: Partial<ZipLimits>;
}

export interface VerifiedPhoto {
  photo: PackagePhoto;
  /** The verified photo, under workDir. */
  path: string;
  /** The verified original under workDir, or null (none in the package, or refused: see problems). */
  originalPath: string | null;
}

export interface OpenedPackage {
  manifest: PackageManifest;
  photos: VerifiedPhoto[];
  problems: PackageProblem[];
}

/** Read access to a package's files, the same for a folder and a zip. */
interface PackageFiles {
  /** Every file the package holds (normalised paths), and those refused from the listing itself. */
  list(): Promise<{ files: Map<string, number>; refused: PackageProblem[] }>;
  /** The file's bytes; null when absent. Refuses (a PackageProblem) a file over the cap or not a plain file. */
  read(path: string, maxBytes: number): Promise<Buffer | PackageProblem | null>;
  close(): Promise<void>;
}

export async function isPackage(pathOrZip: string): Promise<boolean> {
  try {
    const files = await packageFiles(pathOrZip, limitsOf({}));
    try {
      const bytes = await files.read(PACKAGE_MANIFEST, MANIFEST_MAX_BYTES);
      if (!Buffer.isBuffer(bytes)) return false;
      const json = JSON.parse(bytes.toString('utf8')) as unknown;
      return (
        typeof json === 'object' && json !== null && (json as { format?: unknown }).format === PACKAGE_FORMAT
      );
    } finally {
      await files.close();
    }
  } catch {
    return false;
  }
}

export async function openPackage(pathOrZip: string, options: OpenPackageOptions): Promise<OpenedPackage> {
  const limits = limitsOf(options);
  const files = await packageFiles(pathOrZip, limits);
  try {
    const manifestBytes = await files.read(PACKAGE_MANIFEST, MANIFEST_MAX_BYTES);
    if (manifestBytes === null) {
      throw new PackageError(
        `${pathOrZip} is not a Headshot handoff package: it has no ${PACKAGE_MANIFEST}.`,
      );
    }
    if (!Buffer.isBuffer(manifestBytes))
      throw new PackageError(`${PACKAGE_MANIFEST}: ${manifestBytes.message}`);
    const manifest = parseManifest(manifestBytes, pathOrZip);
    const claimed = manifest.photos.reduce((sum, p) => sum + p.bytes + (p.original?.bytes ?? 0), 0);
    if (claimed > limits.maxTotalBytes) {
      throw new PackageError(
        `The package's manifest claims ${Math.round(claimed / 1024 ** 3)} GB of files; a package may hold at most ${Math.round(limits.maxTotalBytes / 1024 ** 3)} GB.`,
      );
    }
    const { files: present, refused } = await files.list();
    const problems: PackageProblem[] = [];
    const refusedByName = new Map(refused.map((p) => [p.file, p]));
    const expected = new Set<string>([PACKAGE_MANIFEST]);
    const verify = async (file: string, sha256: string, bytes: number): Promise<string | null> => {
      const checked = checkEntryPath(file);
      if ('error' in checked) {
        problems.push({ file: printable(file), reason: 'unsafe-path', message: `refused: ${checked.error}` });
        return null;
      }
      const path = checked.path;
      if (expected.has(path)) {
        problems.push({
          file: path,
          reason: 'unsafe-path',
          message: 'refused: the manifest lists this file twice',
        });
        return null;
      }
      expected.add(path);
      const early = refusedByName.get(path);
      if (early) {
        problems.push(early);
        return null;
      }
      if (!present.has(path)) {
        problems.push({
          file: path,
          reason: 'missing',
          message: 'missing: the manifest lists it but the package does not hold it',
        });
        return null;
      }
      const data = await files.read(path, limits.maxEntryBytes);
      if (data === null) {
        problems.push({
          file: path,
          reason: 'missing',
          message: 'missing: the manifest lists it but the package does not hold it',
        });
        return null;
      }
      if (!Buffer.isBuffer(data)) {
        problems.push(data);
        return null;
      }
      const actual = createHash('sha256').update(data).digest('hex');
      if (data.length !== bytes || actual !== sha256) {
        problems.push({
          file: path,
          reason: 'changed',
          message:
            data.length !== bytes
              ? `changed since it was packaged: ${data.length} bytes where the manifest says ${bytes}`
              : 'changed since it was packaged: its contents differ from the checksum in the manifest',
        });
        return null;
      }
      const target = join(options.workDir, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
      return target;
    };

    const photos: VerifiedPhoto[] = [];
    for (const photo of manifest.photos) {
      const path = await verify(photo.file, photo.sha256, photo.bytes);
      const originalPath = photo.original
        ? await verify(photo.original.file, photo.original.sha256, photo.original.bytes)
        : null;
      if (path) photos.push({ photo, path, originalPath });
    }
    for (const problem of refused) if (!expected.has(problem.file)) problems.push(problem);
    for (const file of present.keys()) {
      if (!expected.has(file)) {
        problems.push({
          file,
          reason: 'extra',
          message: 'extra: the package holds it but the manifest does not list it',
        });
      }
    }
    return { manifest, photos, problems };
  } finally {
    await files.close();
  }
}

/** manifest.json's bytes -> the manifest, or a PackageError naming what is wrong. */
export function parseManifest(bytes: Buffer, source = 'the package'): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PackageError(`${source}: ${PACKAGE_MANIFEST} is not valid JSON (${(error as Error).message}).`);
  }
  const head = (typeof json === 'object' && json !== null ? json : {}) as {
    format?: unknown;
    version?: unknown;
  };
  if (head.format !== PACKAGE_FORMAT) {
    throw new PackageError(
      `${source} is not a Headshot handoff package: its ${PACKAGE_MANIFEST} has no format "${PACKAGE_FORMAT}".`,
    );
  }
  if (head.version !== PACKAGE_VERSION) {
    const newer = typeof head.version === 'number' && head.version > PACKAGE_VERSION;
    throw new PackageError(
      newer
        ? `${source} is a version ${String(head.version)} package; this Headshot reads version ${PACKAGE_VERSION}. Update Headshot to open it.`
        : `${source} has package version ${JSON.stringify(head.version)}; this Headshot reads version ${PACKAGE_VERSION}.`,
    );
  }
  const parsed = packageManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new PackageError(
      `${source}: ${PACKAGE_MANIFEST} is damaged: ${z.prettifyError(parsed.error).slice(0, 2000)}`,
    );
  }
  return parsed.data;
}

function limitsOf(options: Pick<OpenPackageOptions, 'maxBytes' | 'limits'>): ZipLimits {
  return {
    ...ZIP_LIMITS,
    ...options.limits,
    ...(options.maxBytes !== undefined ? { maxTotalBytes: options.maxBytes } : {}),
  };
}

async function packageFiles(pathOrZip: string, limits: ZipLimits): Promise<PackageFiles> {
  const info = await stat(pathOrZip).catch((error: Error) => {
    throw new PackageError(`Cannot open the package ${pathOrZip}: ${error.message}`);
  });
  if (info.isDirectory()) return folderFiles(pathOrZip, limits);
  try {
    return zipFiles(await openZip(pathOrZip, limits));
  } catch (error) {
    if (error instanceof ZipError)
      throw new PackageError(`${pathOrZip} cannot be opened as a package: ${error.message}.`);
    throw error;
  }
}

function zipFiles(zip: ZipReader): PackageFiles {
  const byName = new Map(zip.entries.map((e) => [e.name, e]));
  return {
    list: () =>
      Promise.resolve({
        files: new Map(zip.entries.map((e) => [e.name, e.size])),
        refused: zip.refused.map((r) => ({ file: r.name, reason: r.reason, message: r.message })),
      }),
    read: async (path, maxBytes) => {
      const entry = byName.get(path);
      if (!entry) return zip.refused.find((r) => r.name === path) ? refusedProblem(zip, path) : null;
      if (entry.size > maxBytes) return tooLarge(path, entry.size, maxBytes);
      try {
        return await zip.read(entry);
      } catch (error) {
        if (error instanceof ZipError)
          return { file: path, reason: 'changed', message: `damaged in the archive: ${error.message}` };
        throw error;
      }
    },
    close: () => zip.close(),
  };
}

function refusedProblem(zip: ZipReader, path: string): PackageProblem {
  const r = zip.refused.find((x) => x.name === path)!;
  return { file: r.name, reason: r.reason, message: r.message };
}

function tooLarge(path: string, size: number, max: number): PackageProblem {
  return {
    file: path,
    reason: 'too-large',
    message: `refused: it is ${Math.round(size / 1024 ** 2)} MB; one file may be at most ${Math.round(max / 1024 ** 2)} MB`,
  };
}

/** A folder package: files found without following symlinks; a symlink or a special file is refused. */
function folderFiles(root: string, limits: ZipLimits): PackageFiles {
  return {
    list: async () => {
      const files = new Map<string, number>();
      const refused: PackageProblem[] = [];
      const walk = async (dir: string, prefix: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
          if (files.size + refused.length > limits.maxEntries) {
            throw new PackageError(`The package folder holds more than ${limits.maxEntries} files.`);
          }
          if (entry.isDirectory()) await walk(join(dir, entry.name), rel);
          else if (entry.isFile()) files.set(rel.normalize('NFC'), (await lstat(join(dir, entry.name))).size);
          else
            refused.push({
              file: printable(rel),
              reason: 'unsafe-path',
              message: 'refused: not a plain file (a symbolic link or a device)',
            });
        }
      };
      await walk(root, '');
      return { files, refused };
    },
    read: async (path, maxBytes) => {
      const full = join(root, ...path.split('/'));
      // Every folder on the way must be a real folder too: a symlinked photos/ could point anywhere.
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const info = await lstat(join(root, ...parts.slice(0, i))).catch(() => null);
        if (!info) return null;
        if (!info.isDirectory())
          return { file: path, reason: 'unsafe-path', message: 'refused: its folder is not a plain folder' };
      }
      const info = await lstat(full).catch(() => null);
      if (!info) return null;
      if (!info.isFile())
        return {
          file: path,
          reason: 'unsafe-path',
          message: 'refused: not a plain file (a symbolic link or a device)',
        };
      if (info.size > maxBytes) return tooLarge(path, info.size, maxBytes);
      const handle = await open(full, 'r');
      try {
        // Read no more than the cap plus one byte, whatever the file has become since lstat.
        const buffer = Buffer.alloc(info.size + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        if (bytesRead > maxBytes) return tooLarge(path, bytesRead, maxBytes);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    close: () => Promise.resolve(),
  };
}
