/**
 * A small, strict BMP decoder (sharp's prebuilt libvips cannot read BMP, and BMPs are common on Windows shares).
 * Supports what real files use: BITMAPCOREHEADER/INFOHEADER/V4/V5, 1/4/8-bit palettes, 16/24/32-bit, BI_RGB and
 * BI_BITFIELDS, bottom-up and top-down rows. RLE and embedded JPEG/PNG are refused as unsupported. Every offset is
 * checked against the buffer and the declared size against the pixel limit before anything is allocated.
 */
import { imageError } from './image-error';

export interface BmpImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  dataOffset: number;
  headerSize: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

/** Parse and validate the headers only (cheap: used to check dimensions before decoding). */
export function readBmpHeader(b: Buffer): BmpHeader {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') throw corrupt('missing BMP signature');
  const dataOffset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  let width: number;
  let rawHeight: number;
  let planes: number;
  let bitsPerPixel: number;
  let compression = BI_RGB;
  if (headerSize === 12) {
    width = b.readUInt16LE(18);
    rawHeight = b.readInt16LE(20);
    planes = b.readUInt16LE(22);
    bitsPerPixel = b.readUInt16LE(24);
  } else if (headerSize >= 40 && headerSize <= 124) {
    if (b.length < 14 + 40) throw corrupt('truncated BMP header');
    width = b.readInt32LE(18);
    rawHeight = b.readInt32LE(22);
    planes = b.readUInt16LE(26);
    bitsPerPixel = b.readUInt16LE(28);
    compression = b.readUInt32LE(30);
  } else {
    throw corrupt(`unknown BMP header size ${headerSize}`);
  }
  if (planes !== 1) throw corrupt(`invalid plane count ${planes}`);
  if (width <= 0 || rawHeight === 0 || rawHeight === -2147483648)
    throw corrupt(`invalid size ${width}x${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw corrupt(`unsupported bit depth ${bitsPerPixel}`);
  if (compression === 1 || compression === 2) {
    throw imageError(
      'unsupported-format',
      'RLE-compressed BMP files are not supported; save the image as PNG or JPEG.',
    );
  }
  if (compression === 4 || compression === 5) {
    throw imageError('unsupported-format', 'BMP files wrapping JPEG or PNG data are not supported.');
  }
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw corrupt(`unknown BMP compression ${compression}`);
  }
  if (compression !== BI_RGB && bitsPerPixel !== 16 && bitsPerPixel !== 32) {
    throw corrupt('bit fields need 16 or 32 bits per pixel');
  }
  return {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitsPerPixel,
    compression,
    dataOffset,
    headerSize,
  };
}

export function decodeBmp(b: Buffer, maxPixels: number): BmpImage {
  const h = readBmpHeader(b);
  if (h.width * h.height > maxPixels) {
    throw imageError(
      'image-too-large',
      `The BMP declares ${h.width}x${h.height} pixels, over the ${maxPixels / 1e6} MP limit.`,
    );
  }
  const stride = Math.floor((h.bitsPerPixel * h.width + 31) / 32) * 4;
  if (h.dataOffset < 14 + h.headerSize || h.dataOffset + stride * h.height > b.length) {
    throw corrupt('the pixel data is truncated');
  }
  const masks = h.bitsPerPixel === 16 || h.bitsPerPixel === 32 ? readMasks(b, h) : undefined;
  const channels: 3 | 4 = masks && masks[3] !== 0 ? 4 : 3;
  const palette = h.bitsPerPixel <= 8 ? readPalette(b, h) : undefined;
  const out = Buffer.alloc(h.width * h.height * channels);
  if (palette) {
    decodePalette(b, h, stride, palette, out);
    return { data: out, width: h.width, height: h.height, channels };
  }
  const fields = masks?.map(maskField);

  for (let y = 0; y < h.height; y++) {
    const row = h.dataOffset + (h.topDown ? y : h.height - 1 - y) * stride;
    let o = y * h.width * channels;
    for (let x = 0; x < h.width; x++, o += channels) {
      if (h.bitsPerPixel === 24) {
        const p = row + x * 3;
        out[o] = b[p + 2] as number;
        out[o + 1] = b[p + 1] as number;
        out[o + 2] = b[p] as number;
      } else {
        const value = h.bitsPerPixel === 16 ? b.readUInt16LE(row + x * 2) : b.readUInt32LE(row + x * 4);
        for (let c = 0; c < channels; c++)
          out[o + c] = extract(value, (fields as MaskField[])[c] as MaskField);
      }
    }
  }
  return { data: out, width: h.width, height: h.height, channels };
}

/**
 * 1/4/8-bit rows to RGB, its own loop because it is the hot one (a 1-bit file declares 100 MP in 12.5 MB): pixel x
 * sits in byte (x * bits) >> 3 of its row, most significant bits first.
 */
function decodePalette(b: Buffer, h: BmpHeader, stride: number, palette: Buffer, out: Buffer): void {
  const bits = h.bitsPerPixel;
  const mask = (1 << bits) - 1;
  const colours = palette.length / 3;
  for (let y = 0; y < h.height; y++) {
    const row = h.dataOffset + (h.topDown ? y : h.height - 1 - y) * stride;
    let o = y * h.width * 3;
    for (let x = 0, at = 0; x < h.width; x++, at += bits, o += 3) {
      const index = ((b[row + (at >> 3)] as number) >> (8 - bits - (at & 7))) & mask;
      if (index >= colours) throw corrupt(`palette index ${index} out of range`);
      const p = index * 3;
      out[o] = palette[p] as number;
      out[o + 1] = palette[p + 1] as number;
      out[o + 2] = palette[p + 2] as number;
    }
  }
}

type MaskField = { shift: number; bits: number; mask: number };

function readMasks(b: Buffer, h: BmpHeader): [number, number, number, number] {
  if (h.compression === BI_RGB) {
    // Defaults: 16-bit is 5-5-5, 32-bit is BGRX (the fourth byte is not alpha in BI_RGB files).
    return h.bitsPerPixel === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0x00ff0000, 0x0000ff00, 0x000000ff, 0];
  }
  // Masks sit right after a 40-byte INFOHEADER, or inside the V2+ headers at the same offset.
  const at = 14 + 40;
  const withAlpha = h.compression === BI_ALPHABITFIELDS || h.headerSize >= 56;
  if (b.length < at + (withAlpha ? 16 : 12)) throw corrupt('truncated colour masks');
  const masks: [number, number, number, number] = [
    b.readUInt32LE(at),
    b.readUInt32LE(at + 4),
    b.readUInt32LE(at + 8),
    withAlpha ? b.readUInt32LE(at + 12) : 0,
  ];
  if (masks[0] === 0 || masks[1] === 0 || masks[2] === 0) throw corrupt('empty colour mask');
  return masks;
}

function maskField(mask: number): MaskField {
  if (mask === 0) return { shift: 0, bits: 0, mask: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (((mask >>> (shift + bits)) & 1) === 1) bits++;
  return { shift, bits, mask };
}

function extract(value: number, field: MaskField): number {
  if (field.bits === 0) return 255;
  const v = ((value & field.mask) >>> 0) >>> field.shift;
  const max = 2 ** field.bits - 1;
  return Math.round((v * 255) / max);
}

function readPalette(b: Buffer, h: BmpHeader): Buffer {
  const entrySize = h.headerSize === 12 ? 3 : 4;
  const declared = h.headerSize >= 40 ? b.readUInt32LE(46) : 0;
  const count = declared > 0 ? Math.min(declared, 1 << h.bitsPerPixel) : 1 << h.bitsPerPixel;
  const start = 14 + h.headerSize + (h.compression === BI_BITFIELDS && h.headerSize === 40 ? 12 : 0);
  if (start + count * entrySize > h.dataOffset || start + count * entrySize > b.length) {
    throw corrupt('truncated colour palette');
  }
  const rgb = Buffer.alloc(count * 3);
  for (let i = 0; i < count; i++) {
    rgb[i * 3] = b[start + i * entrySize + 2] as number;
    rgb[i * 3 + 1] = b[start + i * entrySize + 1] as number;
    rgb[i * 3 + 2] = b[start + i * entrySize] as number;
  }
  return rgb;
}

function corrupt(detail: string) {
  return imageError('corrupt-image', 'The BMP file is damaged. Export the photo again as JPEG.', detail);
}
