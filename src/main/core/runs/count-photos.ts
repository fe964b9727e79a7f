/**
 * How many of these users have a photo: the count a removal's confirmation gives ("12 of the 15 users selected
 * would lose their photo"). Reads only, paced by the one request scheduler; nothing is journaled.
 */
import type { PhotoService } from '../tenant/photos';
import { DEFAULT_RUN_SETTINGS } from './run-engine';
import { CancelledError, RequestScheduler, type TokenRefresher } from './scheduler';

export interface CountPhotosDeps {
  photos: Pick<PhotoService, 'getMetadata'>;
  auth?: TokenRefresher;
  signal?: AbortSignal;
  scheduler?: Partial<ConstructorParameters<typeof RequestScheduler>[0]>;
}

export async function countPhotos(
  userIds: readonly string[],
  deps: CountPhotosDeps,
): Promise<{ withPhoto: number; without: number; failed: number }> {
  const scheduler = new RequestScheduler({
    maxConcurrency: DEFAULT_RUN_SETTINGS.maxConcurrency,
    initialConcurrency: Math.min(8, DEFAULT_RUN_SETTINGS.maxConcurrency),
    perMailbox: DEFAULT_RUN_SETTINGS.perMailbox,
    ...(deps.auth ? { auth: deps.auth } : {}),
    ...deps.scheduler,
  });
  const onAbort = () => scheduler.cancel();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  let withPhoto = 0;
  let without = 0;
  let failed = 0;
  try {
    await Promise.all(
      userIds.map(async (id) => {
        try {
          const meta = (await scheduler.run(id, 'read', () => deps.photos.getMetadata(id))).value;
          if (meta) withPhoto += 1;
          else without += 1;
        } catch (error) {
          if (!(error instanceof CancelledError)) failed += 1;
        }
      }),
    );
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
  return { withPhoto, without, failed };
}
