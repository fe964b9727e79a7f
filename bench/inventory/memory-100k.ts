/**
 * Inventory at 100,000 users, without a tenant: the rows (toInventoryUser), sort, a filter, the summary, the CSV,
 * and the photo-read cache written and read back. Prints times, the heap the rows take and the file sizes.
 *
 *   node --expose-gc --import tsx bench/inventory/memory-100k.ts [users=100000]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphUser } from '../../src/shared/domain';
import { filterInventory, inventoryCsv, sortInventory, summarizeInventory } from '../../src/shared/inventory';
import {
  INVENTORY_CACHE_FILE,
  readInventoryCache,
  userFingerprint,
  writeInventoryCache,
  type CachedPhotoRead,
} from '../../src/main/core/inventory/inventory-cache';
import { toInventoryUser } from '../../src/main/core/inventory/load-inventory';

const count = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const time = <T>(label: string, fn: () => T): T => {
  const t = performance.now();
  const out = fn();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
  return out;
};

const departments = ['Sales', 'Marketing', 'Engineering', 'Finance', 'Support', 'Legal', 'Operations'];
const users: GraphUser[] = Array.from({ length: count }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  userPrincipalName: `user${i}@contoso.com`,
  displayName: `User ${i}`,
  mail: `user${i}@contoso.com`,
  employeeId: String(100000 + i),
  accountEnabled: i % 50 !== 0,
  userType: 'Member',
  department: departments[i % departments.length]!,
  jobTitle: 'Engineer',
  officeLocation: `Office ${i % 40}`,
  companyName: 'Contoso',
  country: 'Norway',
  assignedLicenses: i % 10 === 0 ? [] : [{ skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df' }],
}));
const readAt = new Date().toISOString();
const reads = new Map<string, CachedPhotoRead>(
  users.map((u, i) => [
    u.id,
    {
      userId: u.id,
      fp: userFingerprint(u),
      readAt,
      result:
        i % 3 === 0
          ? { kind: 'none' }
          : {
              kind: 'photo',
              photo: {
                width: i % 7 === 0 ? 96 : 648,
                height: i % 7 === 0 ? 96 : 648,
                contentType: 'image/jpeg',
                etag: `W/"${i}"`,
              },
            },
    },
  ]),
);

gc();
const before = process.memoryUsage().heapUsed;
const rows = time(`${count} rows`, () =>
  users.map((u) => toInventoryUser(u, reads.get(u.id), undefined, Date.now())),
);
gc();
console.log(`heap for the rows: ${mb(process.memoryUsage().heapUsed - before)}`);
time('sort by display name', () => sortInventory(rows, 'displayName'));
time('filter (missing, department)', () => filterInventory(rows, { missing: true, department: 'sales' }));
time('search "user 4242"', () => filterInventory(rows, { query: 'user 4242' }));
time('summary', () => summarizeInventory(rows));
const csv = time('CSV', () => inventoryCsv(rows));
console.log(
  `CSV: ${mb(Buffer.byteLength(csv))}; JSON document: ${mb(Buffer.byteLength(JSON.stringify(rows)))}`,
);

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-bench-inventory-'));
try {
  let t = performance.now();
  await writeInventoryCache(dir, 'contoso', reads.values());
  console.log(
    `cache written: ${(performance.now() - t).toFixed(0)} ms, ${mb((await fs.stat(path.join(dir, INVENTORY_CACHE_FILE))).size)}`,
  );
  t = performance.now();
  const back = await readInventoryCache(dir, 'contoso');
  console.log(`cache read: ${(performance.now() - t).toFixed(0)} ms, ${back.size} reads`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
const usage = process.memoryUsage();
console.log(`process: heap ${mb(usage.heapUsed)}, rss ${mb(usage.rss)}`);
