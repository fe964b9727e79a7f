/**
 * The detectors considered for Headshot, on the same photos (the face-api demo group shots, decoded to 640 px, and
 * a 2:3 portrait cut from sample 3), each on tfjs's WebAssembly backend, one thread, files from disk:
 * - ours: BlazeFace (human's blazeface.json) with our decoder, in its worker (src/main/core/faces);
 * - Human 3.3.6, face detection only (BlazeFace + its own pipeline: enlarged, squared boxes), mesh/iris/etc. off;
 * - face-api 1.7.15 TinyFaceDetector (416 px input) and SsdMobilenetv1.
 * Prints ms per photo (p50 over rounds x photos, and the spread of per-round means) and faces found per photo.
 * face-api's node-wasm build requires the `@tensorflow/tfjs` umbrella package, which Headshot does not install: the
 * bench maps it to tfjs-core + tfjs-converter (see tfjsUmbrella). Human and face-api read their
 * models through fetch: the bench serves file:// URLs from disk (nothing leaves the machine).
 * Run: npx tsx bench/faces/compare.ts [rounds]
 */
import { readFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import type * as FaceApiModule from '@vladmandic/face-api';
import type * as HumanModule from '@vladmandic/human';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import {
  createFaceDetector,
  decodeForDetection,
  type FacePixels,
} from '../../src/main/core/faces/face-detector';

const rounds = Number(process.argv[2] ?? 5);
const root = path.resolve(import.meta.dirname, '../..');
const modules = path.join(root, 'node_modules');
const require = createRequire(import.meta.url);
const wasmDir = path.join(modules, '@tensorflow/tfjs-backend-wasm/dist') + path.sep;

// Local files only: any other URL is refused.
globalThis.fetch = async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('file://')) throw new Error(`bench: refusing to fetch ${url}`);
  return new Response(await readFile(fileURLToPath(url)));
};

type FaceApi = typeof FaceApiModule;

interface Engine {
  name: string;
  start(): Promise<void>;
  detect(p: FacePixels): Promise<number>;
}

const ours = (() => {
  const detector = createFaceDetector();
  return {
    name: 'ours (BlazeFace + own decoder, worker)',
    start: async () => void (await detector.info()),
    detect: async (p: FacePixels) => (await detector.detect(p)).length,
    close: () => detector.close(),
  };
})();

function human(): Engine {
  const { Human } = require(
    path.join(modules, '@vladmandic/human/dist/human.node-wasm.js'),
  ) as typeof HumanModule;
  const h = new Human({
    backend: 'wasm',
    wasmPath: wasmDir,
    wasmPlatformFetch: false,
    modelBasePath: pathToFileURL(path.join(modules, '@vladmandic/human/models')).href + '/',
    debug: false,
    async: true,
    warmup: 'none',
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 20, minConfidence: 0.6, square: true },
      mesh: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  } as never);
  const tf = h.tf as typeof TfCore;
  return {
    name: 'Human 3.3.6 face only',
    start: async () => {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      await h.load();
    },
    detect: async (p) => {
      const t = tf.tensor4d(new Uint8Array(p.data), [1, p.height, p.width, 3], 'int32');
      const result = await h.detect(t);
      tf.dispose(t);
      return result.face.length;
    },
  };
}

/**
 * Stands in for the `@tensorflow/tfjs` umbrella package: tfjs-core + tfjs-converter, plus the chained tensor
 * methods (t.as3D(), t.add(x)...) that the umbrella registers and tfjs-core's Node bundle leaves out, added here as
 * calls of the same ops.
 */
function tfjsUmbrella(): object {
  const core = require('@tensorflow/tfjs-core') as Record<string, unknown> & {
    Tensor: { prototype: Record<string, unknown> };
  };
  const converter = require('@tensorflow/tfjs-converter') as Record<string, unknown>;
  const proto = core.Tensor.prototype;
  const op = (name: string) => core[name] as (...args: unknown[]) => unknown;
  for (const [name, fn] of Object.entries(core))
    if (typeof fn === 'function' && !(name in proto) && /^[a-z]/.test(name))
      proto[name] = function (this: unknown, ...args: unknown[]) {
        return (fn as (...a: unknown[]) => unknown)(this, ...args);
      };
  for (const rank of [1, 2, 3, 4, 5])
    proto[`as${rank}D`] = function (this: unknown, ...shape: number[]) {
      return op('reshape')(this, shape);
    };
  proto.asScalar = function (this: unknown) {
    return op('reshape')(this, []);
  };
  proto.asType = function (this: unknown, dtype: string) {
    return op('cast')(this, dtype);
  };
  proto.toFloat = function (this: unknown) {
    return op('cast')(this, 'float32');
  };
  return { ...core, ...converter };
}

function faceApi(kind: 'tiny' | 'ssd'): Engine {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  const umbrella = tfjsUmbrella();
  loader._load = (request, ...rest) => (request === '@tensorflow/tfjs' ? umbrella : load(request, ...rest));
  const faceapi = require(path.join(modules, '@vladmandic/face-api/dist/face-api.node-wasm.js')) as FaceApi;
  const tf = faceapi.tf as unknown as typeof TfCore;
  const models = path.join(modules, '@vladmandic/face-api/model');
  return {
    name: kind === 'tiny' ? 'face-api TinyFaceDetector 416' : 'face-api SsdMobilenetv1',
    start: async () => {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setWasmPaths(wasmDir);
      await tf.setBackend('wasm');
      await tf.ready();
      if (kind === 'tiny') await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
      else await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    },
    detect: async (p) => {
      const t = tf.tensor3d(new Uint8Array(p.data), [p.height, p.width, 3], 'int32');
      const options =
        kind === 'tiny'
          ? new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 })
          : new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
      const found = await faceapi.detectAllFaces(t as never, options);
      tf.dispose(t);
      return found.length;
    },
  };
}

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function main(): Promise<void> {
  const demo = path.join(modules, '@vladmandic/face-api/demo');
  const photos: FacePixels[] = [];
  for (let i = 1; i <= 6; i++)
    photos.push(await decodeForDetection(sharp(path.join(demo, `sample${i}.jpg`))));
  const portrait = await sharp(path.join(demo, 'sample3.jpg'))
    .extract({ left: 460, top: 160, width: 480, height: 720 })
    .toBuffer();
  photos.push(await decodeForDetection(sharp(portrait)));
  console.log('seen by eye: 3 3 3 4 5 4 (sample 2: one in profile, one looking down), portrait 1');

  const which = (process.env.ENGINES ?? 'ours,human,tiny,ssd').split(',');
  const engines: Engine[] = [];
  if (which.includes('ours')) engines.push(ours);
  if (which.includes('human')) engines.push(human());
  if (which.includes('tiny')) engines.push(faceApi('tiny'));
  if (which.includes('ssd')) engines.push(faceApi('ssd'));
  for (const engine of engines) {
    const t = performance.now();
    await engine.start();
    const startMs = performance.now() - t;
    for (const p of photos) await engine.detect(p); // warm-up
    const times: number[] = [];
    const means: number[] = [];
    let counts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      counts = [];
      const before = times.length;
      for (const p of photos) {
        const t0 = performance.now();
        counts.push(await engine.detect(p));
        times.push(performance.now() - t0);
      }
      means.push(times.slice(before).reduce((a, b) => a + b, 0) / photos.length);
    }
    console.log(
      `${engine.name.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  ` +
        `round means ${Math.min(...means).toFixed(1)}-${Math.max(...means).toFixed(1)} ms  start ${startMs.toFixed(0)} ms  found ${counts.join(' ')}`,
    );
  }
  await ours.close();
}

await main();
