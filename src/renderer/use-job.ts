import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcResult, JobProgress } from '../shared/ipc';
import { requireApi } from './api';
import { newJobId } from './api';

export type JobPhase = 'idle' | 'running' | 'succeeded' | 'cancelled' | 'failed';

export interface JobState<T> {
  phase: JobPhase;
  jobId: string | null;
  progress: JobProgress | null;
  result: T | null;
  error: string | null;
}

const idle = { phase: 'idle', jobId: null, progress: null, result: null, error: null } as const;

/**
 * Runs one long job at a time: makes the job id, listens to its progress events before starting it, and
 * resolves to the invoke's result. Any job channel fits: `start((jobId) => api.demo.countdown({ jobId, ... }))`.
 */
export function useJob<T>() {
  const [state, setState] = useState<JobState<T>>(idle);
  const unsubscribe = useRef<(() => void) | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      unsubscribe.current?.();
    };
  }, []);

  const start = useCallback(async (run: (jobId: string) => Promise<IpcResult<T>>) => {
    const api = requireApi();
    const jobId = newJobId();
    unsubscribe.current?.();
    unsubscribe.current = api.on('job:progress', (progress) => {
      if (progress.jobId === jobId && mounted.current) setState((s) => ({ ...s, progress }));
    });
    setState({ ...idle, phase: 'running', jobId });
    const result = await run(jobId).catch((error: unknown): IpcResult<T> => ({
      ok: false,
      error: { code: 'failed', message: String(error) },
    }));
    unsubscribe.current?.();
    unsubscribe.current = null;
    if (!mounted.current) return;
    setState((s) =>
      result.ok
        ? { ...s, phase: 'succeeded', result: result.value }
        : {
            ...s,
            phase: result.error.code === 'cancelled' ? 'cancelled' : 'failed',
            error: result.error.message,
          },
    );
  }, []);

  const cancel = useCallback(async () => {
    if (state.jobId && state.phase === 'running') await requireApi().job.cancel({ jobId: state.jobId });
  }, [state.jobId, state.phase]);

  return { ...state, start, cancel };
}
