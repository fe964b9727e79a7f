import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from './bmp-decoder';
import { planCrop, squareInRect } from './crop-plan';
import { hasHeifTransformations } from './heif-boxes';
import { ImageError } from './image-error';
import { exifOrientation, orientRaw } from './orientation';
import {
  quadrants,
  storeForOrientation,
  rawToSharp,
  writeBmp24,
} from '../../../../test/support/image-fixtures';

describe('orientRaw matches the EXIF definitions (used for HEIC and BMP)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i', async (orientation) => {
    const upright = quadrants(12, 8);
    const stored = storeForOrientation(upright, orientation);
    const out = await orientRaw(
      stored.data,
      { width: stored.width, height: stored.height, channels: 3 },
      orientation,
    );
    expect([out.width, out.height]).toEqual([12, 8]);
    expect(out.data.equals(upright.data)).toBe(true);
  });
});

describe('exifOrientation', () => {
  it('reads the tag from sharp-written EXIF, with and without the Exif prefix', async () => {
    for (const orientation of [1, 3, 6, 8]) {
      const jpeg = await rawToSharp(quadrants(8, 8)).jpeg().withMetadata({ orientation }).toBuffer();
      const exif = (await sharp(jpeg).metadata()).exif;
      expect(exifOrientation(exif)).toBe(orientation);
      expect(exifOrientation(exif?.subarray(6))).toBe(orientation);
    }
  });
  it('defaults to 1 for missing or damaged EXIF', () => {
    expect(exifOrientation(undefined)).toBe(1);
    expect(exifOrientation(Buffer.from('Exif\0\0II*\0\xff\xff\xff\x7f', 'latin1'))).toBe(1);
  });
});

describe('hasHeifTransformations', () => {
  const box = (type: string, ...children: Buffer[]) => {
    const body = Buffer.concat(children);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const fullBox = (type: string, ...children: Buffer[]) => box(type, Buffer.alloc(4), ...children);
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  it('finds irot and imir properties and nothing else', () => {
    const withIrot = Buffer.concat([
      ftyp,
      fullBox('meta', box('iprp', box('ipco', box('ispe', Buffer.alloc(12)), box('irot', Buffer.from([1]))))),
    ]);
    const withImir = Buffer.concat([
      ftyp,
      fullBox('meta', box('iprp', box('ipco', box('imir', Buffer.from([0]))))),
    ]);
    const without = Buffer.concat([
      ftyp,
      fullBox('meta', box('iprp', box('ipco', box('ispe', Buffer.alloc(12))))),
    ]);
    expect(hasHeifTransformations(withIrot)).toBe(true);
    expect(hasHeifTransformations(withImir)).toBe(true);
    expect(hasHeifTransformations(without)).toBe(false);
  });
  it('survives truncated and lying box sizes', () => {
    const bad = Buffer.concat([ftyp, Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from('meta', 'latin1')]);
    expect(hasHeifTransformations(bad)).toBe(false);
    expect(hasHeifTransformations(Buffer.alloc(3))).toBe(false);
  });
});

describe('BMP decoder', () => {
  it('decodes a 24-bit bottom-up file exactly, including row padding', () => {
    const raw = quadrants(13, 7);
    const out = decodeBmp(writeBmp24(raw), 1e8);
    expect([out.width, out.height, out.channels]).toEqual([13, 7, 3]);
    expect(out.data.equals(raw.data)).toBe(true);
  });
  it('decodes top-down rows', () => {
    const raw = quadrants(4, 4);
    const bmp = writeBmp24(raw);
    bmp.writeInt32LE(-4, 22);
    const out = decodeBmp(bmp, 1e8);
    expect(out.data.subarray(0, 3)).toEqual(raw.data.subarray(4 * 3 * 3, 4 * 3 * 3 + 3)); // bottom-left now first
  });
  it('refuses declared sizes over the pixel limit before allocating', () => {
    const bmp = writeBmp24(quadrants(4, 4));
    bmp.writeInt32LE(30000, 18);
    bmp.writeInt32LE(30000, 22);
    expect(() => decodeBmp(bmp, 1e8)).toThrow(expect.objectContaining({ code: 'image-too-large' }) as Error);
  });
  it('refuses bad headers as corrupt', () => {
    const bmp = writeBmp24(quadrants(4, 4));
    for (const mutate of [
      (b: Buffer) => b.writeUInt16LE(3, 26),
      (b: Buffer) => b.writeUInt16LE(7, 28),
      (b: Buffer) => b.writeUInt32LE(200, 14),
    ]) {
      const copy = Buffer.from(bmp);
      mutate(copy);
      try {
        readBmpHeader(copy);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ImageError);
        expect((error as ImageError).code).toBe('corrupt-image');
      }
    }
  });
});

describe('planCrop', () => {
  it('center on a landscape source: resize so the height is the output, then extract the middle', () => {
    const plan = planCrop({ width: 4000, height: 3000 }, 648, 'center');
    expect(plan).toMatchObject({
      kind: 'extract',
      resize: { width: 864, height: 648 },
      extract: { left: 108, top: 0, width: 648, height: 648 },
      regionSide: 3000,
    });
    expect(plan.cropLoss).toBeCloseTo(0.25);
  });
  it('rect is clipped to the picture and squared around its centre', () => {
    expect(squareInRect(1000, 1000, { left: 0.8, top: 0.1, width: 0.4, height: 0.2 })).toEqual({
      left: 800,
      top: 100,
      side: 200,
    });
    const plan = planCrop({ width: 1000, height: 500 }, 100, 'rect', {
      left: 0.5,
      top: 0,
      width: 0.5,
      height: 1,
    });
    expect(plan).toMatchObject({ kind: 'extract', regionSide: 500, extract: { left: 100, top: 0 } });
  });
  it('contain keeps everything and reports the picture area', () => {
    const plan = planCrop({ width: 2000, height: 1000 }, 648, 'contain');
    expect(plan).toMatchObject({
      kind: 'contain',
      cropLoss: 0,
      regionSide: 2000,
      content: { left: 0, top: 162, width: 648, height: 324 },
    });
  });
  it('attention reports the loss of a square from the frame', () => {
    expect(planCrop({ width: 1600, height: 900 }, 648, 'attention').cropLoss).toBeCloseTo(1 - 900 / 1600);
  });
});
