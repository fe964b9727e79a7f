/**
 * The one error type of the imaging pipeline: each refusal carries a code from the shared ImageErrorCode enum and a
 * message written for the person looking at the file. processImage turns it into `{ ok: false, error }`.
 */
import type { ImageErrorCode } from '../../../shared/domain';

export class ImageError extends Error {
  override name = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function imageError(code: ImageErrorCode, message: string): ImageError {
  return new ImageError(code, message);
}

/**
 * Map an error from sharp/libvips (or a decoder) to an ImageError. libvips reports everything as plain text, so
 * this matches the messages sharp 0.35 produces; anything unrecognised while decoding is treated as corrupt data.
 */
export function classifyDecodeError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const detail = firstLine(text);
  if (/pixel limit|exceeds.*limit|too large|out of memory/i.test(text)) {
    return imageError('image-too-large', `The image is too large to process safely (${detail}).`);
  }
  if (/timeout/i.test(text))
    return imageError('timeout', 'Processing the image took too long and was stopped.');
  if (/unsupported image format|not a known file format/i.test(text)) {
    return imageError('unsupported-format', 'The file is not an image format Headshot can read.');
  }
  return imageError('corrupt-image', `The image data is damaged or truncated (${detail}).`);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? text;
  return line.trim().slice(0, 200);
}
