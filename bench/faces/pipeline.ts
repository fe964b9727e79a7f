/**
 * What face detection costs a run, timed on processImage itself: crop 'center' against crop 'face' with a cold
 * face cache (every photo decoded for detection and detected) and with a warm one (the app's flow: the import's
 * checks detected, the run reuses the faces), one photo at a time and two at a time (the run engine's default on
 * two cores). Also the import's previews with the checks for crop 'center' against crop 'face', cold and warm (the
 * warm figure is the face square's own cost, without detection).
 * Photos (bench/faces/photos.ts): the six face-api demo group shots (1920 px), six portraits cut from them and the
 * same upscaled to 3000 x 4500, written as files (paths, as the app passes them; each copy has its own path, so a
 * cold round never hits the cache). CPU time is process.cpuUsage(): every thread, the face worker's included.
 * Run: npx tsx bench/faces/pipeline.ts [photos] [rounds]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sharedFaceCache } from '../../src/main/core/faces/face-cache';
import { sharedFaceDetector } from '../../src/main/core/faces/face-detector';
import { makePreview } from '../../src/main/core/imaging/preview';
import { processImage } from '../../src/main/core/imaging/process-image';
import { mapConcurrent } from '../../src/main/core/util/concurrency';
import { benchPhotos } from './photos';

const count = Number(process.argv[2] ?? 36);
const rounds = Number(process.argv[3] ?? 3);

interface Timing {
  /** Best and worst photos/s over the rounds. */
  rate: [number, number];
  /** Lowest and highest CPU ms per photo over the rounds. */
  cpu: [number, number];
}

interface Mode {
  name: string;
  work: (file: string) => Promise<void>;
  /** Untimed, before each round. */
  before?: () => Promise<void> | void;
}

/** Every mode once per round, in turn, so a load change on the shared machine hits them alike. */
async function time(files: string[], concurrency: number, modes: Mode[]): Promise<Timing[]> {
  const rates = modes.map((): number[] => []);
  const cpus = modes.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const [m, mode] of modes.entries()) {
      await mode.before?.();
      const c = process.cpuUsage();
      const t = performance.now();
      await mapConcurrent(files, concurrency, mode.work);
      rates[m]!.push((files.length / (performance.now() - t)) * 1000);
      const used = process.cpuUsage(c);
      cpus[m]!.push((used.user + used.system) / 1000 / files.length);
    }
  }
  return modes.map((_, m) => ({
    rate: [Math.max(...rates[m]!), Math.min(...rates[m]!)],
    cpu: [Math.min(...cpus[m]!), Math.max(...cpus[m]!)],
  }));
}

const show = (t: Timing): string =>
  `${t.rate[0].toFixed(1)} photos/s (worst ${t.rate[1].toFixed(1)}), CPU ${t.cpu[0].toFixed(0)} ms/photo (${t.cpu[0].toFixed(0)}-${t.cpu[1].toFixed(0)})`;
/** The loss of `b` against `a`, by best rate and by lowest CPU. */
const loss = (a: Timing, b: Timing): string =>
  `${((1 - b.rate[0] / a.rate[0]) * 100).toFixed(0)}% by wall time, ${((1 - a.cpu[0] / b.cpu[0]) * 100).toFixed(0)}% by CPU`;

async function main(): Promise<void> {
  const photos = await benchPhotos();
  const dir = await mkdtemp(path.join(tmpdir(), 'headshot-face-bench-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      const photo = photos[i % photos.length]!;
      const file = path.join(dir, `${String(i).padStart(3, '0')} ${photo.name}.jpg`);
      await writeFile(file, photo.bytes);
      files.push(file);
    }
    const cache = sharedFaceCache();
    await sharedFaceDetector().info();
    const process_ = (crop: 'center' | 'face') => async (file: string) => {
      const outcome = await processImage(file, { crop });
      if (!outcome.ok) throw new Error(`${file}: ${outcome.error.message}`);
    };
    const preview = (crop: 'center' | 'face') => async (file: string) => {
      const result = await makePreview(file, 320, { checks: { outputSize: 648, crop } });
      if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
    };
    // Warm-up: sharp, the worker and the model, untimed.
    await mapConcurrent(files.slice(0, 4), 2, process_('face'));

    console.log(
      `${count} photos (${photos.length} distinct: 6 group shots 1920 px, 6 portraits 500-670 px, the same at 3000 x 4500), ` +
        `${rounds} rounds; load average at start ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const center: Mode = { name: 'crop center', work: process_('center') };
    const cold: Mode = { name: 'crop face, cold cache', work: process_('face'), before: () => cache.clear() };
    // The app's flow: the import's checks filled the cache (untimed), the run reuses it.
    const warm: Mode = {
      name: 'crop face, warm cache',
      work: process_('face'),
      before: async () => {
        cache.clear();
        await mapConcurrent(files, 2, preview('face'));
      },
    };
    for (const concurrency of [1, 2]) {
      const [a, b, c] = await time(files, concurrency, [center, cold, warm]);
      console.log(`processImage, concurrency ${concurrency}:`);
      console.log(`  ${center.name.padEnd(22)} ${show(a!)}`);
      console.log(`  ${cold.name.padEnd(22)} ${show(b!)}; loss ${loss(a!, b!)}`);
      console.log(`  ${warm.name.padEnd(22)} ${show(c!)}; loss ${loss(a!, c!)}`);
    }
    const [pa, pb, pc] = await time(files, 2, [
      { name: 'crop center', work: preview('center') },
      { name: 'crop face', work: preview('face'), before: () => cache.clear() },
      // Right after the cold mode, in the same round: detection skipped, what is left is the face square's own cost.
      { name: 'crop face, warm cache', work: preview('face') },
    ]);
    console.log(`import previews with checks (320 px thumbnail), concurrency 2:`);
    console.log(`  ${'crop center'.padEnd(22)} ${show(pa!)}`);
    console.log(`  ${'crop face, cold cache'.padEnd(22)} ${show(pb!)}; loss ${loss(pa!, pb!)}`);
    console.log(`  ${'crop face, warm cache'.padEnd(22)} ${show(pc!)}; loss ${loss(pa!, pc!)}`);
    console.log(
      `load average at end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await sharedFaceDetector().close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
