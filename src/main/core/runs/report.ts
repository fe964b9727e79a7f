/**
 * Run reports: JSON (the full rows) and CSV (one line per file, for Excel). Built from the journal fold, so a
 * report can be rewritten at any time, including for an interrupted run. Only data we chose to record goes in:
 * no headers, no tokens.
 */
import path from 'node:path';
import { toCsv, type CsvValue } from '../../../shared/csv-write';
import type { RunItemStatus } from '../../../shared/domain';
import type { RunReport, RunReportRow, RunState, RunSummary } from '../../../shared/upload';
import { visibleText } from '../../../shared/visible-text';
import { writeFileDurable } from './journal';
import { EMPTY_TIMINGS, runKindOf, type FoldedRun } from './run-records';

/** The report of a run of either kind (an upload or a removal). */
export function buildUploadReport(runDir: string, fold: FoldedRun, state: RunState): RunReport {
  const { start } = fold;
  const kind = runKindOf(start);
  const rows: RunReportRow[] = [];
  start.items.forEach((item, i) => {
    const s = fold.items[i]!;
    const backupPath = s.backup?.path ? path.join(runDir, s.backup.path) : null;
    const base = {
      file: item.file,
      user: item.user,
      method: item.method,
      backup: s.uploadStarted ? backupPath : null,
      hadPhoto: s.backup?.hadPhoto ?? null,
    };
    if (s.done) {
      rows.push({
        ...base,
        status: s.done.status,
        error: s.done.error,
        bytes: s.done.bytes,
        sha256: s.done.sha256,
        attempts: s.done.attempts,
        timings: s.done.timings,
        etag: s.done.etag,
        note: s.done.note,
        warnings: s.done.warnings ?? [],
      });
    } else {
      const interrupted = state === 'cancelled' ? 'the run was cancelled' : 'the run has not finished';
      rows.push({
        ...base,
        status: 'skipped',
        error: null,
        bytes: null,
        sha256: null,
        attempts: 0,
        timings: EMPTY_TIMINGS,
        etag: null,
        note: `Not done: ${interrupted}${s.uploadStarted ? ` (${kind === 'remove' ? 'a removal' : 'an upload'} was in flight; resume to finish it)` : ''}.`,
        warnings: [],
      });
    }
  });
  for (const skipped of start.skipped) {
    rows.push({
      file: skipped.file,
      user: skipped.user,
      method: skipped.method,
      status: skipped.status ?? 'skipped',
      error: skipped.error ?? null,
      bytes: null,
      sha256: null,
      attempts: 0,
      timings: EMPTY_TIMINGS,
      backup: null,
      hadPhoto: null,
      etag: null,
      note: skipped.reason,
      warnings: [],
    });
  }
  return {
    runId: start.runId,
    tenantId: start.tenantId,
    kind,
    dryRun: start.settings.dryRun,
    state,
    startedAt: start.createdAt,
    finishedAt: fold.finishedAt,
    results: rows,
    summary: summarize(rows),
  };
}

export function summarize(rows: readonly { status: RunItemStatus }[]): RunSummary {
  const summary: RunSummary = {};
  for (const row of rows) summary[row.status] = (summary[row.status] ?? 0) + 1;
  return summary;
}

const CSV_COLUMNS = [
  'file',
  'userId',
  'userPrincipalName',
  'displayName',
  'method',
  'status',
  'errorCode',
  'errorMessage',
  'bytes',
  'attempts',
  'processMs',
  'backupMs',
  'uploadMs',
  'verifyMs',
  'totalMs',
  'hadPhoto',
  'backup',
  'etag',
  'sha256',
  'note',
  'warningCodes',
  'warnings',
] as const;

/** report.csv: one line per file, through the shared writer (every text cell quoted, formulas defused). */
export function reportToCsv(report: RunReport): string {
  const rows = report.results.map((r) => {
    const values: Record<(typeof CSV_COLUMNS)[number], CsvValue> = {
      // File names as the UI shows them: bidi and zero-width characters escaped, so a name cannot pose as another.
      file: visibleText(r.file),
      userId: r.user?.id,
      userPrincipalName: r.user?.userPrincipalName,
      displayName: r.user?.displayName,
      method: r.method,
      status: r.status,
      errorCode: r.error?.code,
      errorMessage: r.error?.message,
      bytes: r.bytes,
      attempts: r.attempts,
      processMs: r.timings.processMs,
      backupMs: r.timings.backupMs,
      uploadMs: r.timings.uploadMs,
      verifyMs: r.timings.verifyMs,
      totalMs: r.timings.totalMs,
      hadPhoto: r.hadPhoto,
      backup: r.backup === null ? null : visibleText(r.backup),
      etag: r.etag,
      sha256: r.sha256,
      note: r.note,
      warningCodes: r.warnings.map((w) => w.code).join(', '),
      warnings: r.warnings.map((w) => w.message).join(' '),
    };
    return CSV_COLUMNS.map((c) => values[c]);
  });
  return toCsv(CSV_COLUMNS, rows);
}

export async function writeReport(
  runDir: string,
  report: RunReport,
  baseName = 'report',
): Promise<{
  json: string;
  csv: string;
}> {
  const json = path.join(runDir, `${baseName}.json`);
  const csv = path.join(runDir, `${baseName}.csv`);
  await writeFileDurable(json, JSON.stringify(report, null, 2) + '\n');
  await writeFileDurable(csv, reportToCsv(report));
  return { json, csv };
}
