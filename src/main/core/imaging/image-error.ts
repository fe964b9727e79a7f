/**
 * The one error type of the imaging pipeline: each refusal carries a code from the shared ImageErrorCode enum and a
 * message written for the person looking at the file. processImage turns it into `{ ok: false, error }`.
 * What a library said (sharp/libvips, a decoder) goes in `detail`, for logs only: never in a message people read.
 */
import type { ImageErrorCode } from '../../../shared/domain';

export class ImageError extends Error {
  override name = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    /** The library's own words, for logs; never shown. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function imageError(code: ImageErrorCode, message: string, detail?: string): ImageError {
  return new ImageError(code, message, detail);
}

/** The sentence people read for each code when a library refused the file (its text stays in `detail`). */
export const IMAGE_ERROR_SENTENCE: Record<ImageErrorCode, string> = {
  'empty-file': 'The file is empty. Export the photo again.',
  'corrupt-image':
    'The image data is damaged or cut short (the file may not have finished copying). Export the photo again.',
  'image-too-large': 'The image is too large to process safely. Save it at a smaller size and add it again.',
  'unsupported-format': 'The file is not an image format Headshot can read. Save it as JPEG or PNG.',
  'too-small': 'The photo is too small. Use a larger original.',
  timeout: 'Processing the image took too long and was stopped. Save it at a smaller size and add it again.',
  'read-error': 'The file could not be read. Check that it is still in the folder and not open elsewhere.',
};

/**
 * Map an error from sharp/libvips (or a decoder) to an ImageError. libvips reports everything as plain text, so
 * this matches the messages sharp 0.35 produces; anything unrecognised while decoding is treated as corrupt data.
 */
export function classifyDecodeError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const detail = firstLine(text);
  if (/pixel limit|exceeds.*limit|too large|out of memory/i.test(text)) {
    return imageError('image-too-large', IMAGE_ERROR_SENTENCE['image-too-large'], detail);
  }
  if (/timeout/i.test(text)) return imageError('timeout', IMAGE_ERROR_SENTENCE.timeout, detail);
  if (/unsupported image format|not a known file format/i.test(text)) {
    return imageError('unsupported-format', IMAGE_ERROR_SENTENCE['unsupported-format'], detail);
  }
  return imageError('corrupt-image', IMAGE_ERROR_SENTENCE['corrupt-image'], detail);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? text;
  return line.trim().slice(0, 200);
}
