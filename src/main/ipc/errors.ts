import type { IpcError, IpcErrorCode } from '../../shared/ipc';

/** A failure with a contract error code: handlers throw it, the dispatcher turns it into `{ ok: false, error }`. */
export class IpcFailure extends Error {
  override name = 'IpcFailure';
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const errnoCodes: Record<string, IpcErrorCode> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  EACCES: 'not-found',
};

/** Maps anything thrown by a handler to the error value the renderer sees. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcFailure) return { code: error.code, message: error.message };
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'cancelled', message: 'Cancelled.' };
  const errno = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof errno === 'string' && errnoCodes[errno]) return { code: errnoCodes[errno], message };
  return { code: 'failed', message };
}

/** A path the user did not give (dialog, drop) and the app did not make: the one refusal of the folder scope. */
export function notGranted(what = 'folder'): IpcFailure {
  return new IpcFailure(
    'not-allowed',
    `Choose the ${what} with the button or drop it on the window first: Headshot only opens what you give it.`,
  );
}
