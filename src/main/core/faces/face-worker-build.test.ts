/**
 * The built face worker: scripts/build.mjs inlines the worker (tfjs included) as a string and copies the model and
 * wasm files to out/face. A bundle built the same way, run from a folder with no node_modules above it, must
 * detect a face with only the copied files: nothing from the packages, no esbuild, no network.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import sharp from 'sharp';
import { makeTempDir } from '../../../../test/support/image-fixtures';
import type * as FaceDetectorModule from './face-detector';

const root = path.resolve(import.meta.dirname, '../../../..');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('headshot-face-build-')));
afterAll(() => cleanup());

it('the built bundle carries the face worker inline and detects with the files in out/face', async () => {
  const buildScript = pathToFileURL(path.join(root, 'scripts/build.mjs')).href;
  const { inlineWorkers, faceAssetFiles, node } = (await import(buildScript)) as {
    inlineWorkers: Plugin;
    faceAssetFiles: Array<[string, string[]]>;
    node: Record<string, unknown>;
  };
  const outfile = path.join(dir, 'out/main/index.mjs');
  await build({
    ...node,
    format: 'esm',
    sourcemap: false,
    entryPoints: [path.join(root, 'src/main/core/faces/face-detector.ts')],
    outfile,
    plugins: [inlineWorkers],
  });
  // What copyFaceAssets does, into this folder rather than the checkout's out/.
  await mkdir(path.join(dir, 'out/face'));
  for (const [folder, files] of faceAssetFiles)
    for (const file of files) await copyFile(path.join(root, folder, file), path.join(dir, 'out/face', file));

  const text = await readFile(outfile, 'utf8');
  expect(text).not.toMatch(/buildSync/);
  expect(text).toContain('WASM_HAS_MULTITHREAD_SUPPORT');

  const built = (await import(pathToFileURL(outfile).href)) as typeof FaceDetectorModule;
  const detector = built.createFaceDetector();
  try {
    const { data, info } = await sharp(path.join(root, 'node_modules/@vladmandic/face-api/demo/sample3.jpg'))
      .resize(640)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const faces = await detector.detect({ data, width: info.width, height: info.height, channels: 3 });
    expect(faces).toHaveLength(3);
    expect(await detector.info()).toMatchObject({ backend: 'wasm', fetchCalls: 0 });
  } finally {
    await detector.close();
  }
});
