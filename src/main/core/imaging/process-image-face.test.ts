/**
 * The 'face' crop through the whole pipeline: a fake detector that "finds" the blue patch in the pixels it is
 * given (so the probe decode, orientation and the box's normalisation are all exercised), then the real BlazeFace
 * detector on a real portrait.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Face } from '../../../shared/faces';
import { createFaceDetector, type FaceDetector, type FacePixels } from '../faces/face-detector';
import { frameFace } from '../faces/face-framing';
import { processImage, type ProcessOutcome } from './process-image';
import {
  BLUE,
  near,
  pixelsOf,
  rawToSharp,
  storeForOrientation,
  type RawRgb,
} from '../../../../test/support/image-fixtures';

function ok(outcome: ProcessOutcome): Extract<ProcessOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome;
}

/** Finds the bounding box of the blue pixels, as a detector would a face; records what it was given. */
function blueBlobDetector(extra: Partial<Face> = {}) {
  const seen: { width: number; height: number; channels: number }[] = [];
  const detector: FaceDetector = {
    detect(pixels: FacePixels) {
      seen.push({ width: pixels.width, height: pixels.height, channels: pixels.channels });
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -1;
      let y1 = -1;
      for (let y = 0; y < pixels.height; y++) {
        for (let x = 0; x < pixels.width; x++) {
          const i = (y * pixels.width + x) * pixels.channels;
          const [r, g, b] = [pixels.data[i]!, pixels.data[i + 1]!, pixels.data[i + 2]!];
          if (b > 150 && r < 90 && g < 90) {
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
          }
        }
      }
      if (x1 < 0) return Promise.resolve([]);
      const box = {
        x: x0 / pixels.width,
        y: y0 / pixels.height,
        width: (x1 + 1 - x0) / pixels.width,
        height: (y1 + 1 - y0) / pixels.height,
      };
      return Promise.resolve([{ box, score: 0.95, ...extra }]);
    },
    close: () => Promise.resolve(),
  };
  return { detector, seen };
}

/** Grey picture with a blue "face" at the given pixel box. */
function pictureWithFace(
  width: number,
  height: number,
  face: { x: number; y: number; size: number },
): RawRgb {
  const data = Buffer.alloc(width * height * 3, 150);
  for (let y = face.y; y < face.y + face.size; y++)
    for (let x = face.x; x < face.x + face.size; x++) data.set(BLUE, (y * width + x) * 3);
  return { data, width, height };
}

const png = (raw: RawRgb) => rawToSharp(raw).png().toBuffer();

describe("crop 'face' with a fake detector", () => {
  // 1200 x 800, face box 120 px at (700, 300): face 180 px tall, square 360 px at tightness 0.5.
  const raw = pictureWithFace(1200, 800, { x: 700, y: 300, size: 120 });

  it('is the default: detects on a <= 640 px probe, frames the face, cuts that square', async () => {
    const { detector, seen } = blueBlobDetector();
    const result = ok(await processImage(await png(raw), { size: 256, detector }));
    expect(seen).toEqual([{ width: 640, height: 427, channels: 3 }]);
    expect(result.face).not.toBeNull();
    const expected = frameFace({ width: 1200, height: 800 }, result.face!, { tightness: 0.5 });
    expect(result.appliedRect.left).toBeCloseTo(expected.rect.left, 6);
    expect(result.appliedRect.width).toBeCloseTo(0.3, 2);
    expect(result.appliedRect.left * 1200).toBeCloseTo(580, -1);
    expect(result.appliedRect.top * 800).toBeCloseTo(192, -1);
    const at = await pixelsOf(result.jpeg);
    // The face is centred and just below the middle (eye line at 40%).
    expect(near(at(0.5, 0.45), BLUE)).toBe(true);
    expect(near(at(0.1, 0.5), BLUE)).toBe(false);
    expect(near(at(0.5, 0.1), BLUE)).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('frames the upright picture: the box is normalised after the EXIF orientation', async () => {
    const { detector } = blueBlobDetector();
    const stored = storeForOrientation(raw, 6);
    const jpeg = await rawToSharp(stored).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const result = ok(await processImage(jpeg, { size: 256, detector }));
    expect(result.face!.box.x).toBeCloseTo(700 / 1200, 2);
    expect(result.face!.box.y).toBeCloseTo(300 / 800, 2);
    expect(near((await pixelsOf(result.jpeg))(0.5, 0.45), BLUE)).toBe(true);
  });

  it('the tightness setting changes the square', async () => {
    const { detector } = blueBlobDetector();
    const loose = ok(
      await processImage(await png(raw), { size: 256, detector, framing: { tightness: 0.3 } }),
    );
    expect(loose.appliedRect.height * 800).toBeCloseTo(600, -1);
  });

  it('warns small-face (not low-resolution too) when the square has fewer pixels than the output', async () => {
    const { detector } = blueBlobDetector();
    const result = ok(await processImage(await png(raw), { detector }));
    const codes = result.warnings.map((w) => w.code);
    expect(codes).toContain('small-face');
    expect(codes).not.toContain('low-resolution');
  });

  it('warns about a tilted face, and not heavy-crop for a crop framed around the face', async () => {
    const tilted = blueBlobDetector({ roll: 25 });
    const result = ok(await processImage(await png(raw), { size: 256, detector: tilted.detector }));
    expect(result.warnings.map((w) => w.code)).toEqual(['face-tilted']);
  });

  it('without a face: the centre square and no-face', async () => {
    const { detector } = blueBlobDetector();
    const result = ok(
      await processImage(await png(pictureWithFace(1200, 800, { x: 0, y: 0, size: 0 })), {
        size: 256,
        detector,
      }),
    );
    expect(result.face).toBeNull();
    expect(result.appliedRect.left).toBeCloseTo(200 / 1200, 6);
    expect(result.appliedRect.width).toBeCloseTo(800 / 1200, 6);
    expect(result.warnings.map((w) => w.code)).toContain('no-face');
  });

  it('a detector failure is not the photo’s fault: centre crop, and the warning says why', async () => {
    const broken: FaceDetector = {
      detect: () => Promise.reject(new Error('the model file is missing')),
      close: () => Promise.resolve(),
    };
    const result = ok(await processImage(await png(raw), { size: 256, detector: broken }));
    expect(result.face).toBeNull();
    expect(result.warnings).toEqual([
      { code: 'no-face', message: expect.stringContaining('the model file is missing') as string },
    ]);
  });

  it('a cancel during detection rejects with the reason', async () => {
    const controller = new AbortController();
    const stuck: FaceDetector = {
      detect: (_pixels, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
          controller.abort(new Error('user cancelled'));
        }),
      close: () => Promise.resolve(),
    };
    await expect(
      processImage(await png(raw), { detector: stuck, signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
  });
});

describe('appliedRect for the other crops', () => {
  it('center, contain and attention report the square they cut', async () => {
    // Grey with a blue patch at the right end: attention moves there.
    const wide = await png(pictureWithFace(400, 100, { x: 300, y: 0, size: 100 }));
    const center = ok(await processImage(wide, { size: 96, crop: 'center' }));
    expect(center.appliedRect).toEqual({ left: 0.375, top: 0, width: 0.25, height: 1 });
    expect(center.face).toBeNull();
    const contain = ok(await processImage(wide, { size: 96, crop: 'contain' }));
    expect(contain.appliedRect).toEqual({ left: 0, top: 0, width: 1, height: 1 });
    const attention = ok(await processImage(wide, { size: 96, crop: 'attention' }));
    expect(attention.appliedRect.left).toBeGreaterThan(0.5);
    expect(attention.appliedRect.width).toBeCloseTo(0.25, 6);
  });
});

describe("crop 'face' with the real detector", () => {
  const detector = createFaceDetector();
  afterAll(() => detector.close());
  const demo = path.resolve(import.meta.dirname, '../../../../node_modules/@vladmandic/face-api/demo');

  it('frames the woman of a 2:3 portrait (cut from face-api demo sample 3): her face in the square, not cut', async () => {
    // 480 x 720; her face, by eye: brow to chin y 230..440, ear to ear x 130..340.
    const portrait = await sharp(path.join(demo, 'sample3.jpg'))
      .extract({ left: 460, top: 160, width: 480, height: 720 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const result = ok(await processImage(portrait, { size: 256, detector }));
    expect(result.face).not.toBeNull();
    const { box } = result.face!;
    expect(box.x + box.width / 2).toBeCloseTo(235 / 480, 1);
    const r = result.appliedRect;
    // The face box lies inside the applied square.
    expect(r.left).toBeLessThanOrEqual(box.x);
    expect(r.top).toBeLessThanOrEqual(box.y);
    expect(r.left + r.width).toBeGreaterThanOrEqual(box.x + box.width);
    expect(r.top + r.height).toBeGreaterThanOrEqual(box.y + box.height);
    const codes = result.warnings.map((w) => w.code);
    expect(codes).not.toContain('no-face');
    expect(codes).not.toContain('face-cut');
  });
});
