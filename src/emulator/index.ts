/**
 * The demo tenant: a protocol-faithful Entra ID + Microsoft Graph emulator for tests, demo mode and benchmarks.
 * See docs/emulator.md.
 */
export { startEmulator, DEFAULT_GRANTED_SCOPES } from './server';
export { seedGroups } from './seed-groups';
export { seedTenant, asciiSlug, TENANT_DOMAIN, TENANT_INITIAL_DOMAIN, MAX_SEED_USERS } from './seed';
export {
  writeSamplePhotos,
  type SamplePhoto,
  type SamplePhotoOptions,
  type SampleNamingStyle,
} from './sample-photos';
export { renderPortrait, portraitSvg } from './portrait';
export {
  emulatorDispatcher,
  emulatorFetch,
  emulatorNetworkClient,
  graphFetchOptions,
  simulatedBrowser,
  parseFormPost,
  msalConfigFor,
  graphClientOptionsFor,
  appOnlyGraphClient,
  type EmulatorConnection,
  type EmulatorDispatcher,
} from './client';
export { decodeJwtPayload } from './jwt';
export { PHOTO_SIZES, MAX_PHOTO_BYTES } from './graph-photos';
export type {
  Emulator,
  EmulatorOptions,
  EmulatorGroup,
  EmulatorUser,
  FaultAction,
  FaultRule,
  RequestLogEntry,
  RetryAfterStyle,
  ThrottlingOptions,
  Violation,
  ViolationKind,
} from './types';
