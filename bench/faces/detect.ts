/**
 * Face detection time per photo on the face-api demo group photos (1920 px JPEGs, 3-5 faces each) and on 2:3
 * portraits cut from them: detection alone (BlazeFace in its worker: letterbox, model, decode) and decode <= 640 px
 * plus detection. One worker = one thread. Prints p50/p95 in ms over every photo and round, the CPU time per photo (steadier
 * than wall time when other work shares the machine), and the faces found.
 * Run: npx tsx bench/faces/detect.ts [rounds]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceDetector, decodeForDetection } from '../../src/main/core/faces/face-detector';

const rounds = Number(process.argv[2] ?? 10);
const demo = path.resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number): string => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const photos: Array<{ name: string; bytes: Buffer }> = [];
  for (let i = 1; i <= 6; i++)
    photos.push({ name: `sample${i}`, bytes: await readFile(path.join(demo, `sample${i}.jpg`)) });
  const s3 = photos[2]!.bytes;
  photos.push({
    name: 'portrait',
    bytes: await sharp(s3).extract({ left: 460, top: 160, width: 480, height: 720 }).jpeg().toBuffer(),
  });
  // A camera-sized portrait (3000 x 4500): shrink-on-load keeps its decode cheap.
  photos.push({
    name: 'portrait-13mp',
    bytes: await sharp(s3)
      .extract({ left: 460, top: 160, width: 480, height: 720 })
      .resize(3000)
      .jpeg({ quality: 90 })
      .toBuffer(),
  });

  const detector = createFaceDetector();
  const started = performance.now();
  const info = await detector.info();
  const startup = performance.now() - started;
  const detectOnly: number[] = [];
  const withDecode: number[] = [];
  const decodeOnly: number[] = [];
  const found: Record<string, number> = {};
  // CPU time (all threads of this process) spent while waiting for detections: on a machine shared with other
  // work, wall time measures the contention; CPU time measures the detector.
  let detectCpu = 0;
  let decodeCpu = 0;
  // One warm-up pass (the first model run allocates its buffers).
  for (const photo of photos) await detector.detect(await decodeForDetection(sharp(photo.bytes)));
  for (let r = 0; r < rounds; r++) {
    for (const photo of photos) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const pixels = await decodeForDetection(sharp(photo.bytes));
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const faces = await detector.detect(pixels);
      const t2 = performance.now();
      const c2 = process.cpuUsage(c1);
      decodeCpu += (c1.user - c0.user + c1.system - c0.system) / 1000;
      detectCpu += (c2.user + c2.system) / 1000;
      decodeOnly.push(t1 - t0);
      detectOnly.push(t2 - t1);
      withDecode.push(t2 - t0);
      found[photo.name] = faces.length;
    }
  }
  await detector.close();
  const line = (label: string, values: number[]): string =>
    `${label.padEnd(26)} p50 ${ms(percentile(values, 50)).padStart(9)}  p95 ${ms(percentile(values, 95)).padStart(9)}`;
  console.log(
    `backend ${info.backend}, SIMD ${info.simd}, threads ${info.threads}; worker + model start ${ms(startup)}`,
  );
  console.log(`${photos.length} photos x ${rounds} rounds`);
  console.log(line('detect (worker)', detectOnly));
  console.log(line('decode <= 640 px', decodeOnly));
  console.log(line('decode + detect', withDecode));
  const n = rounds * photos.length;
  console.log(
    `CPU per photo (this process): detect ${ms(detectCpu / n)}, decode <= 640 px ${ms(decodeCpu / n)}`,
  );
  console.log(
    `faces found: ${Object.entries(found)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

await main();
