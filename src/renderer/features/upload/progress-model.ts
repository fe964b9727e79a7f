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
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const fmt = (n: number) => n.toLocaleString('en-US');

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
  else if (etaSeconds !== null) parts.push(`about ${formatDuration(etaSeconds)} left`);
  return {
    done,
    total,
    fraction,
    perMinute: rate === null ? null : rate * 60,
    etaSeconds,
    summary: parts.join(' · '),
  };
}
