/**
 * The IPC core wired together, transport-agnostic: Electron (src/main/app/ipc-binding.ts) and the e2e harness
 * (e2e/harness/server.ts) both create one of these and only differ in how bytes move.
 */
import { createDispatcher, type Dispatch, type HandlerContext } from './dispatch';
import { createEventBus, type EventBus } from './events';
import type { DesktopServices } from '../use-cases/desktop-services';
import { type HandlerDeps, createDesktopServices, createHandlers } from './handlers';
import { JobRegistry } from './jobs';
import { PathGrants } from './path-grants';

export interface IpcCore {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRegistry;
  /** The one folder scope: path-taking channels, the image protocol and the drop channel share it. */
  grants: PathGrants;
  /** The desktop flow's services, composed here once (sign-in, import, runs, settings). */
  desktop: DesktopServices;
  /** App quit: cancels every job, waits for each to flush, then closes the session. */
  dispose: () => Promise<void>;
  /** The per-call context for a caller (a window's webContents id, a harness connection). */
  context: (owner: string) => HandlerContext;
}

export function createIpcCore(
  deps: HandlerDeps & { onError?: (channel: string, error: unknown) => void },
): IpcCore {
  const events = createEventBus((error) => deps.onError?.('event', error));
  const jobs = new JobRegistry({ emit: events.emit });
  const grants = deps.grants ?? new PathGrants();
  const desktop = deps.desktop ?? createDesktopServices(deps.platform);
  // Tests may hand in stand-in services without an event hook.
  (desktop as Partial<DesktopServices>).connectEvents?.(events.emit);
  const dispatch = createDispatcher(createHandlers({ ...deps, grants, desktop }), deps.onError);
  return {
    dispatch,
    events,
    jobs,
    grants,
    desktop,
    context: (owner) => ({ jobs, emit: events.emit, owner }),
    dispose: async () => {
      // Every job stops and flushes its journal first; then the session signs out (and the demo tenant stops).
      await jobs.dispose();
      await (desktop as Partial<DesktopServices>).dispose?.();
    },
  };
}

export type { HandlerContext, Handlers, Dispatch } from './dispatch';
export type { Platform } from './platform';
export { IpcFailure } from './errors';
export { PathGrants } from './path-grants';
