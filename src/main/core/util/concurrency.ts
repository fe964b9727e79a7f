/**
 * Bounded concurrency for batch work (image processing, uploads): at most `limit` calls of `fn` run at once,
 * results keep the input order, and a rejection stops new work from starting and is re-thrown once the running
 * calls settle.
 */
import { availableParallelism } from 'node:os';

/** A sensible default for CPU-bound work: one task per core. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (signal?.aborted) {
        failed = { error: signal.reason };
        return;
      }
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failed.error;
  return results;
}

/** A limiter for work that arrives over time: `limit(() => task())` runs at most `concurrency` tasks at once. */
export function createLimiter(concurrency: number): <R>(task: () => Promise<R>) => Promise<R> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  let active = 0;
  const queue: (() => void)[] = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    // A finished task hands its slot straight to the next waiter, so a newcomer can never overtake the queue.
    if (active >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
