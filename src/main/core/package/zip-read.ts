/**
 * Reading a handoff package's zip without trusting it. The central directory is read and checked first, before a
 * byte is inflated: too many entries or a claimed total past the cap refuse the archive (a zip bomb says what it
 * will become there); an entry whose path could escape the package (absolute, a drive letter, `..`, a backslash, a
 * NUL), a symlink, or an entry claiming more than the per-entry cap is refused on its own, and the rest go on.
 * An entry is then inflated into a buffer of exactly its claimed size, so it cannot grow past what was checked.
 * Zip64, multi-disk and encrypted archives are refused: Headshot never writes them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { inflateSync } from 'fflate';

export interface ZipLimits {
  maxEntries: number;
  /** The sum of the entries' uncompressed sizes as the central directory claims them. */
  maxTotalBytes: number;
  maxEntryBytes: number;
}

/** A package is photos (a few hundred kB each) and originals (at most 150 MB each, as processImage accepts). */
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 250_000,
  maxTotalBytes: 8 * 1024 ** 3,
  maxEntryBytes: 150 * 1024 ** 2,
};

/** The archive as a whole cannot be read (not a zip, zip64, too many entries, claims too much). */
export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  /** The normalised path: '/' separators, no '.' or empty segments. */
  name: string;
  size: number;
  compressedSize: number;
  method: 0 | 8;
  localOffset: number;
}

export interface RefusedEntry {
  /** The name as the archive wrote it, made printable. */
  name: string;
  reason: 'unsafe-path' | 'too-large';
  message: string;
}

export interface ZipReader {
  entries: ZipEntry[];
  refused: RefusedEntry[];
  /** The entry's bytes, exactly its claimed size, or a ZipError. */
  read(entry: ZipEntry): Promise<Buffer>;
  close(): Promise<void>;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Why a path cannot be written under a package folder, or null. Pure; the folder reader asks it too. Returns the
 * normalised path on success.
 */
export function checkEntryPath(raw: string): { path: string } | { error: string } {
  if (raw.includes('\0')) return { error: 'the path holds a NUL character' };
  if (raw.includes('\\')) return { error: 'the path holds a backslash' };
  if (raw.startsWith('/')) return { error: 'the path is absolute' };
  if (/^[a-z]:/i.test(raw)) return { error: 'the path starts with a drive letter' };
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { error: 'the path contains ".." and could leave the package' };
  if (parts.length === 0) return { error: 'the path is empty' };
  return { path: parts.join('/') };
}

/** Names as people read them: control characters shown as codes. */
export function printable(name: string): string {
  return name.replace(
    /\p{Cc}/gu,
    (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

export async function openZip(file: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipReader> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const { entries, refused } = await readCentralDirectory(handle, size, limits);
    return {
      entries,
      refused,
      read: (entry) => readEntry(handle, entry, size),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipError('the zip file is cut short');
  return buffer;
}

async function readCentralDirectory(
  handle: FileHandle,
  fileSize: number,
  limits: ZipLimits,
): Promise<{ entries: ZipEntry[]; refused: RefusedEntry[] }> {
  if (fileSize < 22) throw new ZipError('the file is not a zip archive (too short)');
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('the file is not a zip archive (no end of central directory)');
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) {
    throw new ZipError('the archive is a zip64 archive, which Headshot does not read (it never writes one)');
  }
  const disk = tail.readUInt16LE(eocd + 4);
  const cdDisk = tail.readUInt16LE(eocd + 6);
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw new ZipError('the archive is split over several files');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new ZipError('the archive is a zip64 archive, which Headshot does not read (it never writes one)');
  }
  if (count > limits.maxEntries) {
    throw new ZipError(`the archive has ${count} entries; a package may have at most ${limits.maxEntries}`);
  }
  if (cdOffset + cdSize > fileSize) throw new ZipError('the central directory lies outside the file');
  const cd = await readAt(handle, cdOffset, cdSize);

  const entries: ZipEntry[] = [];
  const refused: RefusedEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIG) {
      throw new ZipError(`the central directory is damaged at entry ${n + 1}`);
    }
    const madeBy = cd.readUInt16LE(at + 4) >> 8;
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const compressedSize = cd.readUInt32LE(at + 20);
    const size = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const external = cd.readUInt32LE(at + 38);
    const localOffset = cd.readUInt32LE(at + 42);
    const nameBytes = cd.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise the archive's code page, read as Latin-1 (our names are all UTF-8).
    const raw = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError(
        'the archive is a zip64 archive, which Headshot does not read (it never writes one)',
      );
    }
    // Every claim counts toward the total, refused entries too: the archive claims it, so it is refused whole.
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new ZipError(
        `the archive claims more than ${gb(limits.maxTotalBytes)} uncompressed; a package may hold at most that`,
      );
    }
    if (raw.endsWith('/') && size === 0) continue; // a folder entry
    const name = printable(raw);
    const refuse = (reason: RefusedEntry['reason'], message: string) =>
      void refused.push({ name, reason, message });
    const checked = checkEntryPath(raw);
    if ('error' in checked) {
      refuse('unsafe-path', `refused: ${checked.error}`);
      continue;
    }
    const unix = madeBy === 3 || madeBy === 19;
    if (unix && ((external >>> 16) & S_IFMT) === S_IFLNK) {
      refuse('unsafe-path', 'refused: the entry is a symbolic link');
      continue;
    }
    const key = checked.path.normalize('NFC').toLowerCase();
    if (names.has(key)) {
      refuse('unsafe-path', 'refused: the archive holds this path twice');
      continue;
    }
    names.add(key);
    if (size > limits.maxEntryBytes) {
      refuse(
        'too-large',
        `refused: it claims ${mb(size)}; one file may be at most ${mb(limits.maxEntryBytes)}`,
      );
      continue;
    }
    if (flags & 0x1) {
      refuse('unsafe-path', 'refused: the entry is encrypted');
      continue;
    }
    if (method !== 0 && method !== 8) {
      refuse('unsafe-path', `refused: compression method ${method} is not read (only stored and deflate)`);
      continue;
    }
    if (method === 0 && compressedSize !== size) {
      refuse('too-large', 'refused: a stored entry whose sizes disagree');
      continue;
    }
    entries.push({ name: checked.path, size, compressedSize, method, localOffset });
  }
  return { entries, refused };
}

async function readEntry(handle: FileHandle, entry: ZipEntry, fileSize: number): Promise<Buffer> {
  const local = await readAt(handle, entry.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipError(`${entry.name}: the entry's header is damaged`);
  const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > fileSize)
    throw new ZipError(`${entry.name}: the entry is cut short`);
  const data = await readAt(handle, dataStart, entry.compressedSize);
  if (entry.method === 0) return data;
  // One byte more than claimed: an entry that inflates past its claim fills it, and is refused, never grown.
  const out = Buffer.alloc(entry.size + 1);
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(data, { out });
  } catch (error) {
    throw new ZipError(`${entry.name}: the entry cannot be inflated (${(error as Error).message})`);
  }
  if (inflated.length !== entry.size) {
    throw new ZipError(`${entry.name}: the entry inflates to a size other than the one the archive claims`);
  }
  return Buffer.from(inflated.buffer, inflated.byteOffset, inflated.length);
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
}

function gb(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`;
}
