import { runWithPriority } from './priority-queue-runner';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runWithPriority', () => {
  it('runs every key once, in order, at most `concurrency` at a time', async () => {
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const runner = runWithPriority([1, 2, 3, 4, 5, 6], 2, async (k) => {
      running++;
      peak = Math.max(peak, running);
      order.push(k);
      await tick();
      running--;
    });
    await runner.done;
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('lets prioritized keys jump the line, once each, ignoring ones already taken', async () => {
    const order: number[] = [];
    const runner = runWithPriority([1, 2, 3, 4, 5, 6, 7, 8], 1, async (k) => {
      order.push(k);
      await tick();
    });
    runner.prioritize([7, 1, 7, 99, 5]);
    await runner.done;
    expect(order).toEqual([1, 7, 5, 2, 3, 4, 6, 8]);
  });

  it('stops handing out work on cancel, and after a failure (done rejects with it)', async () => {
    const seen: number[] = [];
    const cancelled = runWithPriority([1, 2, 3, 4], 1, async (k) => {
      seen.push(k);
      await tick();
    });
    cancelled.cancel();
    await cancelled.done;
    expect(seen).toEqual([1]);

    const failing = runWithPriority([1, 2, 3], 1, (k) =>
      k === 2 ? Promise.reject(new Error('disk full')) : Promise.resolve(),
    );
    await expect(failing.done).rejects.toThrow('disk full');
  });
});
