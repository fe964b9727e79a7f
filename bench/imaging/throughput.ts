/**
 * Throughput on 12 MP camera JPEGs, measured side by side in one run on the same files and concurrency:
 *   1. the full pipeline (processImage: guards, orient, crop, checks, deterministic JPEG),
 *   2. a bare `sharp(file).resize(648, 648).jpeg()` baseline,
 *   3. ImageMagick (/usr/bin/convert) doing the same job (orient, centre square, 648 px, strip, JPEG 88).
 * Targets: pipeline >= 0.7x baseline, >= 5x ImageMagick.  Run: npx tsx bench/imaging/throughput.ts [count]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { processImage } from '../../src/main/core/imaging/process-image';
import { defaultConcurrency, mapConcurrent } from '../../src/main/core/util/concurrency';
import { writeCameraJpegs } from './camera-fixtures';

const run = promisify(execFile);
const count = Number(process.argv[2] ?? 24);
const concurrency = defaultConcurrency();

async function timed(
  label: string,
  files: string[],
  job: (file: string, i: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  await mapConcurrent(files, concurrency, job);
  const seconds = (performance.now() - started) / 1000;
  const rate = files.length / seconds;
  console.log(
    `${label.padEnd(28)} ${files.length} images in ${seconds.toFixed(2)} s = ${rate.toFixed(2)} img/s`,
  );
  return rate;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-'));
try {
  sharp.cache(false);
  console.log(`Generating ${count} camera-like 12 MP JPEGs (4000x3000, EXIF) ...`);
  const files = await writeCameraJpegs(dir, count, 4000, 3000);
  console.log(
    `concurrency ${concurrency} (cores ${os.availableParallelism()}), sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
  );
  // Warm-up (library loading, page cache) outside the timings.
  await processImage(files[0]!);
  await sharp(files[0]).resize(648, 648).jpeg().toBuffer();

  const baseline = await timed('sharp baseline', files, async (file) => {
    await sharp(file).resize(648, 648).jpeg().toBuffer();
  });
  const pipeline = await timed('full pipeline', files, async (file) => {
    const outcome = await processImage(file);
    if (!outcome.ok) throw new Error(outcome.error.message);
  });
  const magickFiles = files.slice(0, Math.max(concurrency * 2, Math.ceil(files.length / 3)));
  const magick = await timed('ImageMagick convert', magickFiles, async (file, i) => {
    await run('/usr/bin/convert', [
      file,
      '-auto-orient',
      '-resize',
      '648x648^',
      '-gravity',
      'center',
      '-extent',
      '648x648',
      '-strip',
      '-quality',
      '88',
      path.join(dir, `magick-${i}.jpg`),
    ]);
  });
  console.log(`pipeline / baseline = ${(pipeline / baseline).toFixed(2)}x (target >= 0.7x)`);
  console.log(`pipeline / ImageMagick = ${(pipeline / magick).toFixed(1)}x (target >= 5x)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
