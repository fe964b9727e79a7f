/**
 * The one registry of long work. Two shapes, one lifecycle:
 * - run(): the invoke that starts a job resolves when it ends (import, restore, scans); progress goes out as
 *   `job:progress` events keyed by the caller's job id (throttled to ~10 Hz), `job:done` closes it.
 * - adopt(): work whose handle outlives the invoke that started it (an upload run, which reports through its own
 *   run:* events and can be paused).
 * Either is cancelled by `job:cancel`, by its owner going away, or by dispose() when the app quits, which also
 * waits for every job to finish writing (journals, reports) before it resolves.
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

/** A handle the registry can steer: an upload run's RunHandle is one. */
export interface LongJob {
  cancel(): void;
  pause?(): void;
  resume?(): void;
  readonly done: Promise<unknown>;
}

export type JobControl = 'pause' | 'resume' | 'cancel';

interface RunningJob {
  controller: AbortController;
  owner: string | null;
  /** Settles when the job has stopped and written what it writes. */
  settled: Promise<unknown>;
  handle: LongJob | null;
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
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.running.set(jobId, { controller, owner: options.owner ?? null, settled, handle: null });

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
      settle();
      this.emit('job:done', {
        jobId,
        channel,
        status,
        error: failure ? { code: failure.code, message: failure.message } : null,
      });
    }
  }

  /**
   * Keeps `handle` as job `jobId` until its `done` settles: cancel, pause and resume reach it through the
   * registry, and dispose() waits for it.
   */
  adopt(jobId: string, handle: LongJob, options: { owner?: string | null } = {}): void {
    if (this.running.has(jobId))
      throw new IpcFailure('job-exists', `A job with id ${jobId} is already running.`);
    const controller = new AbortController();
    controller.signal.addEventListener('abort', () => handle.cancel(), { once: true });
    const settled = handle.done.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(jobId, { controller, owner: options.owner ?? null, settled, handle });
    void settled.then(() => {
      if (this.running.get(jobId)?.handle === handle) this.running.delete(jobId);
    });
  }

  /** Pause, resume or cancel a job. False when no such job runs, or it cannot do that (only adopted ones pause). */
  control(jobId: string, action: JobControl): boolean {
    if (action === 'cancel') return this.cancel(jobId);
    const handle = this.running.get(jobId)?.handle;
    if (!handle?.[action]) return false;
    if (action === 'pause') handle.pause?.();
    else handle.resume?.();
    return true;
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

  /** Cancels every job and resolves once each has stopped and flushed what it writes (app quit). */
  async dispose(): Promise<void> {
    const settled = [...this.running.values()].map((job) => job.settled);
    this.cancelAll();
    await Promise.allSettled(settled);
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
