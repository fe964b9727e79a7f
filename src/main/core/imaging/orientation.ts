/**
 * EXIF orientation helpers for inputs that sharp does not orient itself (HEIC decoded by heic-decode, BMP).
 * Pure functions on bytes; the pixel tests check them against sharp's own autoOrient for all 8 values.
 */
import sharp, { type Sharp } from 'sharp';

/** Read the Orientation tag (0x0112) from an EXIF blob ("Exif\0\0" prefix, HEIF 4-byte offset prefix or bare TIFF). */
export function exifOrientation(exif: Buffer | undefined): number {
  if (!exif || exif.length < 8) return 1;
  let tiff = exif.indexOf('Exif\0\0', 0, 'latin1');
  tiff = tiff >= 0 && tiff < 16 ? tiff + 6 : findTiffHeader(exif);
  if (tiff < 0 || tiff + 8 > exif.length) return 1;
  const little = exif.toString('latin1', tiff, tiff + 2) === 'II';
  const u16 = (at: number) => (little ? exif.readUInt16LE(at) : exif.readUInt16BE(at));
  const u32 = (at: number) => (little ? exif.readUInt32LE(at) : exif.readUInt32BE(at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > exif.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > exif.length) return 1;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function findTiffHeader(b: Buffer): number {
  for (let i = 0; i + 4 <= Math.min(b.length, 32); i++) {
    const sig = b.toString('latin1', i, i + 4);
    if (sig === 'II*\0' || sig === 'MM\0*') return i;
  }
  return -1;
}

/** Orientations 5..8 swap width and height. */
export function swapsDimensions(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

/**
 * Apply an EXIF orientation to raw pixels: returns the upright pixels. The operations are the EXIF definitions:
 * 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 CW, 7 transverse, 8 rotate 270 CW.
 */
export async function orientRaw(
  data: Buffer,
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 },
  orientation: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  if (orientation <= 1 || orientation > 8) return { data, width: info.width, height: info.height };
  let img: Sharp = sharp(data, { raw: info });
  // sharp mirrors (flip/flop) before it rotates, whatever the call order: 5 and 7 are composed accordingly.
  switch (orientation) {
    case 2:
      img = img.flop();
      break;
    case 3:
      img = img.rotate(180);
      break;
    case 4:
      img = img.flip();
      break;
    case 5:
      img = img.rotate(270).flop();
      break;
    case 6:
      img = img.rotate(90);
      break;
    case 7:
      img = img.rotate(90).flop();
      break;
    case 8:
      img = img.rotate(270);
      break;
  }
  const out = await img.raw().toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height };
}
