/**
 * Where the face model and the WebAssembly runtime are on disk. Nothing is fetched: the files ship with the app.
 * - Built (`npm run build`): scripts/build.mjs copies them to out/face/, beside out/main and out/cli.
 * - Packaged: out/face/** is unpacked from the asar (electron-builder.yml `asarUnpack`), so the worker reads real
 *   files from app.asar.unpacked/out/face and never depends on asar support inside a worker thread.
 * - From source (vitest, tsx): the npm packages that ship them (@vladmandic/human's models, and
 *   @tensorflow/tfjs-backend-wasm's dist).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FACE_MODEL_FILES = ['blazeface.json', 'blazeface.bin'] as const;
/** The plain and SIMD builds: the worker runs tfjs on one thread, so the threaded build is never loaded. */
export const FACE_WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

export interface FaceAssets {
  /** blazeface.json (its weights file, blazeface.bin, lies beside it). */
  modelJson: string;
  modelWeights: string;
  /** The folder holding the tfjs-backend-wasm*.wasm files, ending in a separator (tfjs wants a prefix). */
  wasmDir: string;
}

/** The built layout's folder for a bundle in `<out>/<target>/`, preferring the asar-unpacked copy. */
function builtCandidates(moduleDir: string): string[] {
  const face = path.join(moduleDir, '..', 'face');
  const unpacked = face.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked === face ? [face] : [unpacked, face];
}

function* ancestors(dir: string): Generator<string> {
  let current = path.resolve(dir);
  for (;;) {
    yield current;
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Finds the files from `moduleDir` (default: this module's folder, i.e. out/main or out/cli once bundled).
 * Throws an Error naming every place it looked when a file is missing.
 */
export function locateFaceAssets(moduleDir = path.dirname(fileURLToPath(import.meta.url))): FaceAssets {
  const looked: string[] = [];
  const complete = (modelDir: string, wasmDir: string): FaceAssets | undefined => {
    looked.push(modelDir === wasmDir ? modelDir : `${modelDir} + ${wasmDir}`);
    const all = [
      ...FACE_MODEL_FILES.map((f) => path.join(modelDir, f)),
      ...FACE_WASM_FILES.map((f) => path.join(wasmDir, f)),
    ];
    if (!all.every((file) => existsSync(file))) return undefined;
    return {
      modelJson: path.join(modelDir, FACE_MODEL_FILES[0]),
      modelWeights: path.join(modelDir, FACE_MODEL_FILES[1]),
      wasmDir: wasmDir + path.sep,
    };
  };
  for (const dir of builtCandidates(moduleDir)) {
    const found = complete(dir, dir);
    if (found) return found;
  }
  for (const dir of ancestors(moduleDir)) {
    const modules = path.join(dir, 'node_modules');
    if (!existsSync(modules)) continue;
    const found = complete(
      path.join(modules, '@vladmandic', 'human', 'models'),
      path.join(modules, '@tensorflow', 'tfjs-backend-wasm', 'dist'),
    );
    if (found) return found;
  }
  throw new Error(
    `The face detection model is missing from this installation (looked in ${looked.join('; ')}). Reinstall Headshot.`,
  );
}
