/**
 * Fast thumbnails for the review screen (e.g. 160 and 320 px): the same guards and decode-by-content as the
 * pipeline, then a single fit-inside resize (sharp uses JPEG/WebP shrink-on-load) to a small JPEG. No crop, no
 * checks, no size stepping: the whole picture, upright, so the reviewer can place a crop on it.
 */
import type { ImageErrorCode } from '../../shared/domain';
import { classifyDecodeError } from './image-error';
import { openSource } from './open-source';
import { LIMITS, OUTPUT } from './thresholds';

export type PreviewResult =
  | { ok: true; data: Buffer; mime: string; width: number; height: number }
  | { ok: false; error: { code: ImageErrorCode; message: string } };

const PREVIEW_QUALITY = 75;

export async function makePreview(
  input: string | Buffer,
  size: number,
  signal?: AbortSignal,
): Promise<PreviewResult> {
  if (!Number.isInteger(size) || size < 16 || size > OUTPUT.maxSize) {
    throw new TypeError(`Preview size must be an integer from 16 to ${OUTPUT.maxSize}, got ${size}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), LIMITS.defaultTimeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const source = await openSource(input, {
      signal: controller.signal,
      timeoutSeconds: Math.ceil(LIMITS.defaultTimeoutMs / 1000),
    });
    const { data, info } = await source
      .pipeline()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: OUTPUT.defaultBackground })
      .toColourspace('srgb')
      .jpeg({ quality: PREVIEW_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, mime: 'image/jpeg', width: info.width, height: info.height };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failure = classifyDecodeError(error);
    return { ok: false, error: { code: failure.code, message: failure.message } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
