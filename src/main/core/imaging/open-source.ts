/**
 * Decode by content: detect the format from the leading bytes (never the extension), refuse what Headshot does not
 * accept, check the declared size against the pixel limit from the header alone, and hand back a factory for an
 * upright sharp pipeline. sharp reads JPEG, PNG, WebP, TIFF, GIF and AVIF itself (and applies the EXIF orientation);
 * HEIC (HEVC) and BMP are decoded in JavaScript to raw pixels that are oriented here.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { detectFormat } from '../library/detect-format';
import { readBmpHeader } from './bmp-decoder';
import { decodeInWorker } from './decode-worker';
import { decodeHeic } from './heic-decoder';
import { hasHeifTransformations } from './heif-boxes';
import { classifyDecodeError, imageError } from './image-error';
import { exifOrientation, orientRaw, swapsDimensions } from './orientation';
import { readInputHead, readWhole } from './read-input';
import { LIMITS } from './thresholds';

export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif' | 'heic' | 'bmp';

export interface OpenedSource {
  format: SourceFormat;
  /** Upright (after orientation) size. */
  width: number;
  height: number;
  /** Frames (GIF/WebP animation) or pages (TIFF); only the first is used. */
  pages: number;
  /** A new pipeline on the upright first frame/page. */
  pipeline: () => Sharp;
}

export interface OpenOptions {
  signal: AbortSignal;
  maxInputPixels?: number;
  maxFileBytes?: number;
  /**
   * Also handed to libvips and to the decode workers (BMP, HEIC), so a runaway decode stops even after the caller
   * has given up on it.
   */
  timeoutSeconds?: number;
}

/** sharp/libvips loaders Headshot accepts, by the name metadata() reports. */
const SHARP_FORMATS: Partial<Record<string, SourceFormat>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  tiff: 'tiff',
  gif: 'gif',
};

export async function openSource(input: string | Buffer, options: OpenOptions): Promise<OpenedSource> {
  const maxPixels = options.maxInputPixels ?? LIMITS.maxInputPixels;
  const maxFileBytes = options.maxFileBytes ?? LIMITS.maxFileBytes;
  const worker = {
    signal: options.signal,
    timeoutMs: options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined,
  };
  const head = await readInputHead(input, maxFileBytes);
  const detected = detectFormat(head.head);
  if (detected === 'svg') {
    throw imageError(
      'unsupported-format',
      'SVG drawings are not accepted (they can carry scripts); export a PNG or JPEG.',
    );
  }
  if (detected === 'pdf')
    throw imageError(
      'unsupported-format',
      'PDF documents are not accepted; export the photo as JPEG or PNG.',
    );
  if (detected === null)
    throw imageError('unsupported-format', 'The file is not an image Headshot can read (unknown content).');

  if (detected === 'bmp') {
    const buffer = await readWhole(head, maxFileBytes);
    const header = readBmpHeader(buffer);
    checkPixels(header.width, header.height, maxPixels);
    // Off the main thread: a 100 MP BMP takes seconds of JavaScript to decode.
    const bmp = await decodeInWorker('bmp', buffer, { maxPixels }, worker);
    return rawSource('bmp', bmp.data, bmp.width, bmp.height, bmp.channels, 1);
  }

  const sharpInput = head.path ?? (head.buffer as Buffer);
  let meta: Metadata;
  try {
    // Header only, no pixels decoded: read the declared size without sharp's limit so our check names it.
    meta = await sharp(sharpInput, { failOn: 'warning', limitInputPixels: false }).metadata();
  } catch (error) {
    throw classifyDecodeError(error);
  }
  if (!meta.width || !meta.height)
    throw imageError('corrupt-image', 'The image header does not declare a size.');
  checkPixels(meta.width, meta.height, maxPixels);

  if (meta.format === 'heif') {
    if (meta.compression === 'av1') return sharpSource('avif', meta, sharpInput, maxPixels, options);
    if (meta.compression !== 'hevc') {
      throw imageError(
        'unsupported-format',
        `HEIF images compressed with ${meta.compression ?? 'an unknown codec'} are not supported.`,
      );
    }
    const buffer = await readWhole(head, maxFileBytes);
    const decoded = await decodeHeic(buffer, worker.signal, worker.timeoutMs);
    checkPixels(decoded.width, decoded.height, maxPixels);
    // libheif has applied irot/imir; fall back to the EXIF orientation only when the container has none.
    const orientation = hasHeifTransformations(buffer) ? 1 : exifOrientation(meta.exif);
    const upright = await orientRaw(decoded.data, decoded, orientation);
    return rawSource('heic', upright.data, upright.width, upright.height, decoded.channels, meta.pages ?? 1);
  }
  const format = SHARP_FORMATS[meta.format];
  if (!format)
    throw imageError('unsupported-format', `${meta.format.toUpperCase()} images are not accepted.`);
  return sharpSource(format, meta, sharpInput, maxPixels, options);
}

function sharpSource(
  format: SourceFormat,
  meta: Metadata,
  input: string | Buffer,
  maxPixels: number,
  options: OpenOptions,
): OpenedSource {
  const orientation = meta.orientation ?? 1;
  const swap = swapsDimensions(orientation);
  const width = meta.width;
  const height = meta.height;
  return {
    format,
    width: swap ? height : width,
    height: swap ? width : height,
    pages: meta.pages ?? 1,
    pipeline: () => {
      const pipeline = sharp(input, { failOn: 'warning', limitInputPixels: maxPixels, autoOrient: true });
      return options.timeoutSeconds ? pipeline.timeout({ seconds: options.timeoutSeconds }) : pipeline;
    },
  };
}

function rawSource(
  format: SourceFormat,
  data: Buffer,
  width: number,
  height: number,
  channels: 3 | 4,
  pages: number,
): OpenedSource {
  return { format, width, height, pages, pipeline: () => sharp(data, { raw: { width, height, channels } }) };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw imageError(
      'image-too-large',
      `The image declares ${width} x ${height} pixels (${((width * height) / 1e6).toFixed(0)} MP), over the ${maxPixels / 1e6} MP limit.`,
    );
  }
}
