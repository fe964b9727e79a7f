/**
 * Which decode size detection needs: BlazeFace sees 256 x 256 whatever it is given, so a larger decode only changes
 * how the picture is resampled. For each long side (256, 320, 448, 640), on the face-api demo group shots (1920 px)
 * and 2:3 portraits cut from them (as cut, and upscaled to 3000 x 4500 like a camera photo), the bench prints the
 * faces found, the largest box's deviation from the 640 px result (in fractions of the box's height) and the
 * decode + detection time (p50 of decode, of detection, and CPU per photo).
 * Run: npx tsx bench/faces/decode-size.ts [rounds]
 */
import sharp from 'sharp';
import type { Face } from '../../src/shared/faces';
import { createFaceDetector, decodeForDetection } from '../../src/main/core/faces/face-detector';
import { benchPhotos } from './photos';

const rounds = Number(process.argv[2] ?? 5);
const sides = [256, 320, 448, 640];

const p50 = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

function deviation(a: Face, b: Face): number {
  const d = Math.max(
    Math.abs(a.box.x - b.box.x),
    Math.abs(a.box.y - b.box.y),
    Math.abs(a.box.x + a.box.width - b.box.x - b.box.width),
    Math.abs(a.box.y + a.box.height - b.box.y - b.box.height),
  );
  return d / b.box.height;
}

async function main(): Promise<void> {
  const photos = await benchPhotos();
  const detector = createFaceDetector();
  await detector.info();
  const reference = new Map<string, Face[]>();
  for (const side of [...sides].reverse()) {
    const decodeMs: number[] = [];
    const detectMs: number[] = [];
    let cpu = Infinity;
    const found: string[] = [];
    const changed: string[] = [];
    let worst = 0;
    for (let r = 0; r < rounds; r++) {
      const c = process.cpuUsage();
      for (const photo of photos) {
        let t = performance.now();
        const pixels = await decodeForDetection(sharp(photo.bytes), side);
        decodeMs.push(performance.now() - t);
        t = performance.now();
        const faces = await detector.detect(pixels);
        detectMs.push(performance.now() - t);
        if (r > 0) continue;
        found.push(String(faces.length));
        if (side === 640) reference.set(photo.name, faces);
        const ref = reference.get(photo.name)!;
        if (faces.length !== ref.length) changed.push(`${photo.name} ${ref.length} -> ${faces.length}`);
        if (photo.kind !== 'group' && faces[0] && ref[0])
          worst = Math.max(worst, deviation(faces[0], ref[0]));
      }
      const used = process.cpuUsage(c);
      cpu = Math.min(cpu, (used.user + used.system) / 1000 / photos.length);
    }
    console.log(
      `${side} px: faces ${found.join(' ')}${changed.length ? ` (vs 640: ${changed.join(', ')})` : ''}; ` +
        `portraits' face box vs 640: at most ${(worst * 100).toFixed(1)}% of its height; ` +
        `decode p50 ${p50(decodeMs).toFixed(1)} ms, detect p50 ${p50(detectMs).toFixed(1)} ms, ` +
        `CPU ${cpu.toFixed(1)} ms/photo (best round)`,
    );
  }
  console.log(`photos: ${photos.map((p) => p.name).join(', ')}`);
  await detector.close();
}

await main();
