import type { EventChannel, EventPayload } from '../../shared/ipc';
import { IpcFailure } from './errors';
import { JobRegistry, sleep } from './jobs';

const JOB = '00000000-0000-4000-8000-000000000001';

function recorder() {
  const events: { channel: EventChannel; payload: EventPayload<EventChannel> }[] = [];
  const emit = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => {
    events.push({ channel, payload });
  };
  return { events, emit };
}

describe('JobRegistry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('throttles progress to one event per interval, keeps the latest, and flushes before done', async () => {
    vi.useFakeTimers();
    const { events, emit } = recorder();
    const jobs = new JobRegistry({ emit, intervalMs: 100 });
    const result = jobs.run(JOB, 'demo:countdown', async ({ progress, signal }) => {
      for (let i = 1; i <= 50; i++) {
        progress({ done: i, total: 50, counts: { i } });
        await sleep(10, signal); // 50 updates over 500 ms
      }
      return 'finished';
    });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toBe('finished');

    const progress = events
      .filter((e) => e.channel === 'job:progress')
      .map((e) => e.payload as { done: number });
    // ~500 ms at 10 Hz: the first update immediately, then at most one per 100 ms, then the final flush.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeLessThanOrEqual(7);
    expect(progress[0]?.done).toBe(1);
    expect(progress.at(-1)?.done).toBe(50);
    expect(events.at(-1)).toEqual({
      channel: 'job:done',
      payload: { jobId: JOB, channel: 'demo:countdown', status: 'succeeded', error: null },
    });
    expect(jobs.size).toBe(0);
  });

  it('sends full progress payloads keyed by job id', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRegistry({ emit });
    await jobs.run(JOB, 'x:y', ({ progress }) => {
      progress({ done: 3, counts: { files: 3 }, message: 'reading' });
      return Promise.resolve();
    });
    expect(events[0]).toEqual({
      channel: 'job:progress',
      payload: { jobId: JOB, channel: 'x:y', done: 3, total: null, counts: { files: 3 }, message: 'reading' },
    });
  });

  it('cancels: the work sees the abort, the run rejects with cancelled, done says cancelled', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRegistry({ emit });
    let sawAbort = false;
    const run = jobs.run(JOB, 'demo:countdown', async ({ signal }) => {
      try {
        await sleep(60_000, signal);
      } finally {
        sawAbort = signal.aborted;
      }
    });
    expect(jobs.has(JOB)).toBe(true);
    expect(jobs.cancel(JOB)).toBe(true);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(sawAbort).toBe(true);
    expect(jobs.cancel(JOB)).toBe(false);
    expect(events.at(-1)?.payload).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
  });

  it('reports cancelled even when the work ignores the signal and finishes', async () => {
    const jobs = new JobRegistry({ emit: () => {} });
    let release!: () => void;
    const run = jobs.run(
      JOB,
      'x:y',
      () => new Promise<string>((resolve) => (release = () => resolve('done'))),
    );
    jobs.cancel(JOB);
    release();
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('reports a failing job with its error', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRegistry({ emit });
    await expect(
      jobs.run(JOB, 'x:y', () => Promise.reject(new IpcFailure('not-found', 'No such folder: /nope'))),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(events.at(-1)?.payload).toEqual({
      jobId: JOB,
      channel: 'x:y',
      status: 'failed',
      error: { code: 'not-found', message: 'No such folder: /nope' },
    });
  });

  it('refuses a second job with a running id', async () => {
    const jobs = new JobRegistry({ emit: () => {} });
    const first = jobs.run(JOB, 'x:y', ({ signal }) => sleep(60_000, signal));
    await expect(jobs.run(JOB, 'x:y', () => Promise.resolve())).rejects.toMatchObject({ code: 'job-exists' });
    jobs.cancel(JOB);
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('cancels only the jobs of an owner that went away', async () => {
    const jobs = new JobRegistry({ emit: () => {} });
    const other = '00000000-0000-4000-8000-000000000002';
    const a = jobs.run(JOB, 'x:y', ({ signal }) => sleep(60_000, signal), { owner: 'window-1' });
    const b = jobs.run(other, 'x:y', ({ signal }) => sleep(20, signal), { owner: 'window-2' });
    expect(jobs.cancelOwnedBy('window-1')).toBe(1);
    await expect(a).rejects.toMatchObject({ code: 'cancelled' });
    await expect(b).resolves.toBeUndefined();
  });
});
