/**
 * Folder -> match report: scan the folder, read the optional mapping CSV, match every image against the
 * directory. The orchestration the app and `headshot match` share; the pure matching lives in match-files.ts.
 */
import type { GraphUser, MatchReport, MatchResult } from '../../../shared/domain';
import type { MappingFileSummary } from '../../../shared/mapping-csv';
import { type MappingRowError, readMappingCsv } from '../library/parse-mapping-csv';
import { scanFolder, type SkipCode } from '../library/scan-folder';
import { applyScope, type ScopeMembership } from '../scope/apply-scope';
import { buildDirectoryIndex } from './directory-index';
import { matchFiles, rowsNamingNobody, summarise } from './match-files';

export { buildDirectoryIndex, type DirectoryIndex } from './directory-index';
export { matchFiles, type MatchOptions } from './match-files';
export { foldDisplayName } from './fold-name';

export interface MatchFolderOptions {
  folder: string;
  directory: GraphUser[];
  domains?: string[];
  /** Path of a mapping CSV. */
  mappingCsv?: string;
  includeGuests?: boolean;
  includeDisabled?: boolean;
  maxDepth?: number;
  signal?: AbortSignal;
  onProgress?: (p: { scanned: number; matched: number }) => void;
  /** A scoped upload (core/scope): files matched to users outside it become `outside-scope`. */
  scope?: ScopeMembership;
}

export interface MatchFolderReport extends MatchReport {
  mappingErrors: MappingRowError[];
  /** How the mapping CSV was read (encoding, delimiter, rows); absent without one. */
  mappingFile?: MappingFileSummary;
  /** Relative path (as in `matches[].file`) -> absolute path to open. */
  images: Map<string, string>;
}

/** OS litter and hidden files are not photos anyone dropped on purpose: kept out of the review. */
const QUIET_SKIPS = new Set<SkipCode>(['os-litter', 'hidden']);
const PROGRESS_EVERY = 500;

/** Throws FolderError (unreadable folder) or MappingFileError (unusable CSV); per-file problems are results. */
export async function matchFolder(opts: MatchFolderOptions): Promise<MatchFolderReport> {
  const mapping = opts.mappingCsv ? await readMappingCsv(opts.mappingCsv) : undefined;
  const index = buildDirectoryIndex(opts.directory);

  const images = new Map<string, string>();
  const skipped = new Map<string, string>();
  /** Scan order, so the report lists files as the folder does. */
  const order: string[] = [];
  let scanned = 0;
  for await (const entry of scanFolder(opts.folder, { maxDepth: opts.maxDepth, signal: opts.signal })) {
    scanned++;
    if (scanned % PROGRESS_EVERY === 0) opts.onProgress?.({ scanned, matched: 0 });
    if (entry.kind === 'skipped') {
      if (QUIET_SKIPS.has(entry.code)) continue;
      skipped.set(entry.path, entry.reason);
    } else if (images.has(entry.path) || skipped.has(entry.path)) {
      // Two on-disk names (NFC and NFD) that are one name to people: neither can be told apart in a review.
      skipped.set(
        entry.path,
        'Another file has the same name once Unicode is normalised; rename one of them.',
      );
      images.delete(entry.path);
      continue;
    } else {
      images.set(entry.path, entry.absolutePath);
    }
    order.push(entry.path);
  }

  opts.signal?.throwIfAborted();
  const matched = matchFiles([...images.keys()], index, {
    domains: opts.domains,
    includeGuests: opts.includeGuests,
    includeDisabled: opts.includeDisabled,
    mapping: mapping?.rows,
    mappingRowErrors: mapping?.errors,
    skipped,
  });
  // Matching is the same with or without a scope; the scope only decides which of its results may be used.
  const scoped = opts.scope ? applyScope(matched.matches, opts.scope) : matched.matches;
  const byFile = new Map(scoped.map((m) => [m.file, m]));
  const matches: MatchResult[] = [];
  for (const file of new Set(order)) {
    const result = byFile.get(file);
    if (result && images.has(file)) matches.push(result);
    else {
      matches.push({
        file,
        status: 'skipped',
        user: null,
        method: null,
        candidates: [],
        reason: skipped.get(file) ?? 'Skipped.',
      });
    }
  }
  const summary = summarise(matches);
  opts.onProgress?.({ scanned, matched: summary.matched });
  // A parse error names the file as the row wrote it; say which folder file it is, or none.
  const rowFile = new Map<number, string>();
  for (const [file, rows] of rowsNamingNobody([...images.keys()], mapping?.errors ?? [])) {
    for (const r of rows) rowFile.set(r, file);
  }
  const parseErrors = (mapping?.errors ?? []).map(({ row, message }): MappingRowError => {
    const file = rowFile.get(row);
    return file === undefined ? { row, message } : { row, message, file };
  });
  const mappingErrors = [...parseErrors, ...matched.mappingErrors].sort((a, b) => a.row - b.row);
  const mappingFile: MappingFileSummary | undefined = mapping && {
    encoding: mapping.encoding,
    delimiter: mapping.delimiter,
    rows: mapping.rows.length,
  };
  return { matches, summary, mappingErrors, images, ...(mappingFile ? { mappingFile } : {}) };
}
