/**
 * The per-tenant upload manifest: for each user, the sha256 of the processed photo we last uploaded and the
 * @odata.mediaEtag read back after it. A later run skips a user whose new photo has the same hash while the
 * tenant still shows the same etag (nobody changed it since). Stored as an append-only JSONL (last entry wins),
 * so updating it is one durable append.
 *
 * Graph can go on showing the previous photo (or none) for a while after a successful PUT. Such an upload is
 * recorded as *pending*: the sha256 and the etag Graph still showed, no confirmed etag. A later run that sees a
 * different etag within CONFIRM_WINDOW_MS takes it as ours and records it; after the window a pending entry counts
 * for nothing (the photo is uploaded again), so a later change by someone else is not taken for ours for ever.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Journal, readJournal } from './journal';

export interface ManifestEntry {
  userId: string;
  /** null: forget this user (after a restore). */
  sha256: string | null;
  /** The etag read back after the upload; null while pending. */
  etag: string | null;
  at: string;
  /** The run that uploaded it (absent in entries written before issue 13). */
  runId?: string;
  /** Uploaded, not visible yet: the etag Graph still showed after the upload (null: it showed no photo). */
  pending?: { staleEtag: string | null };
}

/** How long after a not-yet-visible upload a new etag is taken as ours. */
export const CONFIRM_WINDOW_MS = 60 * 60 * 1000;

export type ManifestVerdict =
  /** This photo is on the user and nobody has changed it since. */
  | { kind: 'unchanged' }
  /** A pending upload of this photo is now visible with this etag (record it). */
  | { kind: 'confirmed'; etag: string }
  /** A pending upload of this photo, still not visible, within the window: do not upload again. */
  | { kind: 'pending' }
  | { kind: 'changed' };

/** Pure: what the manifest says about uploading `sha256` to a user who now shows `currentEtag`. */
export function manifestVerdict(
  entry: ManifestEntry | undefined,
  sha256: string,
  currentEtag: string | null | undefined,
  now: number,
  windowMs = CONFIRM_WINDOW_MS,
): ManifestVerdict {
  if (!entry || entry.sha256 !== sha256) return { kind: 'changed' };
  const current = currentEtag ?? null;
  if (!entry.pending)
    return current !== null && entry.etag === current ? { kind: 'unchanged' } : { kind: 'changed' };
  const age = now - Date.parse(entry.at);
  if (!(age >= 0 && age <= windowMs)) return { kind: 'changed' };
  if (current === null || current === entry.pending.staleEtag) return { kind: 'pending' };
  return { kind: 'confirmed', etag: current };
}

export class UploadManifest {
  private constructor(
    private readonly entries: Map<string, ManifestEntry>,
    private readonly journal: Journal,
  ) {}

  static async open(stateDir: string, tenantId: string): Promise<UploadManifest> {
    const dir = tenantDir(stateDir, tenantId);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, 'manifest.jsonl');
    return new UploadManifest(await readManifestFile(file), Journal.open(file));
  }

  get(userId: string): ManifestEntry | undefined {
    return this.entries.get(userId);
  }

  verdict(
    userId: string,
    sha256: string,
    currentEtag: string | null | undefined,
    windowMs = CONFIRM_WINDOW_MS,
  ): ManifestVerdict {
    return manifestVerdict(this.entries.get(userId), sha256, currentEtag, Date.now(), windowMs);
  }

  /** True when this photo is already on the user and nobody has changed it since. */
  isUnchanged(userId: string, sha256: string, currentEtag: string | null | undefined): boolean {
    return this.verdict(userId, sha256, currentEtag).kind === 'unchanged';
  }

  async record(userId: string, sha256: string | null, etag: string | null, runId?: string): Promise<void> {
    await this.write({ userId, sha256, etag, at: new Date().toISOString(), ...(runId ? { runId } : {}) });
  }

  /** Uploaded, but Graph still shows `staleEtag` (null: no photo). */
  async recordPending(
    userId: string,
    sha256: string,
    staleEtag: string | null,
    runId?: string,
  ): Promise<void> {
    await this.write({
      userId,
      sha256,
      etag: null,
      at: new Date().toISOString(),
      ...(runId ? { runId } : {}),
      pending: { staleEtag },
    });
  }

  private async write(entry: ManifestEntry): Promise<void> {
    const { userId, sha256 } = entry;
    if (sha256 === null) this.entries.delete(userId);
    else this.entries.set(userId, entry);
    await this.journal.append(entry);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/**
 * The manifest, read only: its entries (the last per user wins; which run set a photo) and when a Headshot run last
 * changed each user's photo (an upload, a removal, or a roll back that forgot the user), so the inventory reads
 * again a photo read before that.
 */
export async function readManifestState(
  stateDir: string,
  tenantId: string,
): Promise<{ entries: Map<string, ManifestEntry>; changedAt: Map<string, string> }> {
  const changedAt = new Map<string, string>();
  const entries = await readManifestFile(
    path.join(tenantDir(stateDir, tenantId), 'manifest.jsonl'),
    (entry) => changedAt.set(entry.userId, entry.at),
  );
  return { entries, changedAt };
}

async function readManifestFile(
  file: string,
  each?: (entry: ManifestEntry) => void,
): Promise<Map<string, ManifestEntry>> {
  const entries = new Map<string, ManifestEntry>();
  for (const entry of await readJournal<ManifestEntry>(file)) {
    each?.(entry);
    if (entry.sha256 === null) entries.delete(entry.userId);
    else entries.set(entry.userId, entry);
  }
  return entries;
}

/** Tenant ids are GUIDs or domains; anything else is made filesystem-safe. */
export function tenantDir(stateDir: string, tenantId: string): string {
  return path.join(stateDir, 'tenants', tenantId.toLowerCase().replace(/[^a-z0-9.-]/g, '_'));
}
