import type { Handlers } from '../dispatch';
import { sleep } from '../jobs';

export function createJobHandlers(): Pick<Handlers, 'job:cancel' | 'demo:countdown'> {
  return {
    'job:cancel': ({ jobId }, { jobs }) => Promise.resolve({ cancelled: jobs.cancel(jobId) }),

    'demo:countdown': ({ jobId, steps, intervalMs }, { jobs, owner }) =>
      jobs.run(
        jobId,
        'demo:countdown',
        async ({ signal, progress }) => {
          for (let step = 1; step <= steps; step++) {
            await sleep(intervalMs, signal);
            progress({
              done: step,
              total: steps,
              counts: { remaining: steps - step },
              message: `Step ${step} of ${steps}`,
            });
          }
          return { steps };
        },
        { owner },
      ),
  };
}
