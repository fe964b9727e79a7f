/**
 * Handlers of the People screen's channels (src/shared/ipc-people.ts): thin adapters from IPC to PeopleService
 * (src/main/use-cases/people-service.ts). Folders must have been given by the user (a dialog, a drop): PathGrants.
 */
import { CancelledError } from '../../core/runs/scheduler';
import { GroupLookupError } from '../../core/tenant/groups';
import { PeopleError } from '../../use-cases/people-service';
import { RunServiceError } from '../../use-cases/run-service';
import { SessionError } from '../../use-cases/session-service';
import type { DesktopServices } from '../../use-cases/desktop-services';
import type { PeopleInvokeChannel } from '../../../shared/ipc-desktop-channels';
import type { Handlers } from '../dispatch';
import { IpcFailure, notGranted } from '../errors';
import type { PathGrants } from '../path-grants';
import { watchRun } from './desktop';

function asIpc(error: unknown): never {
  if (error instanceof SessionError) throw new IpcFailure('not-allowed', error.message);
  if (error instanceof PeopleError || error instanceof RunServiceError)
    throw new IpcFailure(error.code, error.message);
  if (error instanceof GroupLookupError)
    throw new IpcFailure(error.kind === 'not-permitted' ? 'not-allowed' : 'not-found', error.message);
  if (error instanceof CancelledError) throw new IpcFailure('cancelled', 'Cancelled.');
  throw error;
}

const guard = <T>(work: () => Promise<T>): Promise<T> => work().catch(asIpc);

export function createPeopleHandlers(
  services: DesktopServices,
  grants: PathGrants,
): Pick<Handlers, PeopleInvokeChannel> {
  const { people } = services;
  return {
    'inventory:load': ({ jobId, ...input }, ctx) =>
      ctx.jobs.run(jobId, 'inventory:load', ({ signal, progress }) =>
        guard(() =>
          people.load(input, {
            signal,
            onProgress: (p) =>
              progress({
                done: p.phase === 'photos' ? p.done : 0,
                total: p.phase === 'photos' ? p.total : null,
                counts: {
                  ...(p.phase === 'directory' ? { directory: p.done } : { photos: p.done }),
                  throttled: p.throttled,
                  waiting: p.waitingMs,
                },
                message: p.phase === 'directory' ? 'Reading the directory…' : 'Reading photos…',
              }),
          }),
        ),
      ),

    'inventory:group': ({ group }) => guard(() => people.group(group)),

    'inventory:saveList': (input) =>
      guard(async () => {
        if (!(await grants.folder(input.folder))) throw notGranted('folder');
        return people.saveList(input);
      }),

    'photos:export': ({ jobId, ...input }, ctx) =>
      ctx.jobs.run(jobId, 'photos:export', ({ signal, progress }) =>
        guard(async () => {
          if (!(await grants.folder(input.folder))) throw notGranted('export folder');
          return people.exportPhotos(input, {
            signal,
            onProgress: (p) => progress({ done: p.done, total: p.total, counts: {}, message: null }),
          });
        }),
      ),

    'photos:remove': (input, ctx) =>
      guard(async () => watchRun(services, await people.remove(input), ctx.jobs, 'remove')),
  };
}
