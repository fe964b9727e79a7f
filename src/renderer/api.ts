/**
 * The renderer's only way to main: `window.headshot` (the preload). Components import from here, so tests can
 * set window.headshot to a fake before rendering.
 */
import type { HeadshotApi, IpcError, IpcResult } from '../shared/ipc';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: IpcError['code'];
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
  }
}

/** null when the page runs outside Electron and outside the e2e harness. */
export function getApi(): HeadshotApi | null {
  return typeof window !== 'undefined' && window.headshot ? window.headshot : null;
}

export function requireApi(): HeadshotApi {
  const api = getApi();
  if (!api)
    throw new ApiError({
      code: 'failed',
      message: 'The Headshot bridge is missing: open the app, not the page.',
    });
  return api;
}

/** Unwraps an IpcResult: the value, or an ApiError with the contract's code. */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

/** Job ids are made here so the caller can listen for progress before the job starts. */
export function newJobId(): string {
  return crypto.randomUUID();
}
