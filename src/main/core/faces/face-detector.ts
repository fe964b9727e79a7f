/**
 * Offline face detection: BlazeFace in one long-lived worker thread (face-worker-entry.ts), so the model loads once
 * and a detection never holds the main event loop. The worker is unref'd while idle (it never keeps the process
 * alive) and ref'd while a detection is pending (so the process waits for the answer). If the worker dies, every
 * pending call rejects with an Error and the next call starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { Sharp } from 'sharp';
import type { Face } from '../../../shared/faces';
import { locateFaceAssets, type FaceAssets } from './face-assets';
import type { DetectRequest, FaceWorkerData, FaceWorkerInfo, FaceWorkerReply } from './face-worker-entry';
import { faceWorkerSource } from './face-worker-source';

export type { FaceWorkerInfo } from './face-worker-entry';

export interface FacePixels {
  data: Buffer | Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface FaceDetector {
  /** Faces in the picture, largest first, boxes normalised to the given pixels (0..1); [] when none. */
  detect(pixels: FacePixels, signal?: AbortSignal): Promise<Face[]>;
  close(): Promise<void>;
}

/** The detector plus what tests and benches look at. */
export interface InspectableFaceDetector extends FaceDetector {
  /** Starts the worker if needed and says how it runs. */
  info(): Promise<FaceWorkerInfo>;
  /** Tests only: kill the worker as a crash would. */
  crashForTest(): void;
}

export const DEFAULT_MIN_FACE_SCORE = 0.6;
export const FACE_NMS_IOU = 0.3;
/**
 * The long side of the decode used for detection. BlazeFace sees 256 px whatever it gets, but 256-448 px decodes
 * (libvips' resampling instead of our letterbox's) lose faces that score near the minimum (bench/faces/decode-size.ts:
 * 2 of 18 photos) to save 7-15 ms of CPU, so the decode stays at 640.
 */
export const DETECTION_MAX_SIDE = 640;

interface Pending {
  resolve: (faces: Face[]) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  ready: Promise<FaceWorkerInfo>;
  pending: Map<number, Pending>;
}

export function createFaceDetector(
  options: { minScore?: number; assets?: FaceAssets } = {},
): InspectableFaceDetector {
  const minScore = options.minScore ?? DEFAULT_MIN_FACE_SCORE;
  if (!(minScore > 0 && minScore < 1))
    throw new Error(`The minimum face score must be between 0 and 1 (got ${minScore}).`);
  let running: Running | undefined;
  let nextId = 1;

  const refWhileBusy = (run: Running): void => {
    if (run.pending.size > 0) run.worker.ref();
    else run.worker.unref();
  };

  const fail = (run: Running, error: Error): void => {
    if (running === run) running = undefined;
    for (const p of run.pending.values()) p.reject(error);
    run.pending.clear();
  };

  const launch = (): Running => {
    const assets = options.assets ?? locateFaceAssets();
    const workerData: FaceWorkerData = { faceWorker: true, assets };
    // No piped stdout/stderr: a piped stream keeps the process alive even with the worker unref'd. The worker
    // silences its own console instead (face-worker-quiet.ts).
    const worker = new Worker(faceWorkerSource(), { eval: true, workerData });
    worker.unref();
    let markReady: (info: FaceWorkerInfo) => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<FaceWorkerInfo>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => undefined);
    const run: Running = { worker, ready, pending: new Map() };
    worker.on('message', (reply: FaceWorkerReply) => {
      if (reply.type === 'ready') {
        const { type: _type, ...info } = reply;
        markReady(info);
      } else if (reply.type === 'failed-to-start') {
        const error = new Error(`Face detection could not start: ${reply.message}`);
        markFailed(error);
        fail(run, error);
        void worker.terminate();
      } else {
        const p = run.pending.get(reply.id);
        if (!p) return;
        run.pending.delete(reply.id);
        refWhileBusy(run);
        if (reply.ok) p.resolve(reply.faces);
        else p.reject(new Error(`Face detection failed on this picture: ${reply.message}`));
      }
    });
    worker.on('error', (error) => {
      const failure = new Error(`The face detector stopped unexpectedly: ${error.message}`);
      markFailed(failure);
      fail(run, failure);
    });
    worker.on('exit', (code) => {
      const failure = new Error(`The face detector stopped unexpectedly (exit code ${code}).`);
      markFailed(failure);
      fail(run, failure);
    });
    return run;
  };

  const current = (): Running => {
    running ??= launch();
    return running;
  };

  return {
    detect(pixels, signal) {
      if (signal?.aborted) return Promise.reject(reasonOf(signal));
      const problem = checkPixels(pixels);
      if (problem) return Promise.reject(new Error(problem));
      const run = current();
      const id = nextId++;
      // A copy handed over by transfer: the caller keeps its buffer.
      const data = new Uint8Array(pixels.data.subarray(0, pixels.width * pixels.height * pixels.channels));
      const request: DetectRequest = {
        type: 'detect',
        id,
        data,
        width: pixels.width,
        height: pixels.height,
        channels: pixels.channels,
        minScore,
        iouThreshold: FACE_NMS_IOU,
      };
      return new Promise<Face[]>((resolve, reject) => {
        // An abort cannot stop the model mid-run (about 20 ms); the answer is dropped when it comes.
        const onAbort = (): void => {
          if (!run.pending.delete(id)) return;
          refWhileBusy(run);
          reject(reasonOf(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => signal?.removeEventListener('abort', onAbort);
        run.pending.set(id, {
          resolve: (faces) => {
            done();
            resolve(faces);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        });
        refWhileBusy(run);
        run.worker.postMessage(request, [data.buffer]);
      });
    },
    async close() {
      const run = running;
      if (!run) return;
      running = undefined;
      fail(run, new Error('The face detector was closed.'));
      await run.worker.terminate();
    },
    info() {
      return current().ready;
    },
    crashForTest() {
      current().worker.postMessage({ type: 'crash' });
    },
  };
}

function reasonOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The face detection was cancelled.');
}

function checkPixels(p: FacePixels): string | undefined {
  if (!(Number.isInteger(p.width) && Number.isInteger(p.height) && p.width > 0 && p.height > 0))
    return `Cannot detect faces in a picture of ${p.width} x ${p.height} pixels.`;
  if (p.channels !== 3 && p.channels !== 4)
    return `Face detection needs RGB or RGBA pixels (got ${String(p.channels)} channels).`;
  if (p.data.length < p.width * p.height * p.channels)
    return `The picture's pixel data is too short (${p.data.length} bytes for ${p.width} x ${p.height} x ${p.channels}).`;
  return undefined;
}

let shared: InspectableFaceDetector | undefined;

/** One detector per process, started lazily (the worker and model load once), closed at exit / by close(). */
export function sharedFaceDetector(): InspectableFaceDetector {
  shared ??= createFaceDetector();
  return shared;
}

/** Decode for detection: the upright picture at most `maxSide` px on its long side (JPEG shrink-on-load), RGB. */
export async function decodeForDetection(
  source: Sharp,
  maxSide: number = DETECTION_MAX_SIDE,
): Promise<FacePixels> {
  if (!(Number.isInteger(maxSide) && maxSide >= 64 && maxSide <= DETECTION_MAX_SIDE))
    throw new RangeError(`The detection decode must be 64..${DETECTION_MAX_SIDE} px long (got ${maxSide}).`);
  const { data, info } = await source
    .clone()
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
}
