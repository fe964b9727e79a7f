/**
 * The benches' photos: the six face-api demo group shots (1920 px JPEGs, 3-5 faces) and, for each, a 2:3
 * head-and-shoulders portrait cut around its largest face, as cut (500-670 px wide) and upscaled to 3000 x 4500 as a
 * camera would deliver it. The cut is placed from a 640 px detection, so the portraits are the same on every run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceDetector, decodeForDetection } from '../../src/main/core/faces/face-detector';

export interface BenchPhoto {
  name: string;
  kind: 'group' | 'portrait' | 'camera portrait';
  bytes: Buffer;
}

export const demoFolder = path.resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');

export async function benchPhotos(): Promise<BenchPhoto[]> {
  const photos: BenchPhoto[] = [];
  const detector = createFaceDetector();
  for (let i = 1; i <= 6; i++) {
    const bytes = await readFile(path.join(demoFolder, `sample${i}.jpg`));
    photos.push({ name: `sample${i}`, kind: 'group', bytes });
  }
  for (let i = 1; i <= 6; i++) {
    const faces = await detector.detect(await decodeForDetection(sharp(photos[i - 1]!.bytes)));
    const face = faces[0];
    if (!face) continue;
    const meta = await sharp(photos[i - 1]!.bytes).metadata();
    // A 2:3 head-and-shoulders portrait around the largest face, as far as the group shot allows.
    const cx = (face.box.x + face.box.width / 2) * meta.width;
    const cy = (face.box.y + face.box.height / 2) * meta.height;
    const h = Math.min(meta.height, Math.round(face.box.height * meta.height * 4));
    const w = Math.min(meta.width, Math.round(h / 1.5));
    const left = Math.round(Math.min(Math.max(cx - w / 2, 0), meta.width - w));
    const top = Math.round(Math.min(Math.max(cy - h * 0.4, 0), meta.height - h));
    const cut = sharp(photos[i - 1]!.bytes).extract({ left, top, width: w, height: Math.round(w * 1.5) });
    photos.push({
      name: `portrait${i} ${w}px`,
      kind: 'portrait',
      bytes: await cut.clone().jpeg({ quality: 92 }).toBuffer(),
    });
    photos.push({
      name: `portrait${i} 3000px`,
      kind: 'camera portrait',
      bytes: await cut.resize(3000, 4500).jpeg({ quality: 90 }).toBuffer(),
    });
  }
  await detector.close();
  return photos;
}
