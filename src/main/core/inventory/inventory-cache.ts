/**
 * The inventory's photo reads, cached per tenant next to the directory cache (tenants/<tenant>/inventory.json):
 * for each user, what the last read found, when, and a fingerprint of the directory fields it was read with (a
 * user whose fields changed in the delta is read again). Written whole and atomically (tmp + fsync + rename).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { GraphUser } from '../../../shared/domain';
import { writeFileDurable } from '../runs/journal';
import type { PhotoReadResult } from './photo-metadata';

export interface CachedPhotoRead {
  userId: string;
  /** userFingerprint() of the directory user when the photo was read. */
  fp: string;
  result: PhotoReadResult;
  readAt: string;
}

interface InventoryCacheFile {
  version: 1;
  tenantId: string;
  savedAt: string;
  reads: CachedPhotoRead[];
}

export const INVENTORY_CACHE_FILE = 'inventory.json';

/** A short hash of the user's directory fields: equal while nothing the directory says about them changed. */
export function userFingerprint(user: GraphUser): string {
  return createHash('sha1').update(JSON.stringify(user)).digest('base64').slice(0, 16);
}

export async function readInventoryCache(
  cacheDir: string,
  tenantId: string,
): Promise<Map<string, CachedPhotoRead>> {
  const reads = new Map<string, CachedPhotoRead>();
  let data: InventoryCacheFile;
  try {
    data = JSON.parse(
      await fs.readFile(path.join(cacheDir, INVENTORY_CACHE_FILE), 'utf8'),
    ) as InventoryCacheFile;
  } catch {
    return reads; // none yet, or unreadable: every photo is read again
  }
  if (data.version !== 1 || data.tenantId !== tenantId || !Array.isArray(data.reads)) return reads;
  for (const r of data.reads) if (r && typeof r.userId === 'string' && r.result) reads.set(r.userId, r);
  return reads;
}

export async function writeInventoryCache(
  cacheDir: string,
  tenantId: string,
  reads: Iterable<CachedPhotoRead>,
): Promise<void> {
  await fs.mkdir(cacheDir, { recursive: true });
  const data: InventoryCacheFile = {
    version: 1,
    tenantId,
    savedAt: new Date().toISOString(),
    reads: [...reads],
  };
  await writeFileDurable(path.join(cacheDir, INVENTORY_CACHE_FILE), JSON.stringify(data));
}
