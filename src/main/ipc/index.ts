/**
 * The IPC core wired together, transport-agnostic: Electron (src/main/app/ipc-binding.ts) and the e2e harness
 * (e2e/harness/server.ts) both create one of these and only differ in how bytes move.
 */
import { createDispatcher, type Dispatch, type HandlerContext } from './dispatch';
import { createEventBus, type EventBus } from './events';
import { type HandlerDeps, createHandlers } from './handlers';
import { JobRegistry } from './jobs';
import { PathGrants } from './path-grants';

export interface IpcCore {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRegistry;
  /** The one folder scope: path-taking channels, the image protocol and the drop channel share it. */
  grants: PathGrants;
  /** The per-call context for a caller (a window's webContents id, a harness connection). */
  context: (owner: string) => HandlerContext;
}

export function createIpcCore(
  deps: HandlerDeps & { onError?: (channel: string, error: unknown) => void },
): IpcCore {
  const events = createEventBus((error) => deps.onError?.('event', error));
  const jobs = new JobRegistry({ emit: events.emit });
  const grants = deps.grants ?? new PathGrants();
  const dispatch = createDispatcher(createHandlers({ ...deps, grants }), deps.onError);
  return { dispatch, events, jobs, grants, context: (owner) => ({ jobs, emit: events.emit, owner }) };
}

export type { HandlerContext, Handlers, Dispatch } from './dispatch';
export type { Platform } from './platform';
export { IpcFailure } from './errors';
export { PathGrants } from './path-grants';
