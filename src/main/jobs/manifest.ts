/**
 * The per-tenant upload manifest: for each user, the sha256 of the processed photo we last uploaded and the
 * @odata.mediaEtag read back after it. A later run skips a user whose new photo has the same hash while the
 * tenant still shows the same etag (nobody changed it since). Stored as an append-only JSONL (last entry wins),
 * so updating it is one durable append.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Journal, readJournal } from './journal';

export interface ManifestEntry {
  userId: string;
  /** null: forget this user (after a restore). */
  sha256: string | null;
  etag: string | null;
  at: string;
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
    const entries = new Map<string, ManifestEntry>();
    for (const entry of await readJournal<ManifestEntry>(file)) {
      if (entry.sha256 === null) entries.delete(entry.userId);
      else entries.set(entry.userId, entry);
    }
    return new UploadManifest(entries, Journal.open(file));
  }

  get(userId: string): ManifestEntry | undefined {
    return this.entries.get(userId);
  }

  /** True when this photo is already on the user and nobody has changed it since. */
  isUnchanged(userId: string, sha256: string, currentEtag: string | null | undefined): boolean {
    const entry = this.entries.get(userId);
    return !!entry && !!currentEtag && entry.sha256 === sha256 && entry.etag === currentEtag;
  }

  async record(userId: string, sha256: string | null, etag: string | null): Promise<void> {
    const entry: ManifestEntry = { userId, sha256, etag, at: new Date().toISOString() };
    if (sha256 === null) this.entries.delete(userId);
    else this.entries.set(userId, entry);
    await this.journal.append(entry);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/** Tenant ids are GUIDs or domains; anything else is made filesystem-safe. */
export function tenantDir(stateDir: string, tenantId: string): string {
  return path.join(stateDir, 'tenants', tenantId.toLowerCase().replace(/[^a-z0-9.-]/g, '_'));
}
