/**
 * Crop editor maths, pure. The crop is a square in source pixels of the oriented image; the editor pans and zooms
 * it, and hands the imaging pipeline a normalised CropRect (fractions of the source width and height). Every
 * function returns a crop that lies inside the image, so no edit can produce an invalid rectangle.
 */
import type { CropRect } from '../../../shared/domain';

/** A square crop in source pixels: top-left corner and edge. */
export interface PixelCrop {
  x: number;
  y: number;
  size: number;
}

/** The closest zoom: the crop edge is at least 1/MAX_ZOOM of the image's short side. */
export const MAX_ZOOM = 8;

const clampTo = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function assertSize(width: number, height: number): void {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`Image size must be positive, got ${width}x${height}`);
  }
}

/** The largest centred square: what a 'center' crop produces. */
export function centredCrop(width: number, height: number): PixelCrop {
  assertSize(width, height);
  const size = Math.min(width, height);
  return { x: (width - size) / 2, y: (height - size) / 2, size };
}

export function clampCrop(crop: PixelCrop, width: number, height: number): PixelCrop {
  assertSize(width, height);
  const max = Math.min(width, height);
  const size = clampTo(Number.isFinite(crop.size) ? crop.size : max, max / MAX_ZOOM, max);
  return {
    x: clampTo(Number.isFinite(crop.x) ? crop.x : 0, 0, width - size),
    y: clampTo(Number.isFinite(crop.y) ? crop.y : 0, 0, height - size),
    size,
  };
}

/** Zoom factor of a crop: 1 = the largest square, MAX_ZOOM = the closest. */
export function zoomOf(crop: PixelCrop, width: number, height: number): number {
  return Math.min(width, height) / crop.size;
}

/** Moves the crop by (dx, dy) source pixels, stopping at the image edges. */
export function panCrop(crop: PixelCrop, dx: number, dy: number, width: number, height: number): PixelCrop {
  return clampCrop({ ...crop, x: crop.x + dx, y: crop.y + dy }, width, height);
}

/**
 * Sets the zoom while keeping an anchor point (source pixels, default the crop's centre) at the same place in
 * the viewport, as a wheel zoom under the pointer does.
 */
export function zoomCrop(
  crop: PixelCrop,
  zoom: number,
  width: number,
  height: number,
  anchor?: { x: number; y: number },
): PixelCrop {
  const max = Math.min(width, height);
  const size = max / clampTo(zoom, 1, MAX_ZOOM);
  const ax = anchor?.x ?? crop.x + crop.size / 2;
  const ay = anchor?.y ?? crop.y + crop.size / 2;
  // The anchor's relative position inside the crop stays the same.
  const fx = (ax - crop.x) / crop.size;
  const fy = (ay - crop.y) / crop.size;
  return clampCrop({ x: ax - fx * size, y: ay - fy * size, size }, width, height);
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The normalised rectangle the imaging pipeline takes. Always within 0..1 and square in pixels. */
export function toCropRect(crop: PixelCrop, width: number, height: number): CropRect {
  const c = clampCrop(crop, width, height);
  const w = Math.min(1, round6(c.size / width));
  const h = Math.min(1, round6(c.size / height));
  return {
    left: clampTo(round6(c.x / width), 0, 1 - w),
    top: clampTo(round6(c.y / height), 0, 1 - h),
    width: w,
    height: h,
  };
}

/** Back from a stored rectangle (e.g. an earlier edit) to a square pixel crop inside the image. */
export function fromCropRect(rect: CropRect, width: number, height: number): PixelCrop {
  const size = Math.min(rect.width * width, rect.height * height);
  return clampCrop({ x: rect.left * width, y: rect.top * height, size }, width, height);
}

/** How the editor draws the image so that the crop fills a square viewport of `viewport` CSS pixels. */
export function viewTransform(
  crop: PixelCrop,
  width: number,
  height: number,
  viewport: number,
): { scale: number; offsetX: number; offsetY: number; displayWidth: number; displayHeight: number } {
  const scale = viewport / crop.size;
  return {
    scale,
    offsetX: -crop.x * scale,
    offsetY: -crop.y * scale,
    displayWidth: width * scale,
    displayHeight: height * scale,
  };
}

/** Dragging the image by (dx, dy) viewport pixels moves the crop the other way, in source pixels. */
export function dragCrop(
  crop: PixelCrop,
  dxView: number,
  dyView: number,
  width: number,
  height: number,
  viewport: number,
): PixelCrop {
  const scale = viewport / crop.size;
  return panCrop(crop, -dxView / scale, -dyView / scale, width, height);
}
