/**
 * Recursive folder walk for the photos an admin drops. Streams entries (memory is bounded by the largest single
 * directory listing, not the tree), follows symbolic links but never enters a directory twice (loop safe),
 * skips OS litter, and types each file by its content.
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DETECT_HEAD_BYTES, detectFormat, isRasterFormat, type RasterFormat } from './detect-format';

export type SkipCode =
  | 'os-litter'
  | 'hidden'
  | 'not-an-image'
  | 'unsupported-format'
  | 'empty-file'
  | 'unreadable'
  | 'not-a-file'
  | 'broken-link'
  | 'already-scanned'
  | 'too-deep';

export interface ScannedImage {
  kind: 'image';
  /** Relative to the scanned folder, '/' separators, NFC. */
  path: string;
  /** Where to open the file (the on-disk spelling, which may be NFD). */
  absolutePath: string;
  size: number;
  format: RasterFormat;
}

export interface SkippedEntry {
  kind: 'skipped';
  path: string;
  code: SkipCode;
  reason: string;
}

export type ScanEntry = ScannedImage | SkippedEntry;

export interface ScanOptions {
  /** How many folder levels below the root to enter: 0 = the root's files only. Unlimited by default. */
  maxDepth?: number;
  signal?: AbortSignal;
}

/** Thrown when the root itself cannot be scanned (missing, not a folder, no permission). */
export class FolderError extends Error {
  override name = 'FolderError';
}

/** Files the OS or sync tools leave behind: never photos, and not worth a line in a review. */
const LITTER_FILES = new Set([
  '.ds_store',
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  'icon\r',
  '.localized',
]);
const LITTER_DIRS = new Set(['__macosx', '.spotlight-v100', '.trashes', '.fseventsd', '$recycle.bin']);
/** Files classified concurrently inside one directory: enough to hide disk latency, small enough to stay flat. */
const BATCH = 32;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function* scanFolder(root: string, opts: ScanOptions = {}): AsyncGenerator<ScanEntry> {
  const absoluteRoot = path.resolve(root);
  let rootStat;
  try {
    rootStat = await stat(absoluteRoot);
  } catch (error) {
    throw new FolderError(`cannot read folder ${absoluteRoot}: ${describeFsError(error)}`);
  }
  if (!rootStat.isDirectory()) throw new FolderError(`${absoluteRoot} is not a folder`);
  const visited = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  yield* walk(absoluteRoot, '', 0, visited, opts);
}

async function* walk(
  dir: string,
  relDir: string,
  depth: number,
  visited: Set<string>,
  opts: ScanOptions,
): AsyncGenerator<ScanEntry> {
  opts.signal?.throwIfAborted();
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (relDir === '') throw new FolderError(`cannot read folder ${dir}: ${describeFsError(error)}`);
    yield skipped(relDir, 'unreadable', `Cannot read this folder: ${describeFsError(error)}.`);
    return;
  }
  // Sorted so every run (and every OS) reports the same order.
  const names = dirents
    .map((d) => ({ name: d.name, nfc: d.name.normalize('NFC'), dirent: d }))
    .sort((a, b) => (a.nfc < b.nfc ? -1 : a.nfc > b.nfc ? 1 : 0));

  let pending: { abs: string; rel: string }[] = [];
  const flush = async function* () {
    const batch = pending;
    pending = [];
    const results = await Promise.all(batch.map((f) => classifyFile(f.abs, f.rel)));
    for (const entry of results) {
      opts.signal?.throwIfAborted();
      yield entry;
    }
  };

  for (const { name, nfc, dirent } of names) {
    opts.signal?.throwIfAborted();
    const rel = relDir === '' ? nfc : `${relDir}/${nfc}`;
    const abs = path.join(dir, name);
    const lower = nfc.toLowerCase();

    let isDir = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      try {
        const target = await stat(abs);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        yield skipped(
          rel,
          'broken-link',
          `Symbolic link whose target cannot be read: ${describeFsError(error)}.`,
        );
        continue;
      }
    }

    if (isDir) {
      if (LITTER_DIRS.has(lower)) {
        yield skipped(rel, 'os-litter', `OS metadata folder (${nfc}), not scanned.`);
        continue;
      }
      if (nfc.startsWith('.')) {
        yield skipped(rel, 'hidden', 'Hidden folder, not scanned.');
        continue;
      }
      if (opts.maxDepth !== undefined && depth >= opts.maxDepth) {
        yield skipped(rel, 'too-deep', `Folder deeper than the depth limit (${opts.maxDepth}), not scanned.`);
        continue;
      }
      yield* flush();
      let id: string;
      try {
        const s = await stat(abs);
        id = `${s.dev}:${s.ino}`;
      } catch (error) {
        yield skipped(rel, 'unreadable', `Cannot read this folder: ${describeFsError(error)}.`);
        continue;
      }
      if (visited.has(id)) {
        yield skipped(
          rel,
          'already-scanned',
          'Symbolic link to a folder already scanned (a loop or a duplicate).',
        );
        continue;
      }
      visited.add(id);
      yield* walk(abs, rel, depth + 1, visited, opts);
      continue;
    }

    if (LITTER_FILES.has(lower)) {
      yield skipped(rel, 'os-litter', `OS metadata file (${nfc}).`);
      continue;
    }
    if (nfc.startsWith('._')) {
      yield skipped(rel, 'os-litter', 'macOS AppleDouble resource file (._*), not a photo.');
      continue;
    }
    if (nfc.startsWith('.')) {
      yield skipped(rel, 'hidden', 'Hidden file.');
      continue;
    }
    if (!isFile) {
      yield skipped(rel, 'not-a-file', 'Not a regular file (device, socket or pipe).');
      continue;
    }
    pending.push({ abs, rel });
    if (pending.length >= BATCH) yield* flush();
  }
  yield* flush();
}

async function classifyFile(abs: string, rel: string): Promise<ScanEntry> {
  let handle;
  try {
    handle = await open(abs, OPEN_FLAGS);
    const { size } = await handle.stat();
    if (size === 0) return skipped(rel, 'empty-file', 'Empty file (0 bytes).');
    const head = Buffer.alloc(Math.min(size, DETECT_HEAD_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const format = detectFormat(head.subarray(0, bytesRead));
    if (format === 'svg')
      return skipped(rel, 'unsupported-format', 'SVG drawing: vector images are not accepted.');
    if (format === 'pdf') return skipped(rel, 'unsupported-format', 'PDF document, not a photo.');
    if (!isRasterFormat(format))
      return skipped(rel, 'not-an-image', 'Not an image: the content is no known format.');
    return { kind: 'image', path: rel, absolutePath: abs, size, format };
  } catch (error) {
    return skipped(rel, 'unreadable', `Cannot read this file: ${describeFsError(error)}.`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function skipped(rel: string, code: SkipCode, reason: string): SkippedEntry {
  return { kind: 'skipped', path: rel, code, reason };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
