/**
 * Append-only JSONL journal, fsync'd. Records appended while a flush is in progress are written and fsync'd
 * together by the next flush (group commit); append() resolves only once its record is durable, so callers can
 * order side effects after it ("backup recorded" before "PUT sent"). Writes and fsyncs run on the libuv pool, so
 * a slow disk never blocks the event loop (image processing and uploads keep going meanwhile).
 * Reading tolerates a torn last line from a crash.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';

export class Journal {
  private fd: number;
  private pending: { line: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing = false;
  private closed = false;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens for appending; a torn (unterminated) last line from a crash is cut off first. */
  static open(path: string): Journal {
    if (fs.existsSync(path)) truncateTornTail(path);
    const fd = fs.openSync(path, 'a');
    return new Journal(path, fd);
  }

  append(record: object): Promise<void> {
    if (this.closed) return Promise.reject(new Error('Journal is closed.'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(record) + '\n', resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const done = (error: Error | null) => {
      for (const p of batch) {
        if (error) p.reject(error);
        else p.resolve();
      }
      if (this.pending.length > 0) this.flush();
      else this.flushing = false;
    };
    const data = Buffer.from(batch.map((p) => p.line).join(''));
    writeAll(this.fd, data, (error) => {
      if (error) done(error);
      else fs.fdatasync(this.fd, (syncError) => done(syncError));
    });
  }

  /** Waits for pending records, then closes. */
  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setImmediate(r));
    if (!this.closed) {
      this.closed = true;
      fs.closeSync(this.fd);
    }
  }
}

function writeAll(fd: number, data: Buffer, callback: (error: Error | null) => void, offset = 0): void {
  fs.write(fd, data, offset, data.length - offset, null, (error, written) => {
    if (error) callback(error);
    else if (offset + written < data.length) writeAll(fd, data, callback, offset + written);
    else callback(null);
  });
}

function truncateTornTail(path: string): void {
  const data = fs.readFileSync(path);
  if (data.length === 0 || data[data.length - 1] === 0x0a) return;
  const lastNewline = data.lastIndexOf(0x0a);
  fs.truncateSync(path, lastNewline + 1);
}

/** Reads every complete record; a torn or corrupt line is skipped (it can only be the last one written). */
export async function readJournal<T = Record<string, unknown>>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      // torn write at crash time
    }
  }
  return records;
}

/** Writes a file so that it is either fully there or not at all (tmp + fsync + rename + dir fsync). */
export async function writeFileDurable(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, path);
  await fsyncDir(path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))));
}

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32' || !dir) return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
