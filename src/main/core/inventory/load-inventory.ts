/**
 * The tenant's photo inventory: the directory (loadLiveDirectory: its cache and one delta round) joined with each
 * user's photo metadata (readPhotoMetadata: $batch), and, where a Headshot run set the current photo, that run
 * (the upload manifest). Photo reads are cached per tenant (inventory-cache.ts) and read again only when older
 * than maxAgeMinutes, when asked (refresh 'photos' or 'full'), when the user is new or their directory fields
 * changed, or when the last read failed. Members only unless guests / disabled accounts are asked for, as in
 * `headshot upload`; users left out are not read at all.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphUser } from '../../../shared/domain';
import {
  photoStatusOf,
  sortInventory,
  summarizeInventory,
  type InventoryDocument,
  type InventoryUser,
} from '../../../shared/inventory';
import { isDisabled, isGuest } from '../matching/directory-index';
import { manifestVerdict, readManifestState, tenantDir, type ManifestEntry } from '../runs/manifest';
import { CancelledError, type RequestScheduler, type TokenRefresher } from '../runs/scheduler';
import { loadLiveDirectory } from '../tenant/live-directory';
import {
  readInventoryCache,
  userFingerprint,
  writeInventoryCache,
  type CachedPhotoRead,
} from './inventory-cache';
import { readPhotoMetadata } from './photo-metadata';

/** A day: photos change rarely, and a refresh is one click (or --refresh) away. */
export const DEFAULT_MAX_AGE_MINUTES = 24 * 60;

export interface InventoryLoadProgress {
  phase: 'directory' | 'photos';
  done: number;
  /** Photos to read (0 while the directory loads). */
  total: number;
  throttled: number;
}

export interface LoadInventoryOptions {
  client: Client;
  tenantId: string;
  /** Headshot's state folder: the caches live in tenants/<tenant>/, the upload manifest too. */
  stateDir: string;
  /** Where the inventory's photo cache lives instead (the demo tenant keeps its own, per session). */
  cacheDir?: string;
  /**
   * The directory, when the caller already keeps it up to date (the app's session: one loader, one delta round);
   * by default loadLiveDirectory with the cache in tenants/<tenant>/.
   */
  directory?: () => Promise<{ users: GraphUser[]; source: 'full' | 'delta' }>;
  includeGuests?: boolean;
  includeDisabled?: boolean;
  /** auto: photos older than maxAgeMinutes; photos: every photo; full: the whole directory and every photo. */
  refresh?: 'auto' | 'photos' | 'full';
  maxAgeMinutes?: number;
  scheduler?: RequestScheduler;
  auth?: TokenRefresher;
  onProgress?: (progress: InventoryLoadProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface LoadedInventory {
  document: InventoryDocument;
  loadedAt: string;
  /** Photos read from Microsoft 365 in this load (the rest came from the cache). */
  photosRead: number;
  /** Item answers throttled (429) or busy (503/504) in this load; each was waited out and retried. */
  throttled: number;
  directorySource: 'full' | 'delta';
}

export async function loadInventory(options: LoadInventoryOptions): Promise<LoadedInventory> {
  const now = options.now ?? Date.now;
  const directoryDir = tenantDir(options.stateDir, options.tenantId);
  const cacheDir = options.cacheDir ?? directoryDir;
  const refresh = options.refresh ?? 'auto';
  if (options.signal?.aborted) throw new CancelledError();
  options.onProgress?.({ phase: 'directory', done: 0, total: 0, throttled: 0 });
  const directory = options.directory
    ? await options.directory()
    : await loadLiveDirectory({
        client: options.client,
        tenantId: options.tenantId,
        cacheDir: directoryDir,
        refresh: refresh === 'full' ? 'full' : 'auto',
        onProgress: (done) => options.onProgress?.({ phase: 'directory', done, total: 0, throttled: 0 }),
      });
  const users = directory.users.filter(
    (u) => (options.includeGuests || !isGuest(u)) && (options.includeDisabled || !isDisabled(u)),
  );
  const [cached, { entries: manifest, changedAt }] = await Promise.all([
    readInventoryCache(cacheDir, options.tenantId),
    readManifestState(options.stateDir, options.tenantId),
  ]);

  const maxAgeMs = (options.maxAgeMinutes ?? DEFAULT_MAX_AGE_MINUTES) * 60_000;
  const fingerprints = new Map<string, string>();
  const toRead: string[] = [];
  for (const u of users) {
    const fp = userFingerprint(u);
    fingerprints.set(u.id, fp);
    const read = cached.get(u.id);
    // A Headshot run (upload or removal) changed the photo after it was read: read it again.
    const changedByRun = read !== undefined && (changedAt.get(u.id) ?? '') > read.readAt;
    if (refresh !== 'auto' || changedByRun || needsRead(read, fp, now(), maxAgeMs)) toRead.push(u.id);
  }

  let throttled = 0;
  let cancelled: CancelledError | null = null;
  try {
    await readPhotoMetadata({
      client: options.client,
      userIds: toRead,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onResult: (userId, result) =>
        cached.set(userId, {
          userId,
          fp: fingerprints.get(userId)!,
          result,
          readAt: new Date(now()).toISOString(),
        }),
      onProgress: (p) => {
        throttled = p.throttled;
        options.onProgress?.({ phase: 'photos', ...p });
      },
    });
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    cancelled = error;
  }

  // Keep the reads of users still in the directory (included or not: a switch flipped back needs no re-read).
  const inDirectory = new Set(directory.users.map((u) => u.id));
  await writeInventoryCache(
    cacheDir,
    options.tenantId,
    [...cached.values()].filter((r) => inDirectory.has(r.userId)),
  );
  if (cancelled) throw cancelled;

  const rows = users.map((u) => toInventoryUser(u, cached.get(u.id), manifest.get(u.id), now()));
  const sorted = sortInventory(rows, 'userPrincipalName');
  return {
    document: { tenantId: options.tenantId, users: sorted, summary: summarizeInventory(sorted) },
    loadedAt: new Date(now()).toISOString(),
    photosRead: toRead.length,
    throttled,
    directorySource: directory.source,
  };
}

/** Pure: whether a user's cached read must be replaced. */
export function needsRead(
  read: CachedPhotoRead | undefined,
  fingerprint: string,
  now: number,
  maxAgeMs: number,
): boolean {
  if (!read || read.fp !== fingerprint || read.result.kind === 'unreadable') return true;
  const age = now - Date.parse(read.readAt);
  return !(age >= 0 && age < maxAgeMs);
}

/** Pure: one row of the inventory. */
export function toInventoryUser(
  u: GraphUser,
  read: CachedPhotoRead | undefined,
  manifestEntry: ManifestEntry | undefined,
  now: number,
): InventoryUser {
  const result = read?.result;
  const photo = result?.kind === 'photo' ? result.photo : null;
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName ?? null,
    mail: u.mail ?? null,
    employeeId: u.employeeId ?? null,
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
    companyName: u.companyName ?? null,
    officeLocation: u.officeLocation ?? null,
    country: u.country ?? null,
    accountEnabled: u.accountEnabled ?? null,
    userType: u.userType ?? null,
    licensed: u.assignedLicenses === undefined ? null : u.assignedLicenses.length > 0,
    photo,
    photoStatus: result?.kind === 'unreadable' ? 'unreadable' : photoStatusOf(photo),
    photoError: result?.kind === 'unreadable' ? result.message : null,
    photoReadAt: read?.readAt ?? null,
    headshotRun: headshotRunOf(manifestEntry, photo?.etag ?? null, now),
  };
}

/**
 * The run that set the current photo: the manifest's entry for the user still matches the photo's etag (or is a
 * pending upload that has since become visible). Entries written before runs were recorded in it name no run.
 */
export function headshotRunOf(
  entry: ManifestEntry | undefined,
  currentEtag: string | null,
  now: number,
): InventoryUser['headshotRun'] {
  if (!entry?.runId || entry.sha256 === null || currentEtag === null) return null;
  const verdict = manifestVerdict(entry, entry.sha256, currentEtag, now);
  return verdict.kind === 'unchanged' || verdict.kind === 'confirmed'
    ? { runId: entry.runId, at: entry.at }
    : null;
}
