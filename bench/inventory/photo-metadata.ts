/**
 * Inventory bench: the photo metadata of every user of a 10,000-user demo tenant with 150 ms latency and the
 * default (realistic) throttling: the identity read budget (8,000 resource units per 10 s for a tenant this size,
 * one per photo read, $batch items charged one by one) and the Outlook per-mailbox limits. readPhotoMetadata
 * ($batch of 20, the shared RequestScheduler) beside a one-request-at-a-time loop (what a PowerShell script gets:
 * Get-MgUserPhoto, i.e. GET /users/{id}/photo, one after the other, waiting out a 429), measured on a sample and
 * extrapolated to every user.
 *
 *   npx tsx bench/inventory/photo-metadata.ts [users=10000] [loopSample=300]
 */
import { startEmulator } from '../../src/emulator/index';
import { connect } from '../../test/support/emulator-tenant';
import { readPhotoMetadata } from '../../src/main/core/inventory/photo-metadata';
import { GraphRequestError } from '../../src/main/core/tenant/graph-errors';

const count = Number(process.argv[2] ?? 10_000);
const loopSample = Number(process.argv[3] ?? 300);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const emu = await startEmulator({ users: count, seed: 'bench-inventory', latencyMs: 150 });
const conn = await connect(emu);
try {
  const ids = emu.users().map((u) => u.id);
  console.log(`${ids.length} users, 150 ms latency, default throttling (read budget, per-mailbox limits)`);

  // 1. The loop, on a sample (its pace never reaches the read budget: one request at a time).
  emu.clearRequests();
  const t0 = performance.now();
  let loopThrottled = 0;
  for (const id of ids.slice(0, loopSample)) {
    for (;;) {
      try {
        await conn.photos.getMetadata(id);
        break;
      } catch (error) {
        if (error instanceof GraphRequestError && error.status === 429) {
          loopThrottled += 1;
          await sleep(error.retryAfterMs ?? 1000);
          continue;
        }
        break; // unreadable: counted as read, as a script would move on
      }
    }
  }
  const loopMs = performance.now() - t0;
  const loopPerUser = loopMs / loopSample;
  const loopAll = loopPerUser * ids.length;
  console.log(
    `one request at a time: ${loopSample} users in ${seconds(loopMs)} (${loopPerUser.toFixed(0)} ms each, ${loopThrottled} throttled); extrapolated to ${ids.length} users: ${seconds(loopAll)}`,
  );

  // Let the read budget refill, so the batch read starts as a fresh app would.
  await sleep(10_500);

  // 2. Everyone through $batch and the scheduler.
  emu.clearRequests();
  let throttled = 0;
  const t1 = performance.now();
  const results = await readPhotoMetadata({
    client: conn.client,
    userIds: ids,
    auth: conn.auth,
    onProgress: (p) => (throttled = p.throttled),
  });
  const batchMs = performance.now() - t1;
  const log = emu.requests();
  const outer = log.filter((r) => r.surface === 'graph' && r.path.endsWith('/$batch'));
  const items = log.filter((r) => r.surface === 'batch-item');
  const throttledItems = items.filter((r) => r.status === 429 || r.status === 503 || r.status === 504).length;
  const kinds = { photo: 0, none: 0, unreadable: 0 };
  for (const r of results.values()) kinds[r.kind] += 1;
  console.log(
    `$batch + scheduler: ${results.size} users in ${seconds(batchMs)} (${((results.size * 1000) / batchMs).toFixed(0)} users/s): ${outer.length} batch requests, ${items.length} items, ${throttledItems} items throttled (${((100 * throttledItems) / Math.max(1, items.length)).toFixed(1)}% of items; progress counted ${throttled}), ${outer.filter((r) => r.status === 429).length} whole batches throttled`,
  );
  console.log(
    `  results: ${kinds.photo} photos, ${kinds.none} without, ${kinds.unreadable} unreadable; retries before Retry-After: ${emu.violations().filter((v) => v.kind === 'retry-too-early').length}`,
  );
  console.log(`ratio: ${(loopAll / batchMs).toFixed(0)}x the loop (target: at least 20x)`);
} finally {
  conn.close();
  await emu.stop();
}
