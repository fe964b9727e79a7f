import { FolderError, scanFolder } from '../../library/scan-folder';
import type { ChosenFolders } from '../chosen-folders';
import type { Handlers } from '../dispatch';
import { IpcFailure } from '../errors';

export function createLibraryHandlers(chosen: ChosenFolders): Pick<Handlers, 'library:scan'> {
  return {
    'library:scan': ({ jobId, root, maxDepth }, { jobs, owner }) => {
      if (!chosen.contains(root)) {
        return Promise.reject(
          new IpcFailure('not-allowed', 'Choose the folder first: only chosen folders are scanned.'),
        );
      }
      return jobs.run(
        jobId,
        'library:scan',
        async ({ signal, progress }) => {
          const result = {
            root,
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
      );
    },
  };
}
