/**
 * End to end: processing 12 MP camera JPEGs and uploading them, pipelined by the run engine, against the demo
 * tenant (write bucket 20/s, burst 40, 150 ms latency, 4 per mailbox). Measured in one run:
 *   P = processing alone (same concurrency as the engine), U = upload alone (pre-processed photos),
 *   E = the engine doing both. Target: E <= 1.15 x max(P, U).
 *
 *   npx tsx bench/upload/end-to-end.ts [photos=200]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/index';
import { processImage } from '../../src/main/imaging/process-image';
import { connect } from '../../src/main/jobs/emulator-harness';
import { DEFAULT_SETTINGS, startRun, type ProcessPhoto } from '../../src/main/jobs/run-engine';
import type { PlannedItem } from '../../src/main/jobs/run-records';
import { mapConcurrent } from '../../src/main/util/concurrency';
import { writeCameraJpegs } from '../imaging/camera-fixtures';

const count = Number(process.argv[2] ?? 200);
const throttling = { writeRatePerSecond: 20, writeBurst: 40, mailboxConcurrency: 4 };
const concurrency = DEFAULT_SETTINGS.processConcurrency;

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-bench-e2e-'));
const emu = await startEmulator({ users: count + 50, seed: 'bench-e2e', latencyMs: 150, throttling });
const conn = await connect(emu);
try {
  console.error(`Generating ${count} camera-like 12 MP JPEGs (4000x3000) ...`);
  const files = await writeCameraJpegs(tmp, count, 4000, 3000);
  const users = emu
    .users()
    .filter((u) => u.userType !== 'Guest')
    .slice(0, count);
  const original = new Map(users.map((u) => [u.id, emu.photoOf(u.id)]));
  const resetTenant = () => {
    for (const u of users) emu.setPhoto(u.id, original.get(u.id) ?? null);
  };
  const items: PlannedItem[] = files.map((file, i) => ({
    file: path.basename(file),
    path: file,
    user: { id: users[i]!.id, userPrincipalName: users[i]!.userPrincipalName, displayName: null },
    method: 'upn',
  }));
  const process648: ProcessPhoto = async (file, signal) => {
    const r = await processImage(file, { size: 648, crop: 'center', signal });
    return r.ok
      ? { ok: true, jpeg: r.jpeg, bytes: r.bytes, sha256: r.sha256 }
      : { ok: false, error: r.error };
  };

  // P: processing alone.
  const p0 = Date.now();
  const processed = await mapConcurrent(files, concurrency, (f) =>
    process648(f, new AbortController().signal),
  );
  const P = (Date.now() - p0) / 1000;
  const byPath = new Map(files.map((f, i) => [f, processed[i]!]));

  // U: upload alone (the processed bytes come from memory).
  const fromMemory: ProcessPhoto = (file) => Promise.resolve(byPath.get(file)!);
  const runOnce = async (processPhoto: ProcessPhoto, name: string) => {
    resetTenant();
    emu.setThrottling(throttling);
    const t0 = Date.now();
    const run = await startRun(
      { tenantId: emu.tenantId, items },
      { stateDir: path.join(tmp, `state-${name}`), photos: conn.photos, processPhoto, auth: conn.auth },
    );
    const outcome = await run.done;
    if (outcome.report.summary.uploaded !== count)
      throw new Error(`${name}: ${JSON.stringify(outcome.report.summary)}`);
    return (Date.now() - t0) / 1000;
  };
  const U = await runOnce(fromMemory, 'upload');
  // E: both, pipelined.
  const E = await runOnce(process648, 'e2e');
  for (const [i, u] of users.entries()) {
    const got = createHash('sha256').update(emu.photoOf(u.id)!).digest('hex');
    const r = processed[i]!;
    if (!r.ok || got !== r.sha256) throw new Error(`wrong bytes for ${u.userPrincipalName}`);
  }
  const ratio = E / Math.max(P, U);
  const result = {
    date: new Date().toISOString(),
    machine: `${os.availableParallelism()} cores`,
    photos: count,
    processConcurrency: concurrency,
    processingAloneSeconds: Math.round(P * 10) / 10,
    uploadAloneSeconds: Math.round(U * 10) / 10,
    endToEndSeconds: Math.round(E * 10) / 10,
    ratioToMax: Math.round(ratio * 1000) / 1000,
    violations: emu.violations().length,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    ratio <= 1.15
      ? 'PASS: end to end <= 1.15 x max(processing, upload)'
      : 'FAIL: pipeline overlap below target',
  );
} finally {
  conn.close();
  await emu.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
