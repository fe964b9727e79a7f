import { mkdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageErrorCode } from '../../../shared/domain';
import { openSource } from './open-source';
import { processImage } from './process-image';
import {
  bombPng,
  heifEnc,
  makeTempDir,
  photoJpeg,
  pngWithDeclaredSize,
  quadrants,
  rawToSharp,
  writeFixture,
  HAVE_HEIF_ENC,
  HAVE_IMAGEMAGICK,
} from '../../../../test/support/image-fixtures';
import { LIMITS } from './thresholds';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

async function expectError(input: string | Buffer, code: ImageErrorCode, options = {}): Promise<string> {
  const outcome = await processImage(input, options);
  if (outcome.ok) throw new Error(`expected ${code}, got success`);
  expect(outcome.error.code, outcome.error.message).toBe(code);
  expect(outcome.error.message.length).toBeGreaterThan(10);
  return outcome.error.message;
}

describe('empty-file', () => {
  it('for a zero-byte file and an empty buffer', async () => {
    await expectError(await writeFixture(dir, 'empty.jpg', Buffer.alloc(0)), 'empty-file');
    await expectError(Buffer.alloc(0), 'empty-file');
  });
});

describe('corrupt-image', () => {
  it('for a truncated JPEG', async () => {
    const jpeg = await photoJpeg(400, 300);
    await expectError(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'corrupt-image');
  });
  it('for a truncated PNG', async () => {
    const png = await rawToSharp(quadrants(300, 300)).png().toBuffer();
    await expectError(png.subarray(0, Math.floor(png.length * 0.6)), 'corrupt-image');
  });
  it('for garbage behind a JPEG signature', async () => {
    const garbage = Buffer.alloc(5000, 0x5a);
    garbage.set([0xff, 0xd8, 0xff, 0xe0]);
    await expectError(garbage, 'corrupt-image');
  });
  it.skipIf(!HAVE_HEIF_ENC)('for a truncated HEIC', async () => {
    const png = await writeFixture(dir, 'h.png', await rawToSharp(quadrants(200, 200)).png().toBuffer());
    const heic = await sharp(await heifEnc(png, path.join(dir, 'h.heic')))
      .metadata()
      .then(() => path.join(dir, 'h.heic'));
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(heic);
    await expectError(bytes.subarray(0, Math.floor(bytes.length * 0.7)), 'corrupt-image');
  });
  it('for a BMP whose pixel data is cut short', async () => {
    const { writeBmp24 } = await import('../../../../test/support/image-fixtures');
    const bmp = writeBmp24(quadrants(200, 200));
    await expectError(bmp.subarray(0, 1000), 'corrupt-image');
  });
});

describe('image-too-large', () => {
  it('for a real 30000 x 30000 PNG (decompression bomb), refused from the header', async () => {
    const bomb = bombPng(30000, 30000);
    expect(bomb.length).toBeLessThan(2_000_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({
      width: 30000,
      height: 30000,
    });
    const message = await expectError(bomb, 'image-too-large');
    expect(message).toMatch(/30000 x 30000/);
  });
  it('for a small PNG whose header declares 100000 x 100000', async () => {
    await expectError(await pngWithDeclaredSize(100000, 100000), 'image-too-large');
  });
  it('accepts an image just under the pixel limit header check', async () => {
    // 10000 x 9999 = 99.99 MP passes the header check (the 8x8 data behind it is then corrupt, not too large).
    await expectError(await pngWithDeclaredSize(10000, 9999), 'corrupt-image');
    await expectError(await pngWithDeclaredSize(10000, 10001), 'image-too-large');
  });
  it('for a file over the size cap, before reading it', async () => {
    const file = path.join(dir, 'huge.jpg');
    await writeFile(file, Buffer.from([0xff, 0xd8, 0xff]));
    await truncate(file, LIMITS.maxFileBytes + 1); // sparse: nothing is actually written
    const message = await expectError(file, 'image-too-large');
    expect(message).toMatch(/limit/);
    await expect(
      openSource(Buffer.alloc(2000, 1), { signal: new AbortController().signal, maxFileBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'image-too-large',
    });
  });
});

describe('unsupported-format', () => {
  it.each([
    [
      'SVG',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="800" height="800"/></svg>',
      /SVG/,
    ],
    ['PDF', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', /PDF/],
    ['text', 'name,upn\nAda,ada@example.com\n', /not an image/],
  ])('for %s (even named .jpg)', async (_name, content, pattern) => {
    const message = await expectError(
      await writeFixture(dir, `doc-${_name}.jpg`, Buffer.from(content)),
      'unsupported-format',
    );
    expect(message).toMatch(pattern);
  });
  it.skipIf(!HAVE_IMAGEMAGICK)('for an RLE-compressed BMP', async () => {
    const { imagemagick } = await import('../../../../test/support/image-fixtures');
    const png = await writeFixture(dir, 'rle.png', await rawToSharp(quadrants(120, 120)).png().toBuffer());
    await imagemagick([png, '-type', 'Palette', '-compress', 'RLE', 'BMP3:' + path.join(dir, 'rle.bmp')]);
    await expectError(path.join(dir, 'rle.bmp'), 'unsupported-format');
  });
});

describe('too-small', () => {
  it('under 96 px on a side is refused; 96 px is accepted (upscaled, with a warning)', async () => {
    await expectError(await rawToSharp(quadrants(95, 300)).png().toBuffer(), 'too-small');
    const ok = await processImage(await rawToSharp(quadrants(96, 300)).png().toBuffer());
    expect(ok.ok && ok.warnings.map((w) => w.code)).toContain('low-resolution');
  });
  it('a crop rectangle under 96 source px is refused', async () => {
    await expectError(await rawToSharp(quadrants(400, 400)).png().toBuffer(), 'too-small', {
      crop: 'rect',
      rect: { left: 0, top: 0, width: 0.2, height: 0.2 },
    });
  });
});

describe('timeout', () => {
  it('stops waiting for a slow image and reports timeout', async () => {
    const big = await photoJpeg(3000, 2000, 9);
    await expectError(big, 'timeout', { timeoutMs: 1 });
  });
  it.skipIf(!HAVE_HEIF_ENC)('terminates a HEIC decode that runs over', async () => {
    const png = await writeFixture(dir, 'slow.png', await rawToSharp(quadrants(600, 600)).png().toBuffer());
    await heifEnc(png, path.join(dir, 'slow.heic'));
    await expectError(path.join(dir, 'slow.heic'), 'timeout', { timeoutMs: 5 });
  });
});

describe('read-error', () => {
  it('for a missing file and a folder', async () => {
    expect(await expectError(path.join(dir, 'nope.jpg'), 'read-error')).toMatch(/does not exist/);
    await mkdir(path.join(dir, 'folder.jpg'));
    await expectError(path.join(dir, 'folder.jpg'), 'read-error');
  });
});

it('keeps going: a batch with bad files still processes the good ones', async () => {
  const inputs = [
    Buffer.alloc(0),
    await photoJpeg(400, 400),
    Buffer.from('hello'),
    await photoJpeg(500, 500, 2),
  ];
  const outcomes = await Promise.all(inputs.map((input) => processImage(input)));
  expect(outcomes.map((o) => o.ok)).toEqual([false, true, false, true]);
});
