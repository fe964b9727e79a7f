import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_ZOOM,
  centredCrop,
  clampCrop,
  dragCrop,
  fromCropRect,
  panCrop,
  toCropRect,
  viewTransform,
  zoomCrop,
  zoomOf,
} from './crop-math';

describe('crop maths', () => {
  it('centres the largest square', () => {
    expect(centredCrop(1200, 800)).toEqual({ x: 200, y: 0, size: 800 });
    expect(centredCrop(600, 900)).toEqual({ x: 0, y: 150, size: 600 });
    expect(() => centredCrop(0, 10)).toThrow(RangeError);
  });

  it('converts to a normalised rect that is square in pixels', () => {
    expect(toCropRect(centredCrop(1200, 800), 1200, 800)).toEqual({
      left: 0.166667,
      top: 0,
      width: 0.666667,
      height: 1,
    });
  });

  it('pans within the image only', () => {
    const c = centredCrop(1200, 800);
    expect(panCrop(c, 50, 0, 1200, 800)).toEqual({ x: 250, y: 0, size: 800 });
    expect(panCrop(c, 5000, 5000, 1200, 800)).toEqual({ x: 400, y: 0, size: 800 });
    expect(panCrop(c, -5000, 0, 1200, 800)).toEqual({ x: 0, y: 0, size: 800 });
  });

  it('zooms around the centre and limits the zoom', () => {
    const c = centredCrop(1000, 1000);
    expect(zoomCrop(c, 2, 1000, 1000)).toEqual({ x: 250, y: 250, size: 500 });
    expect(zoomOf(zoomCrop(c, 100, 1000, 1000), 1000, 1000)).toBe(MAX_ZOOM);
    expect(zoomCrop(c, 0.1, 1000, 1000)).toEqual(c);
  });

  it('zooms around an anchor, keeping it in place', () => {
    const c = { x: 0, y: 0, size: 1000 };
    // Anchor at (100,100), 10% into the crop: after 2x zoom it is still 10% in.
    expect(zoomCrop(c, 2, 1000, 1000, { x: 100, y: 100 })).toEqual({ x: 50, y: 50, size: 500 });
  });

  it('drags the image: moving it right moves the crop left', () => {
    const c = { x: 400, y: 400, size: 200 };
    // Viewport 100 px shows 200 source px: 1 view px = 2 source px.
    expect(dragCrop(c, 10, -5, 1000, 1000, 100)).toEqual({ x: 380, y: 410, size: 200 });
  });

  it('gives the view transform', () => {
    expect(viewTransform({ x: 100, y: 50, size: 400 }, 800, 600, 200)).toEqual({
      scale: 0.5,
      offsetX: -50,
      offsetY: -25,
      displayWidth: 400,
      displayHeight: 300,
    });
  });

  it('round-trips through a rect', () => {
    const c = { x: 123, y: 45, size: 321 };
    const back = fromCropRect(toCropRect(c, 1000, 700), 1000, 700);
    expect(back.x).toBeCloseTo(123, 2);
    expect(back.y).toBeCloseTo(45, 2);
    expect(back.size).toBeCloseTo(321, 2);
  });

  it('repairs garbage input', () => {
    expect(clampCrop({ x: NaN, y: -10, size: Infinity }, 300, 200)).toEqual({ x: 0, y: 0, size: 200 });
  });

  it('property: any sequence of edits yields a valid rect inside the image, square in pixels', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('pan' as const),
        dx: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        dy: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('zoom' as const),
        z: fc.double({ min: 0, max: 20, noNaN: true }),
        ax: fc.double({ min: 0, max: 1, noNaN: true }),
        ay: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('drag' as const),
        dx: fc.integer({ min: -500, max: 500 }),
        dy: fc.integer({ min: -500, max: 500 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 8000 }),
        fc.integer({ min: 16, max: 8000 }),
        fc.array(op, { maxLength: 15 }),
        (w, h, ops) => {
          let c = centredCrop(w, h);
          for (const o of ops) {
            if (o.kind === 'pan') c = panCrop(c, o.dx, o.dy, w, h);
            else if (o.kind === 'drag') c = dragCrop(c, o.dx, o.dy, w, h, 280);
            else c = zoomCrop(c, o.z, w, h, { x: c.x + o.ax * c.size, y: c.y + o.ay * c.size });
          }
          const r = toCropRect(c, w, h);
          const inside =
            r.left >= 0 && r.top >= 0 && r.left + r.width <= 1 + 1e-9 && r.top + r.height <= 1 + 1e-9;
          // Rounding to 1e-6 of up to 8000 px moves an edge by under 0.01 px.
          const square = Math.abs(r.width * w - r.height * h) <= 0.02;
          const positive = r.width > 0 && r.height > 0;
          return inside && square && positive;
        },
      ),
    );
  });
});
