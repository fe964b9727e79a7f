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
      /** The square cut, normalised to the upright source. */
      applied: CropRect;
    }
  | {
      kind: 'attention';
      regionSide: number;
      cropLoss: number;
      content: Box;
      /** The whole picture's size once resized to cover the square, where sharp's crop offsets are counted. */
      cover: { width: number; height: number };
    }
  | { kind: 'contain'; regionSide: number; cropLoss: 0; content: Box; applied: CropRect };

/** 'face' cuts the square framed around the face (a rect from face-framing); without a face, the centre. */

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
    const applied = { left: 0, top: 0, width: 1, height: 1 };
    return { kind: 'contain', regionSide: Math.max(w, h), cropLoss: 0, content, applied };
  }
  if (strategy === 'attention') {
    const side = Math.min(w, h);
    const cover = {
      width: Math.max(size, Math.round((w * size) / side)),
      height: Math.max(size, Math.round((h * size) / side)),
    };
    return {
      kind: 'attention',
      regionSide: side,
      cropLoss: 1 - (side * side) / (w * h),
      content: full,
      cover,
    };
  }
  const square =
    (strategy === 'rect' || strategy === 'face') && rect ? squareInRect(w, h, rect) : centreSquare(w, h);
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
    applied: { left: square.left / w, top: square.top / h, width: square.side / w, height: square.side / h },
  };
}

/** The square sharp's attention crop cut, from its crop offsets in the cover-resized picture, normalised. */
export function attentionRect(
  resized: { width: number; height: number },
  size: number,
  offset: { left: number; top: number },
): CropRect {
  // sharp reports the offsets as negative numbers (the picture's position relative to the cut).
  const left = Math.abs(offset.left);
  const top = Math.abs(offset.top);
  return {
    left: clamp(left / resized.width, 0, 1),
    top: clamp(top / resized.height, 0, 1),
    width: Math.min(1, size / resized.width),
    height: Math.min(1, size / resized.height),
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
