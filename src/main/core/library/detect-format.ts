/**
 * Image type by content (magic bytes), never by extension: photographers rename files, and a `.jpg` may be a PNG,
 * a HEIC from an iPhone or a PDF. Pure: give it the first bytes of a file.
 */

/** Raster formats Headshot can process. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'bmp', 'heic', 'heif', 'avif'] as const;
/** Formats recognised only so they can be refused with a clear reason (SVG can carry scripts; PDF is a document). */
export const REFUSED_FORMATS = ['svg', 'pdf'] as const;

export type RasterFormat = (typeof IMAGE_FORMATS)[number];
export type RefusedFormat = (typeof REFUSED_FORMATS)[number];
export type ImageFormat = RasterFormat | RefusedFormat;

/** How many leading bytes detectFormat wants (SVG may open with an XML prolog and comments). */
export const DETECT_HEAD_BYTES = 4096;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);

export function isRasterFormat(format: ImageFormat | null): format is RasterFormat {
  return format !== null && (IMAGE_FORMATS as readonly string[]).includes(format);
}

export function detectFormat(head: Buffer): ImageFormat | null {
  const b = head;
  const ascii = (start: number, end: number) => b.toString('latin1', start, Math.min(end, b.length));

  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 4) {
    const sig = ascii(0, 4);
    // Classic TIFF ("II*\0" / "MM\0*") and BigTIFF ("II+\0" / "MM\0+").
    if (sig === 'II*\0' || sig === 'MM\0*' || sig === 'II+\0' || sig === 'MM\0+') return 'tiff';
  }
  if (b.length >= 18 && ascii(0, 2) === 'BM') {
    // "BM" alone is too weak (a text file can start with it): also require a known DIB header size.
    const dibSize = b.readUInt32LE(14);
    if ([12, 40, 52, 56, 64, 108, 124].includes(dibSize)) return 'bmp';
  }
  const isobmff = isoBmffFormat(b);
  if (isobmff) return isobmff;
  if (b.indexOf('%PDF-', 0, 'latin1') !== -1 && b.indexOf('%PDF-', 0, 'latin1') < 1024) return 'pdf';
  if (looksLikeSvg(b)) return 'svg';
  return null;
}

/** HEIF family (HEIC, AVIF) are ISO base media files: a `ftyp` box with a major brand and compatible brands. */
function isoBmffFormat(b: Buffer): ImageFormat | null {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return null;
  const boxSize = b.readUInt32BE(0);
  if (boxSize < 16) return null;
  const end = Math.min(boxSize, b.length);
  const brands = [b.toString('latin1', 8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(b.toString('latin1', offset, offset + 4));
  // The major brand decides first; compatible brands break the tie for generic "mif1" files.
  const major = brands[0] ?? '';
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return 'heic';
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heif';
  return null;
}

function looksLikeSvg(b: Buffer): boolean {
  let text = b.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trimStart();
  if (!text.startsWith('<')) return false;
  // Skip the XML prolog, comments and a doctype, then expect the <svg root element.
  const withoutProlog = text.replace(/^(?:<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s+)*/i, '');
  return /^<svg[\s>/]/i.test(withoutProlog) || (withoutProlog === '' && /<svg[\s>]/i.test(text));
}
