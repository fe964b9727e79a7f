/**
 * The code that runs inside the face worker (face-detector.ts launches it): loads BlazeFace from disk once with
 * the tfjs WebAssembly backend on one thread, then answers detect requests until it is terminated. Pixels arrive
 * by transfer; faces go back as plain data. Errors cross as messages; the worker stays up for the next picture.
 *
 * Bundled to one CommonJS string (face-worker-source.ts) with tfjs inside and run with `eval`, so nothing here
 * relies on a path of its own: the files' paths come from the launcher (face-assets.ts).
 */
import './face-worker-quiet';
import './face-worker-no-network';
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Face } from '../../../shared/faces';
import { blazefaceAnchors, BLAZEFACE_INPUT_SIZE, facesFromOutputs, joinOutputs } from './blazeface-decode';
import { letterboxInput } from './blazeface-input';
import type { FaceAssets } from './face-assets';
import { fetchCalls } from './face-worker-no-network';

export interface FaceWorkerData {
  faceWorker: true;
  assets: FaceAssets;
}

export interface DetectRequest {
  type: 'detect';
  id: number;
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  minScore: number;
  iouThreshold: number;
}

/** Tests only: make the worker die as a crash would. */
export interface CrashRequest {
  type: 'crash';
}

export type FaceWorkerRequest = DetectRequest | CrashRequest;

export interface FaceWorkerInfo {
  backend: string;
  simd: boolean;
  threads: boolean;
  /** Calls of fetch in the worker so far (always 0: nothing is downloaded). */
  fetchCalls: number;
}

export type FaceWorkerReply =
  | ({ type: 'ready' } & FaceWorkerInfo)
  | { type: 'failed-to-start'; message: string }
  | { type: 'result'; id: number; ok: true; faces: Face[]; fetchCalls: number }
  | { type: 'result'; id: number; ok: false; message: string };

async function start(assets: FaceAssets): Promise<{ model: GraphModel; info: FaceWorkerInfo }> {
  // One thread: the detector is one worker among the app's other work (and the threaded build needs a worker
  // script of its own).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(assets.wasmDir);
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('The WebAssembly backend did not start.');
  await tf.ready();
  const json = JSON.parse(readFileSync(assets.modelJson, 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
  };
  const weights = readFileSync(assets.modelWeights);
  const model = await loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy ?? undefined,
    }),
  );
  return {
    model,
    info: {
      backend: tf.getBackend(),
      simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
      threads: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true,
      fetchCalls: fetchCalls(),
    },
  };
}

const anchors = blazefaceAnchors();

function detect(model: GraphModel, request: DetectRequest): Face[] {
  const { input, letterbox } = letterboxInput(request, BLAZEFACE_INPUT_SIZE);
  const outputs = tf.tidy(() => {
    const result = model.execute(tf.tensor4d(input, [1, BLAZEFACE_INPUT_SIZE, BLAZEFACE_INPUT_SIZE, 3]));
    return Array.isArray(result) ? result : [result];
  });
  try {
    const raw = joinOutputs(outputs.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array })));
    return facesFromOutputs(raw, anchors, letterbox, request, {
      minScore: request.minScore,
      iouThreshold: request.iouThreshold,
    });
  } finally {
    tf.dispose(outputs);
  }
}

function serve(assets: FaceAssets): void {
  const port = parentPort!;
  const ready = start(assets);
  ready.then(
    ({ info }) => port.postMessage({ type: 'ready', ...info } satisfies FaceWorkerReply),
    (error: unknown) =>
      port.postMessage({ type: 'failed-to-start', message: messageOf(error) } satisfies FaceWorkerReply),
  );
  port.on('message', (request: FaceWorkerRequest) => {
    if (request.type === 'crash') process.exit(70);
    void ready.then(
      ({ model }) => {
        let reply: FaceWorkerReply;
        try {
          reply = {
            type: 'result',
            id: request.id,
            ok: true,
            faces: detect(model, request),
            fetchCalls: fetchCalls(),
          };
        } catch (error) {
          reply = { type: 'result', id: request.id, ok: false, message: messageOf(error) };
        }
        port.postMessage(reply);
      },
      () => undefined,
    );
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

// Only inside the face worker: the launcher imports this module's types.
const data = workerData as Partial<FaceWorkerData> | undefined;
if (parentPort && data?.faceWorker === true && data.assets) serve(data.assets);
