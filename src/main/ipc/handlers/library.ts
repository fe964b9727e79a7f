import { FolderError, scanFolder } from '../../core/library/scan-folder';
import type { PathGrants } from '../path-grants';
import type { Handlers } from '../dispatch';
import { IpcFailure, notGranted } from '../errors';

export function createLibraryHandlers(grants: PathGrants): Pick<Handlers, 'library:scan'> {
  return {
    'library:scan': ({ jobId, root: requested, maxDepth }, { jobs, owner }) =>
      jobs.run(
        jobId,
        'library:scan',
        async ({ signal, progress }) => {
          const checked = await grants.checkFolder(requested);
          if (!checked.ok && checked.reason === 'missing')
            throw new IpcFailure('not-found', `The folder ${requested} does not exist or cannot be read.`);
          if (!checked.ok) throw notGranted();
          const root = checked.real;
          const result = {
            root: requested,
            images: 0,
            skipped: 0,
            bytes: 0,
            formats: {} as Record<string, number>,
            skippedByCode: {} as Record<string, number>,
          };
          try {
            for await (const entry of scanFolder(root, {
              signal,
              ...(maxDepth === undefined ? {} : { maxDepth }),
            })) {
              if (entry.kind === 'image') {
                result.images++;
                result.bytes += entry.size;
                result.formats[entry.format] = (result.formats[entry.format] ?? 0) + 1;
              } else {
                result.skipped++;
                result.skippedByCode[entry.code] = (result.skippedByCode[entry.code] ?? 0) + 1;
              }
              progress({
                done: result.images + result.skipped,
                total: null,
                counts: { images: result.images, skipped: result.skipped },
                message: entry.path,
              });
            }
          } catch (error) {
            if (error instanceof FolderError) throw new IpcFailure('not-found', error.message);
            throw error;
          }
          return result;
        },
        { owner },
      ),
  };
}
