/** Where runs live on disk and how they are named, locked and listed. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export function runsDir(stateDir: string): string {
  return path.join(stateDir, 'runs');
}

export function runDir(stateDir: string, runId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(runId)) throw new Error(`'${runId}' is not a run id.`);
  return path.join(runsDir(stateDir), runId);
}

/** Sortable and unique: 20250101-120000-ab12cd. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function journalPath(dir: string): string {
  return path.join(dir, 'journal.jsonl');
}

export function restoreJournalPath(dir: string): string {
  return path.join(dir, 'restore.jsonl');
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the live process working on this run, if any. */
export function lockHolder(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, 'lock'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export class RunLockedError extends Error {
  override name = 'RunLockedError';
}

/** One process per run: a second `resume` of a live run is refused. A stale lock (dead pid) is taken over. */
export async function lockRun(dir: string): Promise<() => Promise<void>> {
  const holder = lockHolder(dir);
  if (holder !== null && holder !== process.pid) {
    throw new RunLockedError(`Run is being worked on by process ${holder}.`);
  }
  const file = path.join(dir, 'lock');
  await fsp.writeFile(file, String(process.pid));
  return () => fsp.rm(file, { force: true });
}
