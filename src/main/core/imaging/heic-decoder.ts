/**
 * HEIC/HEIF (HEVC) decoding with heic-decode (libheif compiled to WebAssembly): sharp's prebuilt libvips has no
 * HEVC decoder. The WebAssembly decoder is synchronous and cannot be interrupted, so it runs in a decode worker
 * (decode-worker.ts): the event loop stays free, and a timeout or an abort terminates the worker at once.
 * libheif applies the container's irot/imir transformations while decoding.
 */
import { createRequire } from 'node:module';
import { decodeInWorker, type RawPixels } from './decode-worker';

let modulePath: string | undefined;

export function decodeHeic(buffer: Buffer, signal: AbortSignal, timeoutMs?: number): Promise<RawPixels> {
  // Resolved here: the worker runs eval'd code, which has no location to resolve a package from.
  modulePath ??= createRequire(import.meta.url).resolve('heic-decode');
  return decodeInWorker('heic', buffer, { modulePath }, { signal, timeoutMs });
}
