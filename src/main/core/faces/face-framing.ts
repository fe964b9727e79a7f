/**
 * Face framing, pure: the square a 'face' crop cuts, head and shoulders for a circular avatar. The face is centred
 * horizontally, the eye line sits FACE_FRAMING.eyeLine from the top, and the face (the detector's box grown to the
 * hairline) is `tightness` of the square's side. The square never leaves the picture (no padding): it first
 * shrinks, keeping the face in it at the right place; when even that cannot work (a face at the edge, a head at
 * the top of a portrait) it is moved inside the picture and the result says so.
 */
import type { CropRect } from '../../../shared/domain';
import { FACE_TIGHTNESS, type Face, type FaceFraming } from '../../../shared/faces';
import { FACE_FRAMING } from '../imaging/thresholds';

export interface FaceFrame {
  /** The square, normalised to the upright source (square in pixels). */
  rect: CropRect;
  /** The square's side in source pixels. */
  side: number;
  /** The face's height (hairline to chin, inside the picture) as a share of the side: at least the tightness asked. */
  tightness: number;
  /** Smaller than the tightness asked for, to keep the face at its place inside the picture. */
  shrunk: boolean;
  /** Moved off the eye line or the centre to stay inside the picture: the face is not where it should be. */
  shifted: boolean;
  /**
   * The face's features (the detector's box, brow to chin, as an ellipse) do not all fit in the circle inscribed in
   * the square. The estimated forehead above it is left out: it is a guess, and a picture that starts at the brows
   * would otherwise always count as cut.
   */
  faceCut: boolean;
}

export interface FrameOptions {
  /** Smallest side in source pixels (the pipeline's minimum source side); capped at the picture's short side. */
  minSide?: number;
}

/** Where the face is in source pixels: the detector's box grown upwards to the estimated hairline. */
export interface FaceGeometry {
  /** Horizontal centre of the face. */
  cx: number;
  eyeY: number;
  left: number;
  right: number;
  /** Estimated hairline; may be above the picture. */
  top: number;
  /** The chin: the box's bottom. */
  bottom: number;
  /** Hairline to chin. */
  height: number;
}

export function faceGeometry(source: { width: number; height: number }, face: Face): FaceGeometry {
  const { width: W, height: H } = source;
  const left = face.box.x * W;
  const right = (face.box.x + face.box.width) * W;
  const boxTop = face.box.y * H;
  const bottom = (face.box.y + face.box.height) * H;
  const height = (bottom - boxTop) * FACE_FRAMING.faceHeightPerBox;
  const eyeY = face.eyes
    ? ((face.eyes.left.y + face.eyes.right.y) / 2) * H
    : boxTop + (bottom - boxTop) * FACE_FRAMING.eyesInBox;
  return { cx: (left + right) / 2, eyeY, left, right, top: bottom - height, bottom, height };
}

export function frameFace(
  source: { width: number; height: number },
  face: Face,
  framing: Partial<FaceFraming> = {},
  options: FrameOptions = {},
): FaceFrame {
  const { width: W, height: H } = source;
  if (!(W > 0 && H > 0)) throw new RangeError(`frameFace needs a picture size, got ${W} x ${H}`);
  const tightness = clamp(
    framing.tightness ?? FACE_TIGHTNESS.default,
    FACE_TIGHTNESS.min,
    FACE_TIGHTNESS.max,
  );
  const g = faceGeometry(source, face);
  const e = FACE_FRAMING.eyeLine;
  const short = Math.min(W, H);
  const minSide = Math.min(short, Math.max(1, options.minSide ?? 1));

  // Only the part of the face inside the picture can be in the square.
  const visibleTop = clamp(g.top, 0, H);
  const visibleBottom = clamp(g.bottom, 0, H);
  const visibleHeight = Math.max(1, visibleBottom - visibleTop);

  const ideal = g.height / tightness;
  // The largest square that keeps the face centred and the eye line at its place inside the picture.
  const fits = Math.min(short, 2 * g.cx, 2 * (W - g.cx), g.eyeY / e, (H - g.eyeY) / (1 - e));
  // The smallest square that still holds the visible face at that place, with room for the circle.
  const holds = Math.max(
    (g.eyeY - visibleTop) / e,
    (visibleBottom - g.eyeY) / (1 - e),
    g.right - g.left,
    visibleHeight / FACE_FRAMING.maxTightness,
  );

  let side: number;
  if (ideal <= fits) side = ideal;
  else if (holds <= fits) side = fits;
  else side = Math.min(holds, ideal);
  side = clamp(side, minSide, short);

  const idealLeft = g.cx - side / 2;
  const idealTop = g.eyeY - e * side;
  const left = clamp(idealLeft, 0, W - side);
  const top = clamp(idealTop, 0, H - side);
  // Half a source pixel is rounding, not a move.
  const shifted = Math.abs(left - idealLeft) > 0.5 || Math.abs(top - idealTop) > 0.5;

  return {
    rect: {
      left: clamp(left / W, 0, 1),
      top: clamp(top / H, 0, 1),
      width: clamp(side / W, Number.MIN_VALUE, 1),
      height: clamp(side / H, Number.MIN_VALUE, 1),
    },
    side,
    tightness: visibleHeight / side,
    shrunk: side < ideal - 0.5,
    shifted,
    faceCut: !faceInCircle(g, { width: W, height: H }, { left, top, side }),
  };
}

/**
 * Whether the face, an ellipse in the detector's box, lies in the circle inscribed in the square. Sampled on the
 * ellipse; a pixel of slack absorbs rounding.
 */
function faceInCircle(
  g: FaceGeometry,
  picture: { width: number; height: number },
  square: { left: number; top: number; side: number },
): boolean {
  const r = square.side / 2;
  const ox = square.left + r;
  const oy = square.top + r;
  const boxTop = g.bottom - g.height / FACE_FRAMING.faceHeightPerBox;
  const fx = (g.left + g.right) / 2;
  const fy = (boxTop + g.bottom) / 2;
  const ax = (g.right - g.left) / 2;
  const ay = (g.bottom - boxTop) / 2;
  for (let k = 0; k < 32; k++) {
    const angle = (k / 32) * 2 * Math.PI;
    const x = fx + ax * Math.cos(angle);
    const y = fy + ay * Math.sin(angle);
    if (x < 0 || y < 0 || x > picture.width || y > picture.height) continue;
    if (Math.hypot(x - ox, y - oy) > r + 1) return false;
  }
  return true;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
