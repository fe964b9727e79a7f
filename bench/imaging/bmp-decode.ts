/**
 * BMP decode on the main thread (decodeBmp, as before) against the decode worker (decodeInWorker), side by side on
 * the same buffers: wall time, and the longest the event loop was held (perf_hooks' event-loop delay histogram,
 * sampled every 10 ms). Cases: the 10000 x 10000 1-bit BMP (12.5 MB file, 300 MB of RGB) and a 1000 x 1000 24-bit
 * BMP (where the worker's start-up cost shows).  Run: npx tsx bench/imaging/bmp-decode.ts [runs]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hugeBmp1 } from '../../test/imaging/bmp-fixtures';
import { decodeBmp } from '../../src/main/core/imaging/bmp-decoder';
import { decodeInWorker } from '../../src/main/core/imaging/decode-worker';
import { photoLike, writeBmp24 } from '../../test/support/image-fixtures';
import { LIMITS } from '../../src/main/core/imaging/thresholds';

const runs = Number(process.argv[2] ?? 3);
const maxPixels = LIMITS.maxInputPixels;

async function measure(label: string, decode: () => unknown): Promise<void> {
  const times: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < runs; i++) {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // Let the histogram take its first sample before the work starts.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await decode();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 30));
    loop.disable();
    held.push(loop.max / 1e6);
  }
  const range = (values: number[]) =>
    `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)} ms`;
  console.log(`${label.padEnd(34)} wall ${range(times).padEnd(14)} event loop held up to ${range(held)}`);
}

const cases: [string, Buffer][] = [
  ['10000x10000 1-bit', hugeBmp1()],
  ['1000x1000 24-bit', writeBmp24(photoLike(1000, 1000))],
];
console.log(`${runs} runs each, Node ${process.version}`);
// Warm-up: the first worker bundles its source from TypeScript (once per process; the built app has it inline).
await decodeInWorker('bmp', cases[1]![1], { maxPixels }, { signal: new AbortController().signal });
for (const [name, bmp] of cases) {
  await measure(`${name}, main thread`, () => decodeBmp(bmp, maxPixels));
  await measure(`${name}, worker`, () =>
    decodeInWorker('bmp', bmp, { maxPixels }, { signal: new AbortController().signal }),
  );
}
