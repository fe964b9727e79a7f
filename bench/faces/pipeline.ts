/**
 * What face detection costs a run: processImage throughput (photos/s) with crop 'center' against the same with
 * detection first ("processImage + detect on a 640 decode", timed here until processImage takes crop 'face'),
 * sequentially and at the run engine's concurrency of 2. Photos: the face-api demo group photos (1920 px) and
 * camera-sized portraits cut from them (3000 x 4500). Run: npx tsx bench/faces/pipeline.ts [photos] [rounds]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceDetector, decodeForDetection } from '../../src/main/core/faces/face-detector';
import { processImage } from '../../src/main/core/imaging/process-image';
import { mapConcurrent } from '../../src/main/core/util/concurrency';

const count = Number(process.argv[2] ?? 24);
const rounds = Number(process.argv[3] ?? 2);
const demo = path.resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');

async function main(): Promise<void> {
  const distinct: Buffer[] = [];
  for (let i = 1; i <= 6; i++) {
    const bytes = await readFile(path.join(demo, `sample${i}.jpg`));
    distinct.push(bytes);
    const meta = await sharp(bytes).metadata();
    const w = Math.round(meta.height / 1.5 / 1.5);
    distinct.push(
      await sharp(bytes)
        .extract({ left: Math.round((meta.width - w) / 2), top: 0, width: w, height: Math.round(w * 1.5) })
        .resize(3000)
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  const photos = Array.from({ length: count }, (_, i) => distinct[i % distinct.length]!);
  const detector = createFaceDetector();
  await detector.info();
  await detector.detect(await decodeForDetection(sharp(photos[0])));

  const plain = async (bytes: Buffer): Promise<void> => {
    const outcome = await processImage(bytes, { crop: 'center' });
    if (!outcome.ok) throw new Error(outcome.error.message);
  };
  const withFaces = async (bytes: Buffer): Promise<void> => {
    await detector.detect(await decodeForDetection(sharp(bytes)));
    await plain(bytes);
  };
  /** Best photos/s over the rounds, and CPU ms per photo (all threads: on a shared machine, the steadier figure). */
  const time = async (
    work: (b: Buffer) => Promise<void>,
    concurrency: number,
  ): Promise<{ rate: number; cpu: number }> => {
    let best = Infinity;
    let cpu = Infinity;
    for (let r = 0; r < rounds; r++) {
      const c = process.cpuUsage();
      const t = performance.now();
      await mapConcurrent(photos, concurrency, work);
      best = Math.min(best, performance.now() - t);
      const used = process.cpuUsage(c);
      cpu = Math.min(cpu, (used.user + used.system) / 1000 / count);
    }
    return { rate: (count / best) * 1000, cpu };
  };
  console.log(
    `${count} photos (6 group shots 1920 px, 6 portraits 3000 x 4500, repeated), best of ${rounds}`,
  );
  for (const concurrency of [1, 2]) {
    const a = await time(plain, concurrency);
    const b = await time(withFaces, concurrency);
    console.log(
      `concurrency ${concurrency}: center ${a.rate.toFixed(1)} photos/s (CPU ${a.cpu.toFixed(0)} ms/photo), ` +
        `with detection ${b.rate.toFixed(1)} photos/s (CPU ${b.cpu.toFixed(0)} ms/photo); ` +
        `loss ${((1 - b.rate / a.rate) * 100).toFixed(0)}% by wall time, ${((1 - a.cpu / b.cpu) * 100).toFixed(0)}% by CPU`,
    );
  }
  await detector.close();
}

await main();
