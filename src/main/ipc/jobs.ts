/**
 * Long-running jobs: the invoke that starts a job resolves when it ends; meanwhile progress goes out as
 * `job:progress` events keyed by the caller's job id (throttled to ~10 Hz), `job:done` closes it, and
 * `job:cancel` (or the owner going away) aborts its signal.
 */
import type { JobStatus } from '../../shared/ipc';
import { IpcFailure, toIpcError } from './errors';
import type { EventSink } from './events';

export interface ProgressUpdate {
  done: number;
  total?: number | null;
  counts?: Record<string, number>;
  message?: string | null;
}

export interface JobContext {
  /** Aborted on cancel: pass it to every await that can take long. */
  signal: AbortSignal;
  /** Report progress as often as you like: the registry sends at most one event per interval. */
  progress: (update: ProgressUpdate) => void;
}

export interface JobRegistryOptions {
  emit: EventSink;
  /** Minimum time between two progress events of one job (default 100 ms, i.e. ~10 Hz). */
  intervalMs?: number;
  now?: () => number;
}

interface RunningJob {
  controller: AbortController;
  owner: string | null;
}

export class JobRegistry {
  private readonly running = new Map<string, RunningJob>();
  private readonly emit: EventSink;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(options: JobRegistryOptions) {
    this.emit = options.emit;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => Date.now());
  }

  get size(): number {
    return this.running.size;
  }

  has(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /**
   * Runs `work` as job `jobId`. Resolves with its result; rejects with IpcFailure('cancelled') when cancelled
   * (even if the work ignored the signal and finished), or with the work's own error.
   */
  async run<T>(
    jobId: string,
    channel: string,
    work: (job: JobContext) => Promise<T>,
    options: { owner?: string | null } = {},
  ): Promise<T> {
    if (this.running.has(jobId))
      throw new IpcFailure('job-exists', `A job with id ${jobId} is already running.`);
    const controller = new AbortController();
    this.running.set(jobId, { controller, owner: options.owner ?? null });

    let lastSentAt = -Infinity;
    let pending: ProgressUpdate | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const send = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!pending) return;
      const update = pending;
      pending = null;
      lastSentAt = this.now();
      this.emit('job:progress', {
        jobId,
        channel,
        done: update.done,
        total: update.total ?? null,
        counts: update.counts ?? {},
        message: update.message ?? null,
      });
    };
    const progress = (update: ProgressUpdate) => {
      if (controller.signal.aborted) return;
      pending = { ...update, counts: update.counts ? { ...update.counts } : undefined };
      const wait = lastSentAt + this.intervalMs - this.now();
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    };

    let status: JobStatus = 'succeeded';
    let failure: IpcFailure | null = null;
    try {
      const result = await work({ signal: controller.signal, progress });
      if (controller.signal.aborted) throw new IpcFailure('cancelled', 'Cancelled.');
      return result;
    } catch (error) {
      const ipcError = controller.signal.aborted
        ? { code: 'cancelled' as const, message: 'Cancelled.' }
        : toIpcError(error);
      status = ipcError.code === 'cancelled' ? 'cancelled' : 'failed';
      failure = new IpcFailure(ipcError.code, ipcError.message);
      throw failure;
    } finally {
      // The final counts always reach the renderer before job:done (unless cancelled: then they are stale).
      if (status === 'succeeded') send();
      if (timer) clearTimeout(timer);
      this.running.delete(jobId);
      this.emit('job:done', {
        jobId,
        channel,
        status,
        error: failure ? { code: failure.code, message: failure.message } : null,
      });
    }
  }

  /** Returns false when no such job is running. */
  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort(new IpcFailure('cancelled', 'Cancelled.'));
    return true;
  }

  /** Cancels every job started by `owner` (a window that closed, a harness client that disconnected). */
  cancelOwnedBy(owner: string): number {
    let count = 0;
    for (const [jobId, job] of this.running) if (job.owner === owner && this.cancel(jobId)) count++;
    return count;
  }

  cancelAll(): number {
    let count = 0;
    for (const jobId of [...this.running.keys()]) if (this.cancel(jobId)) count++;
    return count;
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new IpcFailure('cancelled', 'Cancelled.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new IpcFailure('cancelled', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
