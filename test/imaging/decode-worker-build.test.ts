/**
 * The decode worker as `npm run build` ships it: scripts/build.mjs replaces decode-worker-source.ts with the worker
 * bundled to a string. Bundle the launcher the same way into a temporary file, then run a BMP decode through the
 * bundle: it must work without esbuild (which the built app does not ship) and give the pixels the source gives.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeBmp } from '../../src/main/core/imaging/bmp-decoder';
import type * as DecodeWorker from '../../src/main/core/imaging/decode-worker';
import { makeTempDir, quadrants, writeBmp24 } from '../support/image-fixtures';
import { LIMITS } from '../../src/main/core/imaging/thresholds';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('headshot-worker-build-')));
afterAll(() => cleanup());

it('the built bundle carries the worker inline and decodes a BMP with it', async () => {
  // A computed specifier: build.mjs is plain JavaScript without type declarations.
  const buildScript = pathToFileURL(path.join(root, 'scripts/build.mjs')).href;
  const { inlineWorkers, node } = (await import(buildScript)) as {
    inlineWorkers: Plugin;
    node: Record<string, unknown>;
  };
  const outfile = path.join(dir, 'decode-worker.mjs');
  await build({
    ...node,
    format: 'esm',
    sourcemap: false,
    entryPoints: [path.join(root, 'src/main/core/imaging/decode-worker.ts')],
    outfile,
    plugins: [inlineWorkers],
  });
  const text = await readFile(outfile, 'utf8');
  expect(text).not.toMatch(/esbuild|buildSync/);
  expect(text).toContain('postMessage(reply, [data.buffer])');

  const built = (await import(pathToFileURL(outfile).href)) as typeof DecodeWorker;
  const bmp = writeBmp24(quadrants(21, 9));
  const image = await built.decodeInWorker(
    'bmp',
    bmp,
    { maxPixels: LIMITS.maxInputPixels },
    { signal: new AbortController().signal },
  );
  const inline = decodeBmp(bmp, LIMITS.maxInputPixels);
  expect([image.width, image.height, image.channels]).toEqual([21, 9, 3]);
  expect(image.data.equals(inline.data)).toBe(true);
  expect(built.liveDecodeWorkers()).toBe(0);
});
