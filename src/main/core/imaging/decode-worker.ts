/**
 * Runs a named decoder (the table in decode-worker-entry.ts) in a worker thread. Headshot's own decoders are
 * synchronous JavaScript (BMP) or WebAssembly (HEIC) and cannot be interrupted: on the main thread a 100 MP BMP
 * would hold the event loop (the window, IPC, every timer) for seconds. In a worker the event loop stays free, and a
 * time limit or an abort terminates the worker at once, which also frees its memory. The pixels come back by
 * transfer, not by copy. When the returned promise settles, the worker has exited: none is left behind.
 */
import { Worker } from 'node:worker_threads';
import type { DecoderArgs, DecoderName, WorkerReply, WorkerRequest } from './decode-worker-entry';
import { decodeWorkerSource } from './decode-worker-source';
import { imageError } from './image-error';

export type { DecoderName } from './decode-worker-entry';

export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface WorkerDecodeOptions {
  /** Aborting terminates the worker; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** Terminate the worker after this long and reject with `timeout`. */
  timeoutMs?: number;
}

let live = 0;

/** Decode workers started and not yet exited (Node lists no worker in process.getActiveResourcesInfo()). */
export function liveDecodeWorkers(): number {
  return live;
}

export function decodeInWorker<N extends DecoderName>(
  decoder: N,
  input: Buffer,
  args: DecoderArgs[N],
  options: WorkerDecodeOptions,
): Promise<RawPixels> {
  const { signal, timeoutMs } = options;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  const label = decoder.toUpperCase();
  // An exact copy, handed over by transfer: the caller keeps its buffer, and cloning a view instead would copy
  // its whole backing ArrayBuffer (a pooled or sliced one included).
  const bytes = new Uint8Array(input);
  const request: WorkerRequest<N> = { decoder, input: bytes, args };
  const worker = new Worker(decodeWorkerSource(), {
    eval: true,
    // Decoders may print diagnostics (libheif does); the error message already carries what matters.
    stdout: true,
    stderr: true,
    workerData: { decodeWorker: true, request },
    transferList: [bytes.buffer],
  });
  live++;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      live--;
      resolve();
    }),
  );
  worker.stdout.resume();
  worker.stderr.resume();

  return new Promise<RawPixels>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      void exited.then(settle);
    };
    const fail = (error: Error): void => finish(() => reject(error));
    const onAbort = (): void => fail(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined)
      timer = setTimeout(
        () =>
          fail(
            imageError(
              'timeout',
              `The ${label} image took too long to decode (more than ${duration(timeoutMs)}) and was stopped.`,
            ),
          ),
        timeoutMs,
      );

    worker.once('message', (reply: WorkerReply) => {
      if (!reply.ok) {
        fail(
          reply.code
            ? imageError(reply.code, reply.message)
            : imageError(
                'corrupt-image',
                `The ${label} image data is damaged or not supported. Export the photo again as JPEG.`,
                reply.message,
              ),
        );
        return;
      }
      const data = Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
      if (data.length !== reply.width * reply.height * reply.channels) {
        fail(
          imageError('corrupt-image', `The ${label} decoder returned an unexpected amount of pixel data.`),
        );
        return;
      }
      finish(() => resolve({ data, width: reply.width, height: reply.height, channels: reply.channels }));
    });
    worker.once('error', (error) =>
      fail(
        imageError(
          'corrupt-image',
          `The ${label} image could not be decoded. Export the photo again as JPEG.`,
          error.message,
        ),
      ),
    );
    worker.once('exit', (code) =>
      fail(
        imageError(
          'corrupt-image',
          `The ${label} image could not be decoded. Export the photo again as JPEG.`,
          `exit code ${code}`,
        ),
      ),
    );
  });
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
