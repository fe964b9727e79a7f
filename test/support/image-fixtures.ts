/**
 * Test fixture generators: every image the tests use is made here at test time (sharp for most cases; Debian's
 * heif-enc and ImageMagick for HEIC, CMYK and animated GIF, which sharp cannot write). Nothing is downloaded or
 * committed. Only tests and benches import this module.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { deflateSync } from 'node:zlib';

const run = promisify(execFile);
const linux = process.platform === 'linux';
/**
 * ImageMagick and heif-enc: on Linux Debian's, by absolute path (the `convert` first on PATH may be a stand-in), and
 * required (.ci/run installs them). Elsewhere (the Windows and macOS CI jobs, a developer's Mac) whatever is on PATH
 * or named by HEADSHOT_IMAGEMAGICK / HEADSHOT_HEIF_ENC; tests that need a missing tool skip, saying so.
 */
export const IMAGEMAGICK = process.env.HEADSHOT_IMAGEMAGICK ?? (linux ? '/usr/bin/convert' : 'magick');
export const HEIF_ENC = process.env.HEADSHOT_HEIF_ENC ?? (linux ? '/usr/bin/heif-enc' : 'heif-enc');

function toolRuns(command: string, args: string[]): boolean {
  if (linux) return true;
  const ok = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
  if (!ok)
    console.warn(`image fixtures: ${command} not found; the tests that need it are skipped on this machine.`);
  return ok;
}
export const HAVE_IMAGEMAGICK = toolRuns(IMAGEMAGICK, ['-version']);
export const HAVE_HEIF_ENC = toolRuns(HEIF_ENC, ['--version']);

export async function makeTempDir(
  prefix = 'headshot-imaging-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type Rgb = [number, number, number];
export const RED: Rgb = [230, 30, 30];
export const GREEN: Rgb = [30, 200, 30];
export const BLUE: Rgb = [30, 30, 230];
export const YELLOW: Rgb = [240, 220, 20];

export interface RawRgb {
  data: Buffer;
  width: number;
  height: number;
}

/** Four coloured quadrants: TL red, TR green, BL blue, BR yellow. Any wrong rotation or mirror moves a colour. */
export function quadrants(width: number, height: number): RawRgb {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = y < height / 2 ? (x < width / 2 ? RED : GREEN) : x < width / 2 ? BLUE : YELLOW;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return { data, width, height };
}

/**
 * Where the upright pixel (x, y) is stored in a file tagged with EXIF `orientation`: written out from the EXIF
 * definitions, independently of sharp, so a pipeline that rotates the wrong way fails the tests.
 */
export function storedCoordinate(
  orientation: number,
  x: number,
  y: number,
  width: number,
  height: number,
): [number, number] {
  switch (orientation) {
    case 2:
      return [width - 1 - x, y];
    case 3:
      return [width - 1 - x, height - 1 - y];
    case 4:
      return [x, height - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, width - 1 - x];
    case 7:
      return [height - 1 - y, width - 1 - x];
    case 8:
      return [height - 1 - y, x];
    default:
      return [x, y];
  }
}

/** The stored pixels that display as `upright` under `orientation`. */
export function storeForOrientation(upright: RawRgb, orientation: number): RawRgb {
  const swap = orientation >= 5;
  const sw = swap ? upright.height : upright.width;
  const sh = swap ? upright.width : upright.height;
  const data = Buffer.alloc(sw * sh * 3);
  for (let y = 0; y < upright.height; y++) {
    for (let x = 0; x < upright.width; x++) {
      const [sx, sy] = storedCoordinate(orientation, x, y, upright.width, upright.height);
      upright.data.copy(
        data,
        (sy * sw + sx) * 3,
        (y * upright.width + x) * 3,
        (y * upright.width + x) * 3 + 3,
      );
    }
  }
  return { data, width: sw, height: sh };
}

export function rawToSharp(raw: RawRgb, channels: 3 | 4 = 3) {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels } });
}

/**
 * A camera-like photo: smooth gradients plus fine noise and a few hard edges (realistic JPEG entropy, sharp
 * detail), mid-grey exposure. `seed` makes it reproducible.
 */
export function photoLike(width: number, height: number, seed = 1, brightness = 1): RawRgb {
  const data = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const edge = (Math.floor(x / 37) + Math.floor(y / 53)) % 2 === 0 ? 25 : -25;
      const base = 60 + (120 * x) / width + (50 * y) / height + edge;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = (base + (c - 1) * 20 + (rand() - 0.5) * 60) * brightness;
        data[i + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { data, width, height };
}

export async function photoJpeg(width: number, height: number, seed = 1): Promise<Buffer> {
  return rawToSharp(photoLike(width, height, seed))
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function uniform(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } },
  })
    .png()
    .toBuffer();
}

/** Run ImageMagick (`/usr/bin/convert`) with the given arguments. */
export async function imagemagick(args: string[]): Promise<void> {
  await run(IMAGEMAGICK, args);
}

/** Encode a JPEG/PNG file to HEIC with heif-enc; resolves the output path. */
export async function heifEnc(input: string, output: string): Promise<string> {
  await run(HEIF_ENC, ['-q', '90', input, '-o', output]);
  return output;
}

export async function writeFixture(dir: string, name: string, data: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

/** Decode a JPEG to raw RGB and read the pixel at fractional coordinates. */
export async function pixelsOf(jpeg: Buffer): Promise<(fx: number, fy: number) => Rgb> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return (fx, fy) => {
    const x = Math.min(info.width - 1, Math.floor(fx * info.width));
    const y = Math.min(info.height - 1, Math.floor(fy * info.height));
    const i = (y * info.width + x) * info.channels;
    return [data[i] as number, data[i + 1] as number, data[i + 2] as number];
  };
}

export function near(actual: Rgb, expected: Rgb, tolerance = 30): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= tolerance);
}

/** The JPEG marker segments (0xFFxx codes) before the scan data: APP1 = EXIF/XMP, APP2 = ICC, APP13 = IPTC. */
export function jpegMarkers(jpeg: Buffer): { marker: number; payload: Buffer }[] {
  const markers: { marker: number; payload: Buffer }[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] as number;
    const length = jpeg.readUInt16BE(at + 2);
    markers.push({ marker, payload: jpeg.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return markers;
}

/** A minimal 24-bit bottom-up BMP writer (BITMAPINFOHEADER), for tests of the decoder. */
export function writeBmp24(raw: RawRgb): Buffer {
  const stride = Math.ceil((raw.width * 3) / 4) * 4;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + stride * raw.height, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(raw.width, 18);
  header.writeInt32LE(raw.height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  const pixels = Buffer.alloc(stride * raw.height);
  for (let y = 0; y < raw.height; y++) {
    const row = (raw.height - 1 - y) * stride;
    for (let x = 0; x < raw.width; x++) {
      const i = (y * raw.width + x) * 3;
      pixels[row + x * 3] = raw.data[i + 2] as number;
      pixels[row + x * 3 + 1] = raw.data[i + 1] as number;
      pixels[row + x * 3 + 2] = raw.data[i] as number;
    }
  }
  return Buffer.concat([header, pixels]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(payload.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), payload])), 0);
  return Buffer.concat([head, payload, crc]);
}

/**
 * A real, valid black 1-bit PNG of any size: a decompression bomb (30000 x 30000 is 900 MP from a file of about
 * 100 kB), written directly because encoding it through libvips would take many seconds.
 */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter method, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero pixels per row
  const idat = deflateSync(rows, { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small valid PNG whose IHDR (with a correct CRC) declares a different, e.g. huge, size. */
export async function pngWithDeclaredSize(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  const ihdr = Buffer.from(png.subarray(16, 29));
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  return Buffer.concat([png.subarray(0, 8), pngChunk('IHDR', ihdr), png.subarray(33)]);
}
