/**
 * The log file, written through electron-log's Node entry (no Electron needed, so the CLI uses it too): a size
 * cap, then rotation to headshot.1.log … headshot.<keep-1>.log, the oldest dropped. Writes are synchronous, so a
 * crash loses no line already logged. Entries come in redacted (logger.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { formatEntry, type LogEntry, type LogSink } from './logger';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEEP_FILES = 5;

export interface FileSinkOptions {
  file: string;
  /** Rotate when the file passes this size. */
  maxBytes?: number;
  /** Files kept, the current one included. */
  keep?: number;
}

/** The rotated names of a log file: index 0 is the file itself, 1 the newest archive. */
export function rotatedName(file: string, index: number): string {
  if (index === 0) return file;
  const p = path.parse(file);
  return path.join(p.dir, `${p.name}.${index}${p.ext}`);
}

/** Shifts file -> .1 -> .2 …, dropping the one past `keep`. */
export function rotateFiles(file: string, keep: number): void {
  fs.rmSync(rotatedName(file, keep - 1), { force: true });
  for (let i = keep - 2; i >= 0; i--) {
    const from = rotatedName(file, i);
    if (fs.existsSync(from)) fs.renameSync(from, rotatedName(file, i + 1));
  }
}

export function createFileSink(options: FileSinkOptions): LogSink & { file: string } {
  const file = path.resolve(options.file);
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP_FILES);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = electronLog.create({ logId: `headshot:${file}` });
  writer.transports.console.level = false;
  writer.transports.file.level = 'silly';
  writer.transports.file.resolvePathFn = () => file;
  writer.transports.file.maxSize = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Our line is already formatted (and redacted); electron-log adds nothing to it.
  writer.transports.file.format = '{text}';
  // Without a name electron-log looks for the nearest package.json to name its folders, and where there is none
  // (the CLI run from any folder) it drops every line silently. We give the path, so the name is only a formality.
  writer.transports.file.setAppName('Headshot');
  writer.transports.file.archiveLogFn = () => {
    if (keep === 1) fs.rmSync(file, { force: true });
    else rotateFiles(file, keep);
  };
  return {
    file,
    write: (entry: LogEntry) => writer.info(formatEntry(entry)),
  };
}
