/**
 * Final encode: baseline (not progressive) sRGB JPEG with no metadata at all, from 8-bit RGB pixels, so the bytes
 * depend only on the pixels and the settings (deterministic: a content hash detects unchanged photos). If the
 * result would exceed the byte cap, the quality steps down until it fits.
 */
import sharp from 'sharp';
import { imageError } from './image-error';
import { formatBytes } from '../../../shared/format-size';
import { LIMITS, OUTPUT } from './thresholds';

export interface RgbPixels {
  data: Buffer;
  width: number;
  height: number;
}

export async function encodeJpeg(
  pixels: RgbPixels,
  quality: number,
  maxBytes: number = LIMITS.maxOutputBytes,
): Promise<{ jpeg: Buffer; quality: number }> {
  const qualities = [quality, ...OUTPUT.fallbackQualities.filter((q) => q < quality)];
  for (const q of qualities) {
    const jpeg = await sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: 3 },
    })
      .jpeg({
        quality: q,
        progressive: false,
        chromaSubsampling: '4:2:0',
        optimiseCoding: true,
        mozjpeg: false,
      })
      .toBuffer();
    if (jpeg.length <= maxBytes) return { jpeg, quality: q };
  }
  throw imageError(
    'image-too-large',
    `The photo cannot be saved under ${formatBytes(maxBytes)}, even at low quality.`,
  );
}
