/** The photographer's handoff package (issue 14): the roster, writing and opening packages, matching their people. */
export {
  readRoster,
  parseRoster,
  rosterUserId,
  RosterFileError,
  type Roster,
  type RosterProblem,
} from './roster';
export {
  writePackage,
  planPackageNames,
  isZipPath,
  PackageWriteError,
  type PackageItem,
  type WritePackageOptions,
  type WritePackageResult,
} from './write-package';
export {
  openPackage,
  isPackage,
  parseManifest,
  PackageError,
  type OpenPackageOptions,
  type OpenedPackage,
  type VerifiedPhoto,
} from './open-package';
export { matchPackage, type PackageMatch, type MatchPackageOptions } from './match-package';
export {
  packageEntries,
  PACKAGE_MISMATCH,
  FULL_PICTURE,
  type PackageEntry,
  type RefusedEntry,
  type PackageEntriesOptions,
} from './package-entries';
export { ZIP_LIMITS, type ZipLimits } from './zip-read';
export type {
  RosterIdentity,
  PackageManifest,
  PackagePhoto,
  PackageProblem,
} from '../../../shared/handoff-package';
