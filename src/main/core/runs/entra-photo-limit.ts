/**
 * Users without an Exchange Online mailbox keep their photo in Entra ID, which refuses photos over 100 KB with a
 * bare 404 (microsoft-graph-docs#8236). For them the engine sends a copy that fits: the same square photo
 * re-encoded at lower JPEG qualities, then at smaller Graph sizes, until it is under the limit.
 */
import sharp from 'sharp';
import { ENTRA_PHOTO_MAX_BYTES } from '../tenant/photos';

const QUALITIES = [80, 70, 60, 50];
const SIDES = [648, 504, 432, 360, 240];

/** A JPEG of at most `maxBytes`, or null when even the smallest step is too large (or the input is not an image). */
export async function fitEntraPhotoLimit(
  jpeg: Buffer,
  maxBytes = ENTRA_PHOTO_MAX_BYTES,
): Promise<Buffer | null> {
  if (jpeg.length <= maxBytes) return jpeg;
  try {
    const { width = 0, height = 0 } = await sharp(jpeg).metadata();
    const side = Math.min(width, height);
    for (const target of SIDES.filter((s) => s <= side).concat(side < 240 ? [side] : [])) {
      for (const quality of QUALITIES) {
        const out = await sharp(jpeg)
          .resize(target, target, { fit: 'cover' })
          .jpeg({ quality, mozjpeg: true })
          .toBuffer();
        if (out.length <= maxBytes) return out;
      }
    }
  } catch {
    return null;
  }
  return null;
}
