/**
 * Peak RSS while the full pipeline processes 300 24-MP camera-like JPEGs at the default concurrency
 * (target < 500 MB). RSS is sampled every 20 ms.  Run: npx tsx bench/imaging/memory.ts [count]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { processImage } from '../../src/main/imaging/process-image';
import { defaultConcurrency, mapConcurrent } from '../../src/main/util/concurrency';
import { writeCameraJpegs } from './camera-fixtures';

const count = Number(process.argv[2] ?? 300);
const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-mem-'));
try {
  console.log(`Generating ${count} camera-like 24 MP JPEGs (6000x4000) ...`);
  const files = await writeCameraJpegs(dir, count, 6000, 4000);
  // Let generation garbage go before measuring.
  (globalThis as { gc?: () => void }).gc?.();
  sharp.cache(false);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let ok = 0;
  await mapConcurrent(files, defaultConcurrency(), async (file) => {
    const outcome = await processImage(file);
    if (outcome.ok) ok++;
    peak = Math.max(peak, process.memoryUsage().rss);
  });
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(
    `${ok}/${count} processed in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(2)} img/s), concurrency ${defaultConcurrency()}`,
  );
  console.log(`RSS before ${mb(before)} MB, peak ${mb(peak)} MB (target < 500 MB)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
