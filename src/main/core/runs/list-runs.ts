/** `headshot runs` and the app's run list: every run (upload or removal) under the state dir with its state, newest first. */
import fs from 'node:fs/promises';
import type { RunListEntry, RunState } from '../../../shared/upload';
import { readJournal } from './journal';
import { foldRun, runKindOf, type FoldedRun, type RunRecord } from './run-records';
import { restoreStatus } from './restore';
import { journalPath, lockHolder, runDir, runsDir } from './run-folders';

export function runStateOf(fold: FoldedRun, dir: string): RunState {
  if (fold.lastState === 'completed' || fold.lastState === 'cancelled') return fold.lastState;
  // running/paused in the journal: true only if a live process holds the run's lock.
  return lockHolder(dir) !== null ? fold.lastState : 'interrupted';
}

export async function listRuns(stateDir: string): Promise<RunListEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(runsDir(stateDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: RunListEntry[] = [];
  for (const name of names) {
    let dir: string;
    try {
      dir = runDir(stateDir, name);
    } catch {
      continue;
    }
    const fold = foldRun(await readJournal<RunRecord>(journalPath(dir)));
    if (!fold) continue;
    const summary: RunListEntry['summary'] = {};
    for (const s of fold.items) if (s.done) summary[s.done.status] = (summary[s.done.status] ?? 0) + 1;
    for (const left of fold.start.skipped) {
      const status = left.status ?? 'skipped';
      summary[status] = (summary[status] ?? 0) + 1;
    }
    entries.push({
      runId: fold.start.runId,
      tenantId: fold.start.tenantId,
      kind: runKindOf(fold.start),
      state: runStateOf(fold, dir),
      dryRun: fold.start.settings.dryRun,
      createdAt: fold.start.createdAt,
      total: fold.start.items.length + fold.start.skipped.length,
      summary,
      restore: await restoreStatus(dir),
      runDir: dir,
    });
  }
  return entries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Runs a resume should offer: interrupted (crashed, killed, lid closed) or cancelled, with work left. */
export async function listIncompleteRuns(stateDir: string): Promise<RunListEntry[]> {
  return (await listRuns(stateDir)).filter((r) => r.state === 'interrupted' || r.state === 'cancelled');
}
