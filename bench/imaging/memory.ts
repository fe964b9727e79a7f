/**
 * Peak RSS while the full pipeline processes 300 24-MP camera-like JPEGs at the default concurrency
 * (target < 500 MB). The files are generated first, then measured in a fresh child process so generation memory
 * does not count. RSS is sampled every 20 ms.  Run: npx tsx bench/imaging/memory.ts [count]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { processImage } from '../../src/main/core/imaging/process-image';
import { defaultConcurrency, mapConcurrent } from '../../src/main/core/util/concurrency';
import { writeCameraJpegs } from './camera-fixtures';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function measure(dir: string): Promise<void> {
  const files = (await readdir(dir)).sort().map((name) => path.join(dir, name));
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
  console.log(
    `${ok}/${files.length} processed in ${seconds.toFixed(1)} s (${(files.length / seconds).toFixed(2)} img/s), concurrency ${defaultConcurrency()}`,
  );
  console.log(`RSS at start ${mb(before)} MB, peak ${mb(peak)} MB (target < 500 MB)`);
}

const measureIndex = process.argv.indexOf('--measure');
if (measureIndex !== -1) {
  await measure(process.argv[measureIndex + 1] as string);
} else {
  const count = Number(process.argv[2] ?? 300);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-mem-'));
  try {
    console.log(`Generating ${count} camera-like 24 MP JPEGs (6000x4000) ...`);
    await writeCameraJpegs(dir, count, 6000, 4000);
    const self = fileURLToPath(import.meta.url);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', self, '--measure', dir],
      {
        maxBuffer: 1 << 20,
      },
    );
    process.stdout.write(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
