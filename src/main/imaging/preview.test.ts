import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makePreview } from './preview';
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
} from './test-fixtures';

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
