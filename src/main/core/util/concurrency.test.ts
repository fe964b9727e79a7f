import { describe, expect, it } from 'vitest';
import { createLimiter, mapConcurrent } from './concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapConcurrent', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      for (let i = 0; i < n; i++) await tick();
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
  it('stops starting work after a failure and rethrows it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        await tick();
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
  it('stops on abort', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(mapConcurrent([1], 1, () => Promise.resolve(1), controller.signal)).rejects.toThrow('stop');
  });
  it('rejects a bad limit', async () => {
    await expect(mapConcurrent([1], 0, () => Promise.resolve(1))).rejects.toThrow(RangeError);
  });
});

describe('createLimiter', () => {
  it('never exceeds the concurrency, even when new tasks arrive as others finish', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
    };
    const first = Array.from({ length: 5 }, () => limit(task));
    await first[0];
    await Promise.all([...first, ...Array.from({ length: 5 }, () => limit(task))]);
    expect(peak).toBe(2);
  });
});
