/**
 * HEIC/HEIF (HEVC) decoding with heic-decode (libheif compiled to WebAssembly): sharp's prebuilt libvips has no
 * HEVC decoder. The WebAssembly decoder is synchronous and cannot be interrupted, so it runs in a worker thread:
 * the event loop stays free, and a timeout or an abort terminates the worker (and frees its memory) at once.
 * libheif applies the container's irot/imir transformations while decoding.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { imageError } from './image-error';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

// Plain CommonJS run with `eval` so it works unchanged from source (vitest, tsx) and from the esbuild bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.modulePath);
decode({ buffer: workerData.buffer }).then(
  (image) => {
    const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    parentPort.postMessage({ ok: true, width: image.width, height: image.height, data }, [data.buffer]);
  },
  (error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }),
);
`;

let modulePath: string | undefined;

export function decodeHeic(buffer: Buffer, signal: AbortSignal): Promise<RawImage> {
  modulePath ??= createRequire(import.meta.url).resolve('heic-decode');
  return new Promise<RawImage>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // libheif prints its own diagnostics; the error message already carries them.
      stdout: true,
      stderr: true,
      workerData: { modulePath, buffer: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const onAbort = (): void => {
      settle();
      void worker.terminate();
      reject(signal.reason as Error);
    };
    let done = false;
    const settle = (): void => {
      done = true;
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once(
      'message',
      (
        message:
          { ok: true; width: number; height: number; data: Uint8Array } | { ok: false; message: string },
      ) => {
        if (done) return;
        settle();
        void worker.terminate();
        if (message.ok) {
          const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
          if (data.length !== message.width * message.height * 4) {
            reject(
              imageError('corrupt-image', 'The HEIC decoder returned an unexpected amount of pixel data.'),
            );
            return;
          }
          resolve({ data, width: message.width, height: message.height, channels: 4 });
        } else {
          reject(
            imageError(
              'corrupt-image',
              `The HEIC image data is damaged or unsupported (${message.message}).`,
            ),
          );
        }
      },
    );
    worker.once('error', (error) => {
      if (done) return;
      settle();
      reject(imageError('corrupt-image', `The HEIC decoder failed (${error.message}).`));
    });
    worker.once('exit', (code) => {
      if (done) return;
      settle();
      reject(imageError('corrupt-image', `The HEIC decoder stopped unexpectedly (exit code ${code}).`));
    });
  });
}
