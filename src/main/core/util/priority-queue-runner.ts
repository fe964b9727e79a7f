/**
 * Runs one task per key with bounded concurrency, in order, except that keys named by prioritize() jump the line
 * (the rows on screen first). Cancel stops handing out work; `done` settles when the running tasks end.
 */
export interface PriorityRunner<K> {
  /** Move these keys (those still waiting) to the front, in the order given. */
  prioritize(keys: readonly K[]): void;
  cancel(): void;
  readonly done: Promise<void>;
}

export function runWithPriority<K>(
  keys: readonly K[],
  concurrency: number,
  task: (key: K) => Promise<void>,
): PriorityRunner<K> {
  const waiting = [...keys];
  let cancelled = false;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    for (;;) {
      const key = cancelled ? undefined : waiting.shift();
      if (key === undefined) return;
      try {
        await task(key);
      } catch (error) {
        // One failed task stops the rest; the first error is what `done` rejects with.
        failure ??= { error };
        cancelled = true;
      }
    }
  };
  const done = Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker)).then(() => {
    if (failure) throw failure.error;
  });
  return {
    prioritize(first) {
      const still = new Set(waiting);
      const front = [...new Set(first)].filter((k) => still.has(k));
      if (front.length === 0) return;
      const moved = new Set(front);
      waiting.splice(0, waiting.length, ...front, ...waiting.filter((k) => !moved.has(k)));
    },
    cancel() {
      cancelled = true;
    },
    done,
  };
}
