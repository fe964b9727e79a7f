import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage, type ProcessOutcome } from './process-image';
import {
  BLUE,
  GREEN,
  RED,
  YELLOW,
  heifEnc,
  imagemagick,
  jpegMarkers,
  makeTempDir,
  near,
  photoJpeg,
  photoLike,
  pixelsOf,
  quadrants,
  rawToSharp,
  storeForOrientation,
  writeBmp24,
  writeFixture,
  type Rgb,
  HAVE_HEIF_ENC,
  HAVE_IMAGEMAGICK,
} from '../../../../test/support/image-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

function ok(outcome: ProcessOutcome): Extract<ProcessOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome;
}

/** The four quadrant colours of the output, sampled at the centres of the quadrants. */
async function quadrantColours(jpeg: Buffer): Promise<Rgb[]> {
  const at = await pixelsOf(jpeg);
  return [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)];
}

function expectQuadrants(colours: Rgb[]): void {
  const expected = [RED, GREEN, BLUE, YELLOW];
  colours.forEach((colour, i) =>
    expect(near(colour, expected[i] as Rgb), `quadrant ${i}: ${colour.join(',')}`).toBe(true),
  );
}

describe('EXIF orientation', () => {
  // Upright 160x120; each file stores the pixels so that only the correct transform shows them upright.
  const upright = quadrants(160, 120);
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('applies orientation %i', async (orientation) => {
    const stored = storeForOrientation(upright, orientation);
    const jpeg = await rawToSharp(stored).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(orientation);
    const result = ok(await processImage(jpeg, { size: 128 }));
    expect(result.source).toEqual({ format: 'jpeg', width: 160, height: 120 });
    expectQuadrants(await quadrantColours(result.jpeg));
  });

  it.skipIf(!HAVE_HEIF_ENC)(
    'keeps the orientation of a HEIC whose container has only an EXIF orientation (heif-enc)',
    async () => {
      const stored = storeForOrientation(quadrants(160, 120), 6);
      const jpegFile = await writeFixture(
        dir,
        'o6.jpg',
        await rawToSharp(stored).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer(),
      );
      const heic = await heifEnc(jpegFile, path.join(dir, 'o6.heic'));
      const result = ok(await processImage(heic, { size: 128 }));
      expect(result.source).toEqual({ format: 'heic', width: 160, height: 120 });
      expectQuadrants(await quadrantColours(result.jpeg));
    },
  );
});

describe('formats, decided by content', () => {
  const upright = quadrants(200, 200);
  const cases: [string, () => Promise<Buffer>][] = [
    ['png', () => rawToSharp(upright).png().toBuffer()],
    ['webp', () => rawToSharp(upright).webp({ lossless: true }).toBuffer()],
    ['tiff', () => rawToSharp(upright).tiff().toBuffer()],
    ['gif', () => rawToSharp(upright).gif().toBuffer()],
    ['avif', () => rawToSharp(upright).avif({ quality: 90 }).toBuffer()],
    ['jpeg', () => rawToSharp(upright).jpeg({ quality: 95, progressive: true }).toBuffer()],
    ['bmp', () => Promise.resolve(writeBmp24(upright))],
  ];
  it.each(cases)('%s (named .dat: the extension does not matter)', async (format, make) => {
    const file = await writeFixture(dir, `${format}-input.dat`, await make());
    const result = ok(await processImage(file, { size: 128 }));
    expect(result.source.format).toBe(format);
    expectQuadrants(await quadrantColours(result.jpeg));
  });

  it.skipIf(!HAVE_HEIF_ENC)('HEIC from heif-enc', async () => {
    const png = await writeFixture(dir, 'q.png', await rawToSharp(upright).png().toBuffer());
    const heic = await heifEnc(png, path.join(dir, 'q.heic'));
    const result = ok(await processImage(await readFile(heic), { size: 128 }));
    expect(result.source.format).toBe('heic');
    expectQuadrants(await quadrantColours(result.jpeg));
  });

  it.skipIf(!HAVE_IMAGEMAGICK)(
    'BMP written by ImageMagick (32-bit with alpha bit fields and 8-bit palette)',
    async () => {
      const png = await writeFixture(dir, 'q2.png', await rawToSharp(upright).png().toBuffer());
      for (const [name, args] of [
        ['q32.bmp', ['-alpha', 'set', '-define', 'bmp:format=bmp4']],
        ['q8.bmp', ['-type', 'Palette', '-colors', '16']],
      ] as const) {
        await imagemagick([png, ...args, path.join(dir, name)]);
        const result = ok(await processImage(path.join(dir, name), { size: 128 }));
        expect(result.source.format).toBe('bmp');
        expectQuadrants(await quadrantColours(result.jpeg));
      }
    },
  );

  it.skipIf(!HAVE_IMAGEMAGICK)('uses the first frame of an animated GIF and warns', async () => {
    const a = await writeFixture(dir, 'f1.png', await rawToSharp(quadrants(128, 128)).png().toBuffer());
    const b = await writeFixture(
      dir,
      'f2.png',
      await sharp({ create: { width: 128, height: 128, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    await imagemagick(['-delay', '10', a, b, b, path.join(dir, 'anim.gif')]);
    const result = ok(await processImage(path.join(dir, 'anim.gif'), { size: 128 }));
    expectQuadrants(await quadrantColours(result.jpeg));
    expect(result.warnings.map((w) => w.code)).toContain('animated');
    const still = ok(await processImage(a, { size: 128 }));
    expect(still.warnings.map((w) => w.code)).not.toContain('animated');
  });
});

describe('normalisation', () => {
  it('reduces 16-bit PNG to 8-bit with the right colours', async () => {
    const png16 = await rawToSharp(quadrants(200, 200)).toColourspace('rgb16').png().toBuffer();
    const meta = await sharp(png16).metadata();
    expect(meta.depth).toBe('ushort');
    const result = ok(await processImage(png16, { size: 128 }));
    expectQuadrants(await quadrantColours(result.jpeg));
  });

  it('flattens transparency on white', async () => {
    const rgba = Buffer.alloc(200 * 200 * 4);
    for (let i = 0; i < 200 * 200; i++) rgba.set(i % 200 < 100 ? [255, 0, 0, 255] : [0, 0, 0, 0], i * 4);
    const png = await sharp(rgba, { raw: { width: 200, height: 200, channels: 4 } })
      .png()
      .toBuffer();
    const at = await pixelsOf(ok(await processImage(png, { size: 128 })).jpeg);
    expect(near(at(0.25, 0.5), [255, 0, 0], 12)).toBe(true);
    expect(near(at(0.75, 0.5), [255, 255, 255], 6)).toBe(true);
  });

  it.skipIf(!HAVE_IMAGEMAGICK)('converts CMYK to sRGB', async () => {
    const png = await writeFixture(
      dir,
      'cmyk-src.png',
      await rawToSharp(quadrants(200, 200)).png().toBuffer(),
    );
    const cmyk = path.join(dir, 'cmyk.jpg');
    await imagemagick([png, '-colorspace', 'CMYK', '-quality', '95', cmyk]);
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const result = ok(await processImage(cmyk, { size: 128 }));
    const meta = await sharp(result.jpeg).metadata();
    expect([meta.space, meta.channels]).toEqual(['srgb', 3]);
    // CMYK without a profile is converted through a generic press profile, so the exact values move; the hues
    // must not (an inverted or channel-swapped CMYK decode fails this).
    const [red, green, blue, yellow] = (await quadrantColours(result.jpeg)) as [Rgb, Rgb, Rgb, Rgb];
    expect(red[0]).toBeGreaterThan(Math.max(red[1], red[2]) + 60);
    expect(green[1]).toBeGreaterThan(Math.max(green[0], green[2]) + 40);
    expect(blue[2]).toBeGreaterThan(Math.max(blue[0], blue[1]) + 40);
    expect(Math.min(yellow[0], yellow[1])).toBeGreaterThan(yellow[2] + 60);
  });

  it('converts an embedded non-sRGB profile (Display P3) to sRGB and drops it', async () => {
    // withIccProfile('p3') stores the sRGB colour (200,100,100) as P3 values, about (187,105,103).
    const p3 = await sharp({
      create: { width: 200, height: 200, channels: 3, background: { r: 200, g: 100, b: 100 } },
    })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();
    expect(stored[0]).toBeLessThan(192);
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    const result = ok(await processImage(p3, { size: 128 }));
    expect(near((await pixelsOf(result.jpeg))(0.5, 0.5), [200, 100, 100], 4)).toBe(true);
    expect((await sharp(result.jpeg).metadata()).icc).toBeUndefined();
  });

  it('turns grayscale into 3-channel sRGB', async () => {
    const gray = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    expect((await sharp(gray).metadata()).channels).toBe(1);
    const result = ok(await processImage(gray, { size: 128 }));
    const meta = await sharp(result.jpeg).metadata();
    expect(meta.channels).toBe(3);
    expect(meta.space).toBe('srgb');
  });
});

describe('output', () => {
  it('is a baseline JPEG of the requested size with no metadata at all', async () => {
    const input = await rawToSharp(photoLike(800, 600))
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'secret', Artist: 'someone' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      )
      .withIccProfile('p3')
      .toBuffer();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.exif).toBeDefined();
    expect(inMeta.xmp).toBeDefined();
    const result = ok(await processImage(input, { size: 300 }));
    const meta = await sharp(result.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.isProgressive]).toEqual(['jpeg', 300, 300, false]);
    expect(meta.exif ?? meta.xmp ?? meta.iptc ?? meta.icc).toBeUndefined();
    const markers = jpegMarkers(result.jpeg).map((m) => m.marker);
    expect(markers).toContain(0xc0); // SOF0: baseline
    expect(markers.filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe)).toEqual([]); // no APP1..APP15, no COM
    expect(result.jpeg.includes('secret')).toBe(false);
    expect(result.bytes).toBe(result.jpeg.length);
  });

  it('is deterministic: same input and settings give the same bytes and hash', async () => {
    const input = await photoJpeg(1200, 900, 7);
    const a = ok(await processImage(input, { crop: 'attention' }));
    const b = ok(await processImage(input, { crop: 'attention' }));
    expect(a.jpeg.equals(b.jpeg)).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const c = ok(await processImage(input, { crop: 'attention', quality: 80 }));
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('stays under 4 MB even for pure noise at 1024 px and quality 100', async () => {
    const noise = Buffer.alloc(1024 * 1024 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const input = await sharp(noise, { raw: { width: 1024, height: 1024, channels: 3 } })
      .png()
      .toBuffer();
    const result = ok(await processImage(input, { size: 1024, quality: 100 }));
    expect(result.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(result.width).toBe(1024);
  });

  it('uses size 648 and quality 88 by default', async () => {
    const input = await photoJpeg(1000, 1000, 3);
    const byDefault = ok(await processImage(input));
    expect([byDefault.width, byDefault.height]).toEqual([648, 648]);
    expect(byDefault.sha256).toBe(ok(await processImage(input, { size: 648, quality: 88 })).sha256);
  });
});

describe('crop strategies', () => {
  // 300x100: left third red, middle green, right third blue.
  const bands = (): Promise<Buffer> => {
    const data = Buffer.alloc(300 * 100 * 3);
    for (let i = 0; i < 300 * 100; i++) data.set(i % 300 < 100 ? RED : i % 300 < 200 ? GREEN : BLUE, i * 3);
    return sharp(data, { raw: { width: 300, height: 100, channels: 3 } })
      .png()
      .toBuffer();
  };

  it('center keeps the middle square', async () => {
    const at = await pixelsOf(ok(await processImage(await bands(), { size: 96, crop: 'center' })).jpeg);
    for (const fx of [0.1, 0.5, 0.9]) expect(near(at(fx, 0.5), GREEN)).toBe(true);
  });

  it('rect keeps the given normalised rectangle', async () => {
    const result = ok(
      await processImage(await bands(), {
        size: 96,
        crop: 'rect',
        rect: { left: 2 / 3, top: 0, width: 1 / 3, height: 1 },
      }),
    );
    const at = await pixelsOf(result.jpeg);
    for (const fx of [0.1, 0.5, 0.9]) expect(near(at(fx, 0.5), BLUE)).toBe(true);
  });

  it('contain letterboxes on the chosen colour and keeps everything', async () => {
    const result = ok(
      await processImage(await bands(), { size: 96, crop: 'contain', background: '#000000' }),
    );
    const at = await pixelsOf(result.jpeg);
    expect(near(at(0.5, 0.05), [0, 0, 0], 10)).toBe(true);
    expect(near(at(0.1, 0.5), RED)).toBe(true);
    expect(near(at(0.9, 0.5), BLUE)).toBe(true);
    expect(result.warnings.map((w) => w.code)).not.toContain('heavy-crop');
  });

  it('attention crops to the salient region (sharp saliency, not faces)', async () => {
    // A flat grey frame with a busy patch at the right end: the crop must move to the patch.
    const { data } = await rawToSharp(photoLike(100, 100, 5))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const wide = await sharp({ create: { width: 400, height: 100, channels: 3, background: '#808080' } })
      .composite([{ input: data, raw: { width: 100, height: 100, channels: 3 }, left: 300, top: 0 }])
      .png()
      .toBuffer();
    const result = ok(await processImage(wide, { size: 96, crop: 'attention' }));
    const at = await pixelsOf(result.jpeg);
    expect(near(at(0.5, 0.5), [128, 128, 128], 8)).toBe(false);
  });

  it('rejects invalid options as a programming error', async () => {
    await expect(processImage(Buffer.from('x'), { size: 50 })).rejects.toThrow(TypeError);
    await expect(processImage(Buffer.from('x'), { crop: 'rect' })).rejects.toThrow(/rect/);
    await expect(processImage(Buffer.from('x'), { background: 'javascript:1' })).rejects.toThrow(TypeError);
  });

  it('rejects with the reason when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(processImage(await bands(), { signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
  });
});

it('writes nothing to the input', async () => {
  const file = await writeFixture(
    dir,
    'untouched.png',
    await rawToSharp(quadrants(128, 128)).png().toBuffer(),
  );
  const before = await readFile(file);
  ok(await processImage(file));
  expect((await readFile(file)).equals(before)).toBe(true);
  await writeFile(file, before);
});
