import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from '../../../../test/support/image-fixtures';
import { FACE_MODEL_FILES, FACE_WASM_FILES, locateFaceAssets } from './face-assets';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir('headshot-face-assets-')));
afterEach(() => cleanup());

async function lay(folder: string, files: readonly string[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(path.join(folder, file), file);
}

it('finds the built layout: out/face beside out/main', async () => {
  await lay(path.join(dir, 'out/face'), [...FACE_MODEL_FILES, ...FACE_WASM_FILES]);
  const found = locateFaceAssets(path.join(dir, 'out/main'));
  expect(found).toEqual({
    modelJson: path.join(dir, 'out/face/blazeface.json'),
    modelWeights: path.join(dir, 'out/face/blazeface.bin'),
    wasmDir: path.join(dir, 'out/face') + path.sep,
  });
});

it('inside the asar, prefers the unpacked copy', async () => {
  const resources = path.join(dir, 'resources');
  await lay(path.join(resources, 'app.asar.unpacked/out/face'), [...FACE_MODEL_FILES, ...FACE_WASM_FILES]);
  const found = locateFaceAssets(path.join(resources, 'app.asar/out/cli'));
  expect(found.modelJson).toBe(path.join(resources, 'app.asar.unpacked/out/face/blazeface.json'));
});

it('from source, takes the files from the npm packages that ship them', async () => {
  await lay(path.join(dir, 'node_modules/@vladmandic/human/models'), FACE_MODEL_FILES);
  await lay(path.join(dir, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'), FACE_WASM_FILES);
  const found = locateFaceAssets(path.join(dir, 'src/main/core/faces'));
  expect(found.modelWeights).toBe(path.join(dir, 'node_modules/@vladmandic/human/models/blazeface.bin'));
  expect(found.wasmDir).toBe(path.join(dir, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep);
});

it('a missing file is an error that names where it looked', async () => {
  await lay(path.join(dir, 'out/face'), [...FACE_MODEL_FILES, ...FACE_WASM_FILES.slice(1)]);
  expect(() => locateFaceAssets(path.join(dir, 'out/main'))).toThrow(
    new RegExp(
      `model is missing .*looked in ${path.join(dir, 'out/face').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
    ),
  );
});

it('finds the real files in this checkout', () => {
  expect(locateFaceAssets().modelJson).toMatch(/blazeface\.json$/);
});
