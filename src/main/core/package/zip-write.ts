/**
 * Writing a package as a zip (fflate, pure JS). JPEGs and originals are stored as they are (they are compressed
 * already, and stored entries are read back without inflating); manifest.json is deflated. Files are streamed one at
 * a time from disk, so memory holds one file, not the package.
 */
import { open, readFile } from 'node:fs/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipSource {
  /** The path inside the archive, '/' separators. */
  name: string;
  /** The file on disk. */
  path: string;
  deflate?: boolean;
}

export async function writeZip(
  out: string,
  sources: readonly ZipSource[],
  signal?: AbortSignal,
): Promise<void> {
  const handle = await open(out, 'w');
  const state: { failure: Error | null } = { failure: null };
  let writing: Promise<unknown> = Promise.resolve();
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const zip = new Zip((error, chunk, final) => {
    if (error) state.failure ??= error;
    else writing = writing.then(() => handle.write(chunk));
    if (error || final) ended();
  });
  try {
    for (const source of sources) {
      signal?.throwIfAborted();
      const bytes = await readFile(source.path);
      const entry = source.deflate
        ? new ZipDeflate(source.name, { level: 6 })
        : new ZipPassThrough(source.name);
      zip.add(entry);
      entry.push(bytes, true);
      await writing;
      if (state.failure) throw state.failure;
    }
    zip.end();
    await done;
    await writing;
    if (state.failure) throw state.failure;
  } finally {
    await handle.close();
  }
}
