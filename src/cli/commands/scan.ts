/** `headshot scan <folder>`: what the folder holds, as Headshot sees it (images by content, the rest skipped). */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  FolderError,
  type ScannedImage,
  scanFolder,
  type SkippedEntry,
} from '../../main/core/library/scan-folder';
import { visibleText } from '../../shared/visible-text';
import { type CliCommand, UsageError, writeJson } from '../io';

const usage = `Usage: headshot scan <folder> [--max-depth <n>] [--json]

Walks the folder (and its subfolders), types every file by its content and lists the images it would match.
OS litter (.DS_Store, Thumbs.db, __MACOSX, ._*) and hidden files are listed as skipped.

Options:
  --max-depth <n>  Enter at most n levels of subfolders (0 = the folder's own files only)
  --json           Print one JSON document: { "files": [...], "summary": { "images", "skipped" } }
`;

export const command: CliCommand = {
  summary: 'List the images in a folder (typed by content) and what is skipped',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: { 'max-depth': { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one folder');
    const folder = path.resolve(io.cwd, positionals[0] as string);
    const maxDepth = parseMaxDepth(values['max-depth']);

    const files: (Omit<ScannedImage, 'absolutePath'> | SkippedEntry)[] = [];
    let images = 0;
    try {
      for await (const entry of scanFolder(folder, { maxDepth, signal: io.signal })) {
        if (entry.kind === 'image') {
          images++;
          files.push({ kind: 'image', path: entry.path, size: entry.size, format: entry.format });
        } else files.push(entry);
      }
    } catch (error) {
      if (error instanceof FolderError) {
        io.stderr(`headshot scan: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const summary = { images, skipped: files.length - images };
    if (values.json) writeJson(io, { files, summary });
    else {
      // The JSON keeps the real names; text lines show hidden characters escaped, so no name poses as another.
      for (const f of files) {
        io.stdout(
          f.kind === 'image'
            ? `image    ${f.format.padEnd(5)} ${visibleText(f.path)}\n`
            : `skipped  ${visibleText(f.path)}: ${visibleText(f.reason)}\n`,
        );
      }
      io.stdout(`${summary.images} images, ${summary.skipped} skipped\n`);
    }
    return 0;
  },
};

/** node:util parseArgs (strict) with its errors turned into usage errors (exit 2). */
export function parseCliArgs<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseMaxDepth(value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-depth must be a whole number, not "${value}"`);
  return Number(value);
}
