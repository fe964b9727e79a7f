/**
 * Camera-like JPEG generator for the imaging benches: noise over gradients and edges (realistic entropy, so the
 * files are 3-6 MB like a phone's), 4:2:0, with EXIF (orientation, camera make, GPS) as cameras write it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { photoLike } from '../../test/support/image-fixtures';

export async function writeCameraJpegs(
  dir: string,
  count: number,
  width: number,
  height: number,
): Promise<string[]> {
  // A few distinct sources at slightly different qualities and orientations (up to 30 distinct encodes), written
  // as separate files: hundreds of files without hundreds of full-size encodes.
  const sources = [1, 2, 3].map((seed) => photoLike(width, height, seed));
  const files: string[] = [];
  const encoded = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const key = `${i % sources.length}:${i % 5}:${i % 2}`;
    let jpeg = encoded.get(key);
    if (!jpeg) {
      const raw = sources[i % sources.length]!;
      jpeg = await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
        .jpeg({ quality: 90 - (i % 5) })
        .withExif({
          IFD0: { Make: 'Bench', Model: 'Cam 12', Orientation: String(i % 2 ? 6 : 1) },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
        })
        .toBuffer();
      encoded.set(key, jpeg);
    }
    const file = path.join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
    await writeFile(file, jpeg);
    files.push(file);
  }
  return files;
}
