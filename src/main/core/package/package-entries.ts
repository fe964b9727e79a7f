/**
 * An opened handoff package as the admin's uploads see it (the CLI's `headshot upload <package>` and the app's
 * package import): each verified photo with its directory match, the file to process and the crop to cut it with,
 * and each refused file as a row of its own with the code package-mismatch. Pure: the package is already opened
 * and verified (open-package.ts), the directory already loaded.
 */
import type { GraphUser, Issue, MatchMethod, MatchResult, UserRef } from '../../../shared/domain';
import type { PackagePhoto } from '../../../shared/handoff-package';
import type { CropChoice } from '../../../shared/review';
import { applyScope, type ScopeMembership } from '../scope/apply-scope';
import { matchPackage, type MatchPackageOptions } from './match-package';
import type { OpenedPackage } from './open-package';

export const PACKAGE_MISMATCH = 'package-mismatch';

/** The whole picture: a package's processed JPEG is already the 648 px square, so it is used as it is. */
export const FULL_PICTURE: CropChoice = { strategy: 'rect', rect: { left: 0, top: 0, width: 1, height: 1 } };

export interface PackageEntry {
  /** The photo's match; `file` is its path in the package ("photos/jane.jpg"), the report's key. */
  match: MatchResult;
  /** The verified file to process: the original when the package holds it (verified), else the processed JPEG. */
  path: string;
  /** The photographer's crop for the original; the whole picture for the processed JPEG. */
  crop: CropChoice;
  photo: PackagePhoto;
}

export interface RefusedEntry {
  /** The refused file's path in the package. */
  file: string;
  /** Whom the refused photo was for, when its roster identity matches someone (for the report only). */
  user: UserRef | null;
  method: MatchMethod | null;
  error: Issue;
}

export interface PackageEntriesOptions extends MatchPackageOptions {
  /** A scoped upload: photos for anyone else become `outside-scope`. */
  scope?: ScopeMembership;
}

export function packageEntries(
  opened: OpenedPackage,
  directory: readonly GraphUser[],
  opts: PackageEntriesOptions = {},
): { entries: PackageEntry[]; refused: RefusedEntry[] } {
  const { scope, ...matchOpts } = opts;
  // Only verified photos take part in matching: a refused photo cannot make a good one a conflict.
  const matched = matchPackage(
    opened.photos.map((v) => v.photo),
    directory,
    matchOpts,
  );
  const results: MatchResult[] = matched.map(({ crop: _crop, ...m }) => m);
  const scoped = scope ? applyScope(results, scope) : results;
  const entries = opened.photos.map((verified, i): PackageEntry => {
    const original = verified.originalPath;
    return {
      match: scoped[i]!,
      path: original ?? verified.path,
      crop: original ? verified.photo.crop : FULL_PICTURE,
      photo: verified.photo,
    };
  });

  // A refused file names its person when the manifest lists it as a photo (or its original) of someone.
  const verifiedFiles = new Set(opened.photos.map((v) => v.photo.file));
  const ownerOf = new Map<string, PackagePhoto>();
  for (const photo of opened.manifest.photos) {
    if (photo.original) ownerOf.set(photo.original.file, photo);
    ownerOf.set(photo.file, photo);
  }
  const refused = opened.problems.map((problem): RefusedEntry => {
    const photo = ownerOf.get(problem.file);
    const who = photo ? matchPackage([photo], directory, matchOpts)[0] : undefined;
    const ok = who?.status === 'matched' && who.user !== null;
    const note =
      photo && problem.file !== photo.file && verifiedFiles.has(photo.file)
        ? ` The processed photo ${photo.file} was verified and is used instead.`
        : '';
    return {
      file: problem.file,
      user: ok ? who.user : null,
      method: ok ? who.method : null,
      // The file is in its own column (Review, the report): the message says why, as a sentence.
      error: { code: PACKAGE_MISMATCH, message: `Refused: ${sentence(problem.message)}${note}` },
    };
  });
  return { entries, refused };
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
