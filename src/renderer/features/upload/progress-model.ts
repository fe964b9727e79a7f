/**
 * Upload progress view model, pure: per-stage counts from the engine's progress events, plus throughput over a
 * sliding window and an ETA. Kept apart from React so the arithmetic is tested on its own.
 */

/** Live counters of a run. Names follow the engine's stages. */
export interface StageCounts {
  total: number;
  processed: number;
  unchanged: number;
  backedUp: number;
  uploaded: number;
  failed: number;
  /** Dry runs count "would upload" here instead of uploaded. */
  dryRun: number;
}

export const EMPTY_COUNTS: StageCounts = {
  total: 0,
  processed: 0,
  unchanged: 0,
  backedUp: 0,
  uploaded: 0,
  failed: 0,
  dryRun: 0,
};

/** Reads stage counts from a generic job progress `counts` record (unknown keys ignored, missing keys 0). */
export function countsFrom(record: Readonly<Record<string, number>>, total: number | null): StageCounts {
  const n = (k: string) => (Number.isFinite(record[k]) ? Math.max(0, record[k] as number) : 0);
  return {
    total: Math.max(0, total ?? n('total')),
    processed: n('processed'),
    unchanged: n('unchanged'),
    backedUp: n('backedUp'),
    uploaded: n('uploaded'),
    failed: n('failed'),
    dryRun: n('dryRun'),
  };
}

/** Users finished one way or another. */
export function finished(c: StageCounts): number {
  return c.uploaded + c.unchanged + c.failed + c.dryRun;
}

export interface Sample {
  /** ms timestamp */
  at: number;
  done: number;
}

/** Samples older than this don't count toward the throughput: it tracks the current rate, not the average. */
export const WINDOW_MS = 30_000;

/** Adds a sample and drops those that fell out of the window (always keeping two to measure from). */
export function addSample(samples: readonly Sample[], sample: Sample): Sample[] {
  const next = [...samples.filter((s) => s.at <= sample.at), sample];
  const cutoff = sample.at - WINDOW_MS;
  while (next.length > 2 && (next[1] as Sample).at <= cutoff) next.shift();
  return next;
}

/** Users per second over the window, or null before there is enough to say. */
export function throughput(samples: readonly Sample[]): number | null {
  if (samples.length < 2) return null;
  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  const seconds = (last.at - first.at) / 1000;
  if (seconds < 1) return null;
  return Math.max(0, last.done - first.done) / seconds;
}

export interface ProgressView {
  done: number;
  total: number;
  /** 0..1 */
  fraction: number;
  perMinute: number | null;
  etaSeconds: number | null;
  /** e.g. "120 of 3,000 users · 84 per minute · about 34 min left" */
  summary: string;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** "less than a minute left", "about 24 min left". */
export function timeLeft(seconds: number): string {
  return seconds < 60 ? 'less than a minute left' : `about ${formatDuration(seconds)} left`;
}

/** A wait for people, counted down: "12 s", "2 min". */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** Per field the larger: a cancel puts in-flight users back in the queue, and the counts must not drop. */
export function maxCounts(a: StageCounts | null, b: StageCounts): StageCounts {
  if (!a) return b;
  return {
    total: Math.max(a.total, b.total),
    processed: Math.max(a.processed, b.processed),
    unchanged: Math.max(a.unchanged, b.unchanged),
    backedUp: Math.max(a.backedUp, b.backedUp),
    uploaded: Math.max(a.uploaded, b.uploaded),
    failed: Math.max(a.failed, b.failed),
    dryRun: Math.max(a.dryRun, b.dryRun),
  };
}

export function progressView(counts: StageCounts, samples: readonly Sample[], paused = false): ProgressView {
  const done = Math.min(finished(counts), counts.total || finished(counts));
  const total = counts.total;
  const fraction = total > 0 ? done / total : 0;
  const rate = throughput(samples);
  const remaining = Math.max(0, total - done);
  const etaSeconds = paused || rate === null || rate === 0 || remaining === 0 ? null : remaining / rate;
  const parts = [`${fmt(done)} of ${fmt(total)} ${total === 1 ? 'user' : 'users'}`];
  if (rate !== null) parts.push(`${fmt(Math.round(rate * 60))} per minute`);
  if (paused) parts.push('paused');
  else if (etaSeconds !== null) parts.push(timeLeft(etaSeconds));
  return {
    done,
    total,
    fraction,
    perMinute: rate === null ? null : rate * 60,
    etaSeconds,
    summary: parts.join(' · '),
  };
}

/** Minimal shape of the engine's progress snapshot (src/shared/upload.ts RunProgress). */
export interface EngineProgress {
  total: number;
  stages: {
    queued: number;
    processing: number;
    waiting: number;
    backingUp: number;
    uploading: number;
    verifying: number;
    done: number;
  };
  summary: Partial<Record<'uploaded' | 'unchanged' | 'failed' | 'skipped' | 'dry-run' | 'restored', number>>;
  throughputPerMin: number;
  etaSeconds: number | null;
  state: string;
  /** Epoch ms the run waits until on Microsoft 365 (Retry-After), or null/absent. */
  waitingUntil?: number | null | undefined;
}

/** Per-stage counts from the engine's snapshot: everything past a stage has been through it. */
export function countsFromEngine(p: EngineProgress): StageCounts {
  const s = p.summary;
  const uploaded = s.uploaded ?? 0;
  const dryRun = s['dry-run'] ?? 0;
  return {
    total: p.total,
    processed: Math.max(0, p.total - p.stages.queued - p.stages.processing),
    unchanged: s.unchanged ?? 0,
    backedUp: p.stages.uploading + p.stages.verifying + uploaded,
    uploaded,
    failed: s.failed ?? 0,
    dryRun,
  };
}

/** Milliseconds left of a wait on Microsoft 365's throttling at `now`, or null when the run is not waiting. */
export function throttleWaitMs(p: EngineProgress, now: number): number | null {
  if (p.state !== 'running' || p.waitingUntil == null) return null;
  const ms = p.waitingUntil - now;
  return ms > 0 ? ms : null;
}

/** The progress line for the engine's snapshot, using its own rate and ETA. */
export function engineView(p: EngineProgress): ProgressView {
  const counts = countsFromEngine(p);
  const done = Math.min(p.total, p.stages.done);
  const paused = p.state === 'paused';
  const rate = p.throughputPerMin > 0 ? p.throughputPerMin : null;
  const eta = paused || p.etaSeconds === null || done >= p.total ? null : p.etaSeconds;
  const parts = [`${fmt(done)} of ${fmt(p.total)} ${p.total === 1 ? 'user' : 'users'}`];
  if (rate !== null) parts.push(`${fmt(Math.round(rate))} per minute`);
  if (paused) parts.push('paused');
  else if (eta !== null) parts.push(timeLeft(eta));
  return {
    done,
    total: counts.total,
    fraction: p.total > 0 ? done / p.total : 0,
    perMinute: rate,
    etaSeconds: eta,
    summary: parts.join(' · '),
  };
}
