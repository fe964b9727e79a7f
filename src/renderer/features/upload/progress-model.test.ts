import { describe, expect, it } from 'vitest';
import {
  EMPTY_COUNTS,
  WINDOW_MS,
  addSample,
  countsFromEngine,
  engineView,
  countsFrom,
  formatDuration,
  formatWait,
  maxCounts,
  progressView,
  throttleWaitMs,
  timeLeft,
  throughput,
  type Sample,
} from './progress-model';

describe('progress model', () => {
  it('reads counts from a job progress record', () => {
    expect(countsFrom({ processed: 5, uploaded: 3, failed: 1, junk: 9, unchanged: NaN }, 10)).toEqual({
      ...EMPTY_COUNTS,
      total: 10,
      processed: 5,
      uploaded: 3,
      failed: 1,
    });
  });

  it('measures throughput over a sliding window', () => {
    let s: Sample[] = [];
    for (let t = 0; t <= 60_000; t += 1000)
      s = addSample(s, { at: t, done: t < 30_000 ? t / 1000 : 30 + (t - 30_000) / 500 });
    // The first 30 s ran at 1/s, the last 30 s at 2/s: the window sees only the recent rate.
    expect(throughput(s)).toBeCloseTo(2, 5);
    expect(s[0]!.at).toBeGreaterThanOrEqual(60_000 - WINDOW_MS - 1000);
  });

  it('needs two samples at least a second apart', () => {
    expect(throughput([{ at: 0, done: 0 }])).toBeNull();
    expect(
      throughput([
        { at: 0, done: 0 },
        { at: 500, done: 4 },
      ]),
    ).toBeNull();
  });

  it('gives the ETA from the current rate', () => {
    const counts = { ...EMPTY_COUNTS, total: 3000, uploaded: 100, unchanged: 20 };
    const samples = [
      { at: 0, done: 0 },
      { at: 60_000, done: 120 },
    ];
    const v = progressView(counts, samples);
    expect(v.done).toBe(120);
    expect(v.fraction).toBeCloseTo(0.04);
    expect(v.perMinute).toBeCloseTo(120);
    expect(v.etaSeconds).toBeCloseTo((2880 / 120) * 60);
    expect(v.summary).toBe('120 of 3,000 users · 120 per minute · about 24 min left');
  });

  it('shows no ETA while paused or before a rate exists', () => {
    const counts = { ...EMPTY_COUNTS, total: 10, uploaded: 2 };
    expect(progressView(counts, []).summary).toBe('2 of 10 users');
    expect(
      progressView(
        counts,
        [
          { at: 0, done: 0 },
          { at: 2000, done: 2 },
        ],
        true,
      ).summary,
    ).toBe('2 of 10 users · 60 per minute · paused');
  });

  it('formats durations for people', () => {
    expect(formatDuration(20)).toBe('less than a minute');
    expect(timeLeft(20)).toBe('less than a minute left');
    expect(timeLeft(600)).toBe('about 10 min left');
    expect(formatWait(12_400)).toBe('13 s');
    expect(formatWait(200)).toBe('1 s');
    expect(formatWait(90_000)).toBe('2 min');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(5400)).toBe('1 h 30 min');
  });
});

describe('engine progress', () => {
  const snapshot = {
    total: 100,
    stages: { queued: 50, processing: 4, waiting: 2, backingUp: 3, uploading: 4, verifying: 1, done: 36 },
    summary: { uploaded: 30, unchanged: 5, failed: 1 },
    throughputPerMin: 90,
    etaSeconds: 2400,
    state: 'running',
  };
  it('derives per-stage counts', () => {
    expect(countsFromEngine(snapshot)).toEqual({
      total: 100,
      processed: 46,
      unchanged: 5,
      backedUp: 35,
      uploaded: 30,
      failed: 1,
      dryRun: 0,
    });
  });
  it('says less than a minute, not "about under a minute"', () => {
    expect(engineView({ ...snapshot, etaSeconds: 30 }).summary).toBe(
      '36 of 100 users · 90 per minute · less than a minute left',
    );
  });
  it('knows how long the run still waits on throttling, only while it runs', () => {
    expect(throttleWaitMs(snapshot, 1000)).toBeNull();
    expect(throttleWaitMs({ ...snapshot, waitingUntil: 13_000 }, 1000)).toBe(12_000);
    expect(throttleWaitMs({ ...snapshot, waitingUntil: 13_000 }, 13_000)).toBeNull();
    expect(throttleWaitMs({ ...snapshot, waitingUntil: 13_000, state: 'paused' }, 1000)).toBeNull();
  });
  it('keeps the larger count of each stage', () => {
    const before = countsFromEngine(snapshot);
    const afterCancel = countsFromEngine({
      ...snapshot,
      stages: { ...snapshot.stages, queued: 63, processing: 0, uploading: 0, verifying: 0, backingUp: 0 },
    });
    expect(afterCancel.processed).toBeLessThan(before.processed);
    expect(maxCounts(before, afterCancel)).toEqual(before);
    expect(maxCounts(null, afterCancel)).toEqual(afterCancel);
  });
  it('uses the engine rate and ETA', () => {
    expect(engineView(snapshot).summary).toBe('36 of 100 users · 90 per minute · about 40 min left');
    expect(engineView({ ...snapshot, state: 'paused' }).summary).toBe(
      '36 of 100 users · 90 per minute · paused',
    );
  });
});
