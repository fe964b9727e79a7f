/** The errors that mean the command's input is bad (exit 2 with the message), as opposed to a bug. */
import { DirectoryFileError } from '../main/core/library/load-directory-file';
import { MappingFileError } from '../main/core/library/parse-mapping-csv';
import { FolderError } from '../main/core/library/scan-folder';

export function isInputError(error: unknown): error is Error {
  return (
    error instanceof FolderError || error instanceof DirectoryFileError || error instanceof MappingFileError
  );
}
