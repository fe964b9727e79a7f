/**
 * Upload throughput against the demo tenant with a write bucket of 20/s (burst 40), 150 ms latency and at most 4
 * concurrent requests per mailbox: the run engine's pipelined, throttle-aware uploads vs a sequential PUT loop
 * (how a typical PowerShell script does it: one Set-MgUserPhotoContent after another, retrying on 429).
 *
 *   npx tsx bench/upload/throughput.ts [uploads=2000] [sequential=200]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/index';
import { connect, passThroughProcess, writeTinyJpegs } from '../../test/support/emulator-tenant';
import { startRun } from '../../src/main/core/runs/run-engine';
import type { PlannedItem } from '../../src/main/core/runs/run-records';
import type { GraphRequestError } from '../../src/main/core/tenant/graph-errors';

const uploads = Number(process.argv[2] ?? 2000);
const sequentialCount = Number(process.argv[3] ?? 200);
const RATE = 20;
const throttling = {
  writeRatePerSecond: RATE,
  writeBurst: 40,
  mailboxConcurrency: 4,
  retryAfter: 'integer' as const,
};

const emu = await startEmulator({
  users: Math.ceil((uploads + sequentialCount) * 1.15) + 50,
  seed: 'bench-upload',
  latencyMs: 150,
  throttling,
});
const conn = await connect(emu);
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-bench-upload-'));
try {
  const users = emu.users().filter((u) => u.userType !== 'Guest');
  if (users.length < uploads + sequentialCount) throw new Error(`only ${users.length} member users seeded`);
  const names = users.map((_, i) => `p${i}.jpg`);
  await writeTinyJpegs(path.join(tmp, 'photos'), names.slice(0, uploads + sequentialCount));
  const item = (i: number): PlannedItem => ({
    file: names[i]!,
    path: path.join(tmp, 'photos', names[i]!),
    user: { id: users[i]!.id, userPrincipalName: users[i]!.userPrincipalName, displayName: null },
    method: 'upn',
  });

  // 1. The engine.
  emu.setThrottling(throttling);
  emu.clearRequests();
  const t0 = Date.now();
  const run = await startRun(
    {
      tenantId: emu.tenantId,
      items: Array.from({ length: uploads }, (_, i) => item(i)),
      settings: { maxConcurrency: 24 },
    },
    {
      stateDir: path.join(tmp, 'state'),
      photos: conn.photos,
      processPhoto: passThroughProcess,
      auth: conn.auth,
    },
  );
  let lastLog = 0;
  run.on((e) => {
    if (e.type === 'progress' && Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const p = e.progress;
      console.error(
        `  ${p.stages.done}/${p.total} ${JSON.stringify(p.summary)} conc ${p.concurrency} pace ${p.writeRatePerSec ?? '-'}/s throttled ${p.throttled}`,
      );
    }
  });
  const outcome = await run.done;
  const wall = (Date.now() - t0) / 1000;
  const log = emu.requests();
  const puts = log.filter((e) => e.method === 'PUT');
  const ok = puts.filter((e) => e.status === 200);
  const throttled = puts.filter((e) => e.status === 429);
  const span = (Math.max(...ok.map((e) => e.end)) - Math.min(...puts.map((e) => e.start))) / 1000;
  const putRate = ok.length / span;
  const all429 = log.filter((e) => e.status === 429).length;
  // The bucket starts full (40): the sustainable rate over the span is RATE + burst/span.
  const bucketRate = RATE + 40 / span;

  // 2. A sequential PUT loop (PowerShell style), with Retry-After honoured.
  emu.setThrottling(throttling);
  emu.clearRequests();
  const s0 = Date.now();
  for (let i = uploads; i < uploads + sequentialCount; i++) {
    const bytes = await fs.readFile(item(i).path);
    for (;;) {
      try {
        await conn.photos.put(users[i]!.id, bytes);
        break;
      } catch (error) {
        const e = error as GraphRequestError;
        if (e.status !== 429) throw error;
        await new Promise((r) => setTimeout(r, (e.retryAfterMs ?? 1000) + 10));
      }
    }
  }
  const seqSeconds = (Date.now() - s0) / 1000;
  const seqRate = sequentialCount / seqSeconds;

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`.trim(),
    uploads,
    engine: {
      summary: outcome.report.summary,
      wallSeconds: Math.round(wall * 10) / 10,
      putSpanSeconds: Math.round(span * 10) / 10,
      putsPerSecond: Math.round(putRate * 100) / 100,
      bucketRatePerSecond: Math.round(bucketRate * 100) / 100,
      percentOfBucket: Math.round((putRate / bucketRate) * 1000) / 10,
      percentOfNominalRate: Math.round((putRate / RATE) * 1000) / 10,
      putRequests: puts.length,
      put429: throttled.length,
      put429Percent: Math.round((throttled.length / puts.length) * 1000) / 10,
      all429,
      allRequests: log.length,
      all429Percent: Math.round((all429 / log.length) * 1000) / 10,
      violations: emu.violations().length,
      maxMailboxConcurrencySeen: Math.max(...log.map((e) => e.mailboxConcurrencyAtStart)) + 1,
    },
    sequential: {
      uploads: sequentialCount,
      seconds: Math.round(seqSeconds * 10) / 10,
      putsPerSecond: Math.round(seqRate * 100) / 100,
    },
    speedup: Math.round((putRate / seqRate) * 10) / 10,
  };
  console.log(JSON.stringify(result, null, 2));
  const pass =
    result.engine.percentOfNominalRate >= 90 &&
    result.engine.put429Percent < 5 &&
    result.engine.violations === 0;
  console.log(pass ? 'PASS: >= 90% of the bucket rate with < 5% of PUTs throttled' : 'FAIL: below target');
} finally {
  conn.close();
  await emu.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
