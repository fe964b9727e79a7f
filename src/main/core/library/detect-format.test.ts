import sharp from 'sharp';
import { detectFormat, isRasterFormat } from './detect-format';

const pixel = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } });

function ftyp(major: string, compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return box;
}

function bmpHeader(dibSize: number): Buffer {
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'latin1');
  head.writeUInt32LE(dibSize, 14);
  return head;
}

describe('detectFormat', () => {
  it.each([
    ['jpeg', () => pixel().jpeg().toBuffer()],
    ['png', () => pixel().png().toBuffer()],
    ['webp', () => pixel().webp().toBuffer()],
    ['gif', () => pixel().gif().toBuffer()],
    ['tiff', () => pixel().tiff().toBuffer()],
    ['avif', () => pixel().avif().toBuffer()],
  ] as const)('recognises a real %s written by sharp', async (format, make) => {
    expect(detectFormat((await make()).subarray(0, 4096))).toBe(format);
  });

  it.each([
    ['heic major brand', ftyp('heic', ['mif1', 'heic']), 'heic'],
    ['generic mif1 with a heic brand', ftyp('mif1', ['mif1', 'heic']), 'heic'],
    ['generic mif1 with an avif brand', ftyp('mif1', ['mif1', 'avif']), 'avif'],
    ['plain HEIF', ftyp('mif1', ['mif1']), 'heif'],
    ['an MP4 video is not an image', ftyp('isom', ['isom', 'mp41']), null],
    ['BMP with a BITMAPINFOHEADER', bmpHeader(40), 'bmp'],
    ['"BM" text is not a BMP', Buffer.from('BMW owners list, 2024\n'), null],
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'), 'pdf'],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg'],
    [
      'SVG with BOM, prolog, comment and doctype',
      Buffer.from(
        '\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN">\n<svg>',
      ),
      'svg',
    ],
    ['HTML is not SVG', Buffer.from('<!doctype html><html><body><svg></svg>'), null],
    ['plain text', Buffer.from('Jane Doe, 00123\n'), null],
    ['empty', Buffer.alloc(0), null],
    ['truncated JPEG marker', Buffer.from([0xff, 0xd8]), null],
  ] as const)('%s', (_name, head, expected) => {
    expect(detectFormat(head)).toBe(expected);
  });

  it('tells raster formats from refused ones', () => {
    expect(isRasterFormat('jpeg')).toBe(true);
    expect(isRasterFormat('heic')).toBe(true);
    expect(isRasterFormat('svg')).toBe(false);
    expect(isRasterFormat('pdf')).toBe(false);
    expect(isRasterFormat(null)).toBe(false);
  });
});
