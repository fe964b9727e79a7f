/**
 * Faces already found, so an upload run does not detect again what the import's checks detected minutes before.
 * Keyed by the file (absolute path, size, mtime, ctime, inode: any change to the file is a new key) and the
 * detector (each detector instance, i.e. model and minimum score, has its own entries; fakes in tests never share
 * with the real one) and the detection decode's size. The value is the faces list, not the square: framing is cheap
 * and its tightness may change between Review and the run. Bounded LRU of tiny objects (20,000 by default, a few
 * MB); in memory only, so a new process (a new model version) starts empty. Buffers have no identity: not cached.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Face } from '../../../shared/faces';
import type { FaceDetector } from './face-detector';

/** What identifies a file's content well enough for a cache: a rewrite changes mtime/ctime, a replace the inode. */
export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface FaceCache {
  /** The faces stored for this file, detector and decode size (and marks them recently used); undefined: a miss. */
  get(detector: FaceDetector, file: FileIdentity, decodeSide: number): Face[] | undefined;
  set(detector: FaceDetector, file: FileIdentity, decodeSide: number, faces: readonly Face[]): void;
  /** Entries over every detector. */
  readonly size: number;
  clear(): void;
}

export const DEFAULT_FACE_CACHE_ENTRIES = 20_000;

/** The file's identity, or undefined when it cannot be read (the decode then reports why). */
export async function fileIdentity(file: string): Promise<FileIdentity | undefined> {
  const absolute = path.resolve(file);
  try {
    const s = await stat(absolute);
    if (!s.isFile()) return undefined;
    return { path: absolute, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
  } catch {
    return undefined;
  }
}

export function createFaceCache(maxEntries: number = DEFAULT_FACE_CACHE_ENTRIES): FaceCache {
  if (!(Number.isInteger(maxEntries) && maxEntries > 0))
    throw new RangeError(`The face cache needs a positive whole number of entries (got ${maxEntries}).`);
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, Face[]>();
  const detectorIds = new WeakMap<FaceDetector, number>();
  let nextDetector = 1;
  const keyOf = (detector: FaceDetector, file: FileIdentity, decodeSide: number): string => {
    let id = detectorIds.get(detector);
    if (id === undefined) {
      id = nextDetector++;
      detectorIds.set(detector, id);
    }
    return JSON.stringify([id, decodeSide, file.path, file.size, file.mtimeMs, file.ctimeMs, file.ino]);
  };
  return {
    get(detector, file, decodeSide) {
      const key = keyOf(detector, file, decodeSide);
      const faces = entries.get(key);
      if (faces === undefined) return undefined;
      entries.delete(key);
      entries.set(key, faces);
      return structuredClone(faces);
    },
    set(detector, file, decodeSide, faces) {
      const key = keyOf(detector, file, decodeSide);
      entries.delete(key);
      entries.set(key, structuredClone([...faces]));
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}

let shared: FaceCache | undefined;

/** The process's one cache: the import's checks fill it, the run's processing reads it. */
export function sharedFaceCache(): FaceCache {
  shared ??= createFaceCache();
  return shared;
}
