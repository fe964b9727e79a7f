import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { CropStrategy } from '../../../shared/domain';
import type { Face } from '../../../shared/faces';
import type { FaceDetector } from '../faces/face-detector';
import { makePreview } from './preview';
import { processImage } from './process-image';
import {
  BLUE,
  GREEN,
  RED,
  YELLOW,
  near,
  photoLike,
  pixelsOf,
  quadrants,
  rawToSharp,
  storeForOrientation,
} from '../../../../test/support/image-fixtures';
import { THRESHOLDS } from './thresholds';

describe('makePreview', () => {
  it('makes a small upright JPEG of the whole picture at 160 and 320 px', async () => {
    const stored = storeForOrientation(quadrants(1200, 800), 6);
    const input = await rawToSharp(stored).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    for (const size of [160, 320]) {
      const preview = await makePreview(input, size);
      if (!preview.ok) throw new Error(preview.error.message);
      expect(preview.mime).toBe('image/jpeg');
      const meta = await sharp(preview.data).metadata();
      expect([meta.width, meta.height]).toEqual([size, Math.round((size * 800) / 1200)]);
      expect(meta.exif).toBeUndefined();
      const at = await pixelsOf(preview.data);
      expect(
        [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)].map((c, i) =>
          near(c, [RED, GREEN, BLUE, YELLOW][i]!),
        ),
      ).toEqual([true, true, true, true]);
    }
  });
  it('does not enlarge small sources', async () => {
    const preview = await makePreview(await rawToSharp(photoLike(120, 100)).png().toBuffer(), 320);
    expect(preview.ok && (await sharp(preview.data).metadata()).width).toBe(120);
  });
  it('refuses bad input with the same error codes as the pipeline', async () => {
    expect(await makePreview(Buffer.alloc(0), 160)).toMatchObject({
      ok: false,
      error: { code: 'empty-file' },
    });
    expect(await makePreview(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 160)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-format' },
    });
  });
});

describe('makePreview checks: the same verdicts as processing the photo', () => {
  const photo = (w: number, h: number, brightness = 1) => rawToSharp(photoLike(w, h, 3, brightness));
  // Each fixture is made by code: sharp, blurred, dark and bright photos, camera-sized and small, in several shapes.
  const fixtures: [string, () => Promise<Buffer>][] = [
    ['sharp 3:4', () => photo(900, 1200).jpeg({ quality: 90 }).toBuffer()],
    ['sharp, camera-sized', () => photo(2400, 3200).jpeg({ quality: 90 }).toBuffer()],
    ['blurred (sigma 3)', () => photo(1000, 1000).blur(3).png().toBuffer()],
    ['blurred (sigma 2), 4:3', () => photo(1200, 900).blur(2).jpeg({ quality: 90 }).toBuffer()],
    ['blurred (sigma 8), camera-sized', () => photo(2400, 3200).blur(8).jpeg({ quality: 90 }).toBuffer()],
    ['slightly soft (sigma 1)', () => photo(1000, 1000).blur(1).png().toBuffer()],
    ['dark (a quarter of the light)', () => photo(700, 900, 0.25).png().toBuffer()],
    ['dim (half the light)', () => photo(700, 900, 0.5).png().toBuffer()],
    ['bright (3x the light)', () => photo(900, 700, 3).png().toBuffer()],
    ['bright-ish (1.6x the light)', () => photo(900, 700, 1.6).png().toBuffer()],
    ['small and dark', () => photo(300, 400, 0.25).png().toBuffer()],
    ['wide 16:9', () => photo(1600, 900).png().toBuffer()],
  ];
  const codes = (issues: { code: string }[]) => issues.map((i) => i.code).sort();
  const made = new Map<string, Promise<Buffer>>();
  const input = (name: string, make: () => Promise<Buffer>) => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name)!;
  };

  for (const crop of ['attention', 'center', 'contain'] as CropStrategy[]) {
    it(`for every fixture with the ${crop} crop`, async () => {
      const verdicts: Record<string, string[]> = {};
      const expected: Record<string, string[]> = {};
      for (const [name, make] of fixtures) {
        const bytes = await input(name, make);
        const preview = await makePreview(bytes, 320, { checks: { outputSize: 648, crop } });
        if (!preview.ok || !preview.checks) throw new Error(`${name}: no checks`);
        const processed = await processImage(bytes, { crop });
        if (!processed.ok) throw new Error(processed.error.message);
        verdicts[name] = codes(preview.checks.warnings);
        expected[name] = codes(processed.warnings);
      }
      expect(verdicts).toEqual(expected);
      // The fixtures do reach each verdict (the comparison above is not between empty lists).
      const seen = new Set(Object.values(expected).flat());
      for (const code of ['blurry', 'too-dark', 'overexposed']) expect(seen).toContain(code);
    });
  }

  it('for every fixture with the face crop: the same square, face and verdicts', async () => {
    // A fixed face for every picture, so each is framed (and measured) off-centre at the face's scale.
    const face: Face = { box: { x: 0.5, y: 0.3, width: 0.2, height: 0.15 }, score: 0.9, roll: 20 };
    const detector: FaceDetector = { detect: () => Promise.resolve([face]), close: () => Promise.resolve() };
    const verdicts: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const [name, make] of fixtures) {
      const bytes = await input(name, make);
      const preview = await makePreview(bytes, 320, { detector, checks: { outputSize: 648, crop: 'face' } });
      if (!preview.ok || !preview.checks) throw new Error(`${name}: no checks`);
      const processed = await processImage(bytes, { crop: 'face', detector });
      if (!processed.ok) throw new Error(processed.error.message);
      expect(preview.checks.face).toEqual(processed.face);
      expect(preview.checks.faceRect).toEqual(processed.appliedRect);
      verdicts[name] = codes(preview.checks.warnings);
      expected[name] = codes(processed.warnings);
    }
    expect(verdicts).toEqual(expected);
    const seen = new Set(Object.values(expected).flat());
    for (const code of ['blurry', 'too-dark', 'face-tilted', 'small-face']) expect(seen).toContain(code);
  });

  it('finds the same real face as processing (BlazeFace, on a portrait cut from a face-api demo photo)', async () => {
    const demo = path.resolve(import.meta.dirname, '../../../../node_modules/@vladmandic/face-api/demo');
    const portrait = await sharp(path.join(demo, 'sample3.jpg'))
      .extract({ left: 460, top: 160, width: 480, height: 720 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const preview = await makePreview(portrait, 320, { checks: { outputSize: 648, crop: 'face' } });
    if (!preview.ok || !preview.checks) throw new Error('no checks');
    const processed = await processImage(portrait, { crop: 'face' });
    if (!processed.ok) throw new Error(processed.error.message);
    expect(preview.checks.face).not.toBeNull();
    expect(preview.checks.face).toEqual(processed.face);
    expect(preview.checks.faceRect).toEqual(processed.appliedRect);
    expect(codes(preview.checks.warnings)).toEqual(codes(processed.warnings));
  });

  it('other crops do not detect: face and faceRect are null', async () => {
    const detect = vi.fn(() => Promise.resolve([] as Face[]));
    const bytes = await input('sharp 3:4', fixtures[0]![1]);
    const preview = await makePreview(bytes, 320, {
      detector: { detect, close: () => Promise.resolve() },
      checks: { outputSize: 648, crop: 'center' },
    });
    expect(preview.ok && preview.checks).toMatchObject({ face: null, faceRect: null });
    expect(detect).not.toHaveBeenCalled();
  });

  it('agrees near the thresholds too, where a small difference in measuring would flip a verdict', async () => {
    const cases: [string, () => Promise<Buffer>][] = [
      ...[1.5, 1.6, 1.7, 1.8, 2].map((sigma): [string, () => Promise<Buffer>] => [
        `blur ${sigma}`,
        () => photo(1000, 1000).blur(sigma).png().toBuffer(),
      ]),
      ...[0.26, 0.28, 0.3, 0.32, 2.4, 2.5, 2.6, 2.7].map((light): [string, () => Promise<Buffer>] => [
        `light ${light}`,
        () => photo(800, 800, light).png().toBuffer(),
      ]),
    ];
    const verdicts: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const [name, make] of cases) {
      const input = await make();
      const preview = await makePreview(input, 320, { checks: { outputSize: 648, crop: 'attention' } });
      const processed = await processImage(input, { crop: 'attention' });
      if (!preview.ok || !preview.checks || !processed.ok) throw new Error(`${name}: failed`);
      verdicts[name] = codes(preview.checks.warnings);
      expected[name] = codes(processed.warnings);
    }
    expect(verdicts).toEqual(expected);
    // The sweeps straddle each threshold: some cases warn and some do not.
    const flagged = (prefix: string) =>
      cases.filter(([n]) => n.startsWith(prefix) && expected[n]!.length > 0);
    expect(flagged('blur').length).toBeGreaterThan(0);
    expect(flagged('blur').length).toBeLessThan(5);
    expect(flagged('light').length).toBeGreaterThan(0);
    expect(flagged('light').length).toBeLessThan(8);
  });

  it('reads a blurred photo as blurry only at the output scale, not at thumbnail scale', async () => {
    const input = await photo(1000, 1000).blur(3).png().toBuffer();
    const preview = await makePreview(input, 320, { checks: { outputSize: 648, crop: 'center' } });
    if (!preview.ok || !preview.checks?.measurements) throw new Error('no measurements');
    expect(preview.checks.measurements.sharpness).toBeLessThan(THRESHOLDS.minSharpness);
    const { measure } = await import('./quality-checks');
    const thumb = await sharp(preview.data).raw().toBuffer({ resolveWithObject: true });
    const atThumb = measure(thumb.data, thumb.info.width, thumb.info.channels, {
      left: 0,
      top: 0,
      width: thumb.info.width,
      height: thumb.info.height,
    });
    // Why the checks do not measure the thumbnail: shrunk to 320 px the same photo reads as sharp.
    expect(atThumb.sharpness).toBeGreaterThan(THRESHOLDS.minSharpness);
  });

  it('refuses a too-small photo, and keeps header facts (size, frames) for every format', async () => {
    const tiny = await makePreview(await photo(80, 120).png().toBuffer(), 320, {
      checks: { outputSize: 648, crop: 'attention' },
    });
    expect(tiny.ok && tiny.checks).toMatchObject({
      error: { code: 'too-small' },
      warnings: [],
      measurements: null,
    });
    const small = await makePreview(await photo(300, 400).png().toBuffer(), 320, {
      checks: { outputSize: 648, crop: 'attention' },
    });
    expect(small.ok && small.checks?.warnings.map((w) => w.code)).toEqual(['low-resolution']);
    expect(small.ok && small.source).toMatchObject({ format: 'png', width: 300, height: 400, pages: 1 });
    expect(small.ok && [small.width, small.height]).toEqual([240, 320]);
  });

  it('stays within the pixel budget for a very long picture', async () => {
    const input = await photo(9000, 300).png().toBuffer();
    const preview = await makePreview(input, 320, { checks: { outputSize: 648, crop: 'center' } });
    expect(preview.ok && preview.checks?.warnings.map((w) => w.code)).toEqual([
      'low-resolution',
      'heavy-crop',
    ]);
    expect(preview.ok && [preview.width, preview.height]).toEqual([320, 11]);
  });
});
