import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Face } from '../../../shared/faces';
import { FACE_FRAMING } from '../imaging/thresholds';
import { faceGeometry, frameFace, type FaceFrame } from './face-framing';

/** A face whose box is given in source pixels, with the eyes at the estimated place unless given. */
function faceAt(
  source: { width: number; height: number },
  px: { x: number; y: number; width: number; height: number },
  extra: Partial<Face> = {},
): Face {
  return {
    box: {
      x: px.x / source.width,
      y: px.y / source.height,
      width: px.width / source.width,
      height: px.height / source.height,
    },
    score: 0.9,
    ...extra,
  };
}

/** The square in source pixels. */
function squarePx(source: { width: number; height: number }, frame: FaceFrame) {
  return {
    left: frame.rect.left * source.width,
    top: frame.rect.top * source.height,
    width: frame.rect.width * source.width,
    height: frame.rect.height * source.height,
  };
}

describe('frameFace: worked examples', () => {
  it('frames a centred portrait face as asked: centred, eye line at 40%, face half the side', () => {
    const source = { width: 2000, height: 2000 };
    // Box 300 px tall: the face (hairline to chin) is 450 px, so the square is 900 px at tightness 0.5.
    const face = faceAt(source, { x: 850, y: 800, width: 300, height: 300 });
    const frame = frameFace(source, face, { tightness: 0.5 });
    const sq = squarePx(source, frame);
    expect(frame.side).toBeCloseTo(900, 6);
    expect(sq.width).toBeCloseTo(sq.height, 6);
    expect(sq.left + sq.width / 2).toBeCloseTo(1000, 6);
    const eyeY = 800 + 300 * FACE_FRAMING.eyesInBox;
    expect((eyeY - sq.top) / sq.height).toBeCloseTo(FACE_FRAMING.eyeLine, 6);
    expect(frame).toMatchObject({ shrunk: false, shifted: false, faceCut: false });
    expect(frame.tightness).toBeCloseTo(0.5, 6);
  });

  it('uses the eyes for the eye line when the detector gives them', () => {
    const source = { width: 2000, height: 2000 };
    const eyes = { right: { x: 0.46, y: 0.45 }, left: { x: 0.54, y: 0.45 } };
    const frame = frameFace(source, faceAt(source, { x: 850, y: 800, width: 300, height: 300 }, { eyes }));
    const sq = squarePx(source, frame);
    expect((0.45 * 2000 - sq.top) / sq.height).toBeCloseTo(FACE_FRAMING.eyeLine, 6);
  });

  it('tighter framing gives a smaller square around the same face', () => {
    const source = { width: 3000, height: 3000 };
    const face = faceAt(source, { x: 1400, y: 1400, width: 200, height: 200 });
    const loose = frameFace(source, face, { tightness: 0.3 });
    const tight = frameFace(source, face, { tightness: 0.7 });
    expect(loose.side).toBeCloseTo(300 / 0.3, 6);
    expect(tight.side).toBeCloseTo(300 / 0.7, 6);
  });

  it('2:3 portrait with the face at the top: the square starts at the top and the head is not cut', () => {
    const source = { width: 1000, height: 1500 };
    // The box starts 40 px below the top: the estimated hairline is above the picture.
    const face = faceAt(source, { x: 380, y: 40, width: 240, height: 260 });
    const frame = frameFace(source, face);
    const sq = squarePx(source, frame);
    expect(sq.top).toBeCloseTo(0, 6);
    expect(sq.top + sq.height).toBeGreaterThanOrEqual(300); // the chin is in
    expect(sq.left).toBeLessThanOrEqual(380);
    expect(sq.left + sq.width).toBeGreaterThanOrEqual(620);
    expect(frame.shifted).toBe(true);
    expect(frame.faceCut).toBe(false);
  });

  it('2:3 portrait with a large face: the square shrinks to the picture width rather than pad', () => {
    const source = { width: 800, height: 1200 };
    // Face 750 px tall (hairline to chin): the ideal square (1500) is wider than the picture.
    const face = faceAt(source, { x: 150, y: 400, width: 500, height: 500 });
    const frame = frameFace(source, face);
    const sq = squarePx(source, frame);
    expect(frame.shrunk).toBe(true);
    expect(sq.width).toBeLessThanOrEqual(800 + 1e-6);
    expect(sq.left).toBeGreaterThanOrEqual(-1e-9);
    expect(frame.tightness).toBeGreaterThan(0.5);
  });

  it('landscape group photo: a small square around the largest face, centred on it', () => {
    const source = { width: 4000, height: 2000 };
    const face = faceAt(source, { x: 2900, y: 600, width: 160, height: 180 });
    const frame = frameFace(source, face);
    const sq = squarePx(source, frame);
    expect(frame.side).toBeCloseTo((180 * 1.5) / 0.5, 6);
    expect(sq.left + sq.width / 2).toBeCloseTo(2980, 6);
    expect(frame).toMatchObject({ shrunk: false, shifted: false, faceCut: false });
  });

  it('a face at the left edge: the square stays inside the picture, is moved, and says the face is cut', () => {
    const source = { width: 3000, height: 2000 };
    // Half the face is outside the picture (the detector clips its box to the edge).
    const face = faceAt(source, { x: 0, y: 800, width: 150, height: 300 });
    const frame = frameFace(source, face);
    const sq = squarePx(source, frame);
    expect(sq.left).toBeCloseTo(0, 6);
    expect(frame.shifted).toBe(true);
    expect(frame.rect.left + frame.rect.width).toBeLessThanOrEqual(1);
  });

  it('keeps a minimum side for tiny faces, within the picture', () => {
    const source = { width: 1000, height: 800 };
    const face = faceAt(source, { x: 500, y: 400, width: 20, height: 20 });
    expect(frameFace(source, face, {}, { minSide: 96 }).side).toBeCloseTo(96, 6);
    expect(frameFace(source, face, {}, { minSide: 5000 }).side).toBeCloseTo(800, 6);
  });

  it('refuses a picture without a size', () => {
    const face = faceAt({ width: 1, height: 1 }, { x: 0.4, y: 0.4, width: 0.2, height: 0.2 });
    expect(() => frameFace({ width: 0, height: 100 }, face)).toThrow(RangeError);
  });
});

const sourceArb = fc.record({
  width: fc.integer({ min: 96, max: 8000 }),
  height: fc.integer({ min: 96, max: 8000 }),
});
const faceArb = fc
  .record({
    x: fc.double({ min: 0, max: 0.95, noNaN: true }),
    y: fc.double({ min: 0, max: 0.95, noNaN: true }),
    w: fc.double({ min: 0.01, max: 1, noNaN: true }),
    h: fc.double({ min: 0.01, max: 1, noNaN: true }),
  })
  .map(({ x, y, w, h }): Face => ({
    box: { x, y, width: Math.min(w, 1 - x), height: Math.min(h, 1 - y) },
    score: 0.9,
  }));
const tightnessArb = fc.double({ min: 0.3, max: 0.7, noNaN: true });

describe('frameFace: properties', () => {
  it('is always a square inside the picture, never padded', () => {
    fc.assert(
      fc.property(sourceArb, faceArb, tightnessArb, (source, face, tightness) => {
        const frame = frameFace(source, face, { tightness });
        const sq = squarePx(source, frame);
        const eps = 1e-6 * Math.max(source.width, source.height);
        expect(sq.left).toBeGreaterThanOrEqual(-eps);
        expect(sq.top).toBeGreaterThanOrEqual(-eps);
        expect(sq.left + sq.width).toBeLessThanOrEqual(source.width + eps);
        expect(sq.top + sq.height).toBeLessThanOrEqual(source.height + eps);
        expect(Math.abs(sq.width - sq.height)).toBeLessThanOrEqual(eps);
        expect(sq.width).toBeCloseTo(frame.side, 3);
      }),
      { numRuns: 500 },
    );
  });

  it('when not shifted: face centred and eye line at 40%; never looser than asked', () => {
    fc.assert(
      fc.property(sourceArb, faceArb, tightnessArb, (source, face, tightness) => {
        const frame = frameFace(source, face, { tightness });
        const g = faceGeometry(source, face);
        const sq = squarePx(source, frame);
        if (!frame.shifted) {
          expect(Math.abs(sq.left + sq.width / 2 - g.cx)).toBeLessThanOrEqual(0.51);
          expect(Math.abs(g.eyeY - sq.top - FACE_FRAMING.eyeLine * sq.height)).toBeLessThanOrEqual(0.51);
        }
        // Shrinking only tightens: the square is never larger than the tightness asks.
        expect(frame.side).toBeLessThanOrEqual((g.height / tightness) * (1 + 1e-9));
      }),
      { numRuns: 500 },
    );
  });

  it('a face that fits where it should is framed exactly as asked (neither shrunk nor moved)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 6000 }),
        fc.double({ min: 0.02, max: 0.1, noNaN: true }),
        fc.double({ min: 0.4, max: 0.6, noNaN: true }),
        fc.double({ min: 0.4, max: 0.55, noNaN: true }),
        tightnessArb,
        (side, h, cx, cy, tightness) => {
          const source = { width: side, height: side };
          const face: Face = { box: { x: cx - h / 2, y: cy - h / 2, width: h, height: h }, score: 1 };
          const frame = frameFace(source, face, { tightness });
          expect(frame).toMatchObject({ shrunk: false, shifted: false, faceCut: false });
          expect(frame.tightness).toBeCloseTo(tightness, 4);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the detector box inside the square whenever it reports the face as not cut', () => {
    fc.assert(
      fc.property(sourceArb, faceArb, tightnessArb, (source, face, tightness) => {
        const frame = frameFace(source, face, { tightness });
        if (frame.faceCut) return;
        const sq = squarePx(source, frame);
        const g = faceGeometry(source, face);
        expect(g.left).toBeGreaterThanOrEqual(sq.left - 1.01);
        expect(g.right).toBeLessThanOrEqual(sq.left + sq.width + 1.01);
        expect(g.bottom).toBeLessThanOrEqual(sq.top + sq.height + 1.01);
      }),
      { numRuns: 500 },
    );
  });
});
