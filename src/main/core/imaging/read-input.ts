/**
 * First contact with an input: size guards before reading (a 4 GB "photo" is never slurped into memory), then just
 * the leading bytes that format detection needs. The decoder later reads the file itself (libvips streams it) or,
 * for formats decoded in JavaScript, as a whole buffer.
 */
import { open, readFile } from 'node:fs/promises';
import { DETECT_HEAD_BYTES } from '../library/detect-format';
import { ImageError, imageError } from './image-error';
import { LIMITS } from './thresholds';

export interface InputHead {
  /** The file path, or undefined for buffer input. */
  path: string | undefined;
  /** The whole input for buffer input; undefined for files until readWhole is called. */
  buffer: Buffer | undefined;
  head: Buffer;
  bytes: number;
}

export async function readInputHead(
  input: string | Buffer,
  maxFileBytes: number = LIMITS.maxFileBytes,
): Promise<InputHead> {
  if (Buffer.isBuffer(input)) {
    checkSize(input.length, maxFileBytes);
    return {
      path: undefined,
      buffer: input,
      head: input.subarray(0, DETECT_HEAD_BYTES),
      bytes: input.length,
    };
  }
  let handle;
  try {
    handle = await open(input, 'r');
  } catch (error) {
    throw readError(input, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw imageError('read-error', `${input} is not a regular file.`);
    checkSize(stat.size, maxFileBytes);
    const head = Buffer.alloc(Math.min(DETECT_HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === 0) throw imageError('empty-file', 'The file is empty (0 bytes).');
    return { path: input, buffer: undefined, head: head.subarray(0, bytesRead), bytes: stat.size };
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw readError(input, error);
  } finally {
    await handle.close();
  }
}

/** The whole input as a buffer (for decoders that cannot stream: HEIC, BMP). */
export async function readWhole(
  input: InputHead,
  maxFileBytes: number = LIMITS.maxFileBytes,
): Promise<Buffer> {
  if (input.buffer) return input.buffer;
  try {
    const buffer = await readFile(input.path as string);
    // Re-check: the file may have grown between the stat and the read.
    checkSize(buffer.length, maxFileBytes);
    return buffer;
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw readError(input.path as string, error);
  }
}

function checkSize(bytes: number, maxFileBytes: number): void {
  if (bytes === 0) throw imageError('empty-file', 'The file is empty (0 bytes).');
  if (bytes > maxFileBytes) {
    throw imageError(
      'image-too-large',
      `The file is ${formatMb(bytes)}, over the ${formatMb(maxFileBytes)} limit for a photo.`,
    );
  }
}

function readError(path: string, error: unknown): ImageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'it does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : 'it could not be read';
  return imageError(
    'read-error',
    `Cannot read ${path}: ${reason}.`,
    error instanceof Error ? error.message : String(error),
  );
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
