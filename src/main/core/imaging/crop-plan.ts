/**
 * Square-crop geometry, pure: from the upright source size, the output size and the strategy, work out how sharp
 * should resize and where it should cut. The cut is expressed as "resize the whole picture, then extract" so that
 * libvips can use JPEG shrink-on-load (an extract before the resize would force a full-size decode).
 */
import type { CropRect, CropStrategy } from '../../../shared/domain';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type CropPlan =
  | {
      kind: 'extract';
      resize: { width: number; height: number };
      extract: Box;
      regionSide: number;
      cropLoss: number;
      content: Box;
    }
  | { kind: 'attention'; regionSide: number; cropLoss: number; content: Box }
  | { kind: 'contain'; regionSide: number; cropLoss: 0; content: Box };

export function planCrop(
  source: { width: number; height: number },
  size: number,
  strategy: CropStrategy,
  rect?: CropRect,
): CropPlan {
  const { width: w, height: h } = source;
  const full: Box = { left: 0, top: 0, width: size, height: size };
  if (strategy === 'contain') {
    const scale = size / Math.max(w, h);
    const cw = Math.max(1, Math.round(w * scale));
    const ch = Math.max(1, Math.round(h * scale));
    const content = {
      left: Math.floor((size - cw) / 2),
      top: Math.floor((size - ch) / 2),
      width: cw,
      height: ch,
    };
    return { kind: 'contain', regionSide: Math.max(w, h), cropLoss: 0, content };
  }
  if (strategy === 'attention') {
    const side = Math.min(w, h);
    return { kind: 'attention', regionSide: side, cropLoss: 1 - (side * side) / (w * h), content: full };
  }
  const square = strategy === 'rect' && rect ? squareInRect(w, h, rect) : centreSquare(w, h);
  const scale = size / square.side;
  const rw = Math.max(size, Math.round(w * scale));
  const rh = Math.max(size, Math.round(h * scale));
  const extract: Box = {
    left: clamp(Math.round(square.left * scale), 0, rw - size),
    top: clamp(Math.round(square.top * scale), 0, rh - size),
    width: size,
    height: size,
  };
  return {
    kind: 'extract',
    resize: { width: rw, height: rh },
    extract,
    regionSide: square.side,
    cropLoss: Math.max(0, 1 - (square.side * square.side) / (w * h)),
    content: full,
  };
}

function centreSquare(w: number, h: number): { left: number; top: number; side: number } {
  const side = Math.min(w, h);
  return { left: (w - side) / 2, top: (h - side) / 2, side };
}

/**
 * The review screen draws a square, but a rectangle that is not square in pixels (rounding, or an API caller) gets
 * the largest square centred in it; the rectangle is first clipped to the picture.
 */
export function squareInRect(
  w: number,
  h: number,
  rect: CropRect,
): { left: number; top: number; side: number } {
  const left = clamp(rect.left, 0, 1) * w;
  const top = clamp(rect.top, 0, 1) * h;
  const right = Math.min(w, left + rect.width * w);
  const bottom = Math.min(h, top + rect.height * h);
  const side = Math.max(1, Math.min(right - left, bottom - top));
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  return { left: clamp(cx - side / 2, 0, w - side), top: clamp(cy - side / 2, 0, h - side), side };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
