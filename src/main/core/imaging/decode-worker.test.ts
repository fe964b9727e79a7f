import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hugeBmp1, writeBmp1 } from '../../../../test/imaging/bmp-fixtures';
import { decodeBmp, readBmpHeader } from './bmp-decoder';
import { decodeInWorker, liveDecodeWorkers } from './decode-worker';
import { decodeHeic } from './heic-decoder';
import { ImageError } from './image-error';
import { openSource } from './open-source';
import { processImage } from './process-image';
import {
  heifEnc,
  imagemagick,
  makeTempDir,
  photoLike,
  pixelsOf,
  quadrants,
  rawToSharp,
  writeBmp24,
  writeFixture,
  HAVE_HEIF_ENC,
  HAVE_IMAGEMAGICK,
} from '../../../../test/support/image-fixtures';
import { LIMITS } from './thresholds';

let dir: string;
let cleanup: () => Promise<void>;
let huge: Buffer;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  huge = hugeBmp1();
});
afterAll(() => cleanup());

const noAbort = (): AbortSignal => new AbortController().signal;
const bmpArgs = { maxPixels: LIMITS.maxInputPixels };

/**
 * Counts event-loop turns while `work` runs: a setInterval callback only runs when the loop is free, so a decode on
 * the main thread lets none through however long it takes. Also records the most decode workers seen alive.
 */
async function whileTicking<T>(
  work: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; ticks: number; workersSeen: number }> {
  let ticks = 0;
  let workersSeen = 0;
  const ticker = setInterval(() => {
    ticks++;
    workersSeen = Math.max(workersSeen, liveDecodeWorkers());
  }, 5);
  try {
    const [result] = await Promise.allSettled([work()]);
    return { result: result as PromiseSettledResult<T>, ticks, workersSeen };
  } finally {
    clearInterval(ticker);
  }
}

function rejection(result: PromiseSettledResult<unknown>): ImageError {
  if (result.status !== 'rejected') throw new Error('expected the decode to fail');
  expect(result.reason).toBeInstanceOf(ImageError);
  return result.reason as ImageError;
}

describe('a 10000 x 10000 1-bit BMP (12.5 MB, 100 MP)', () => {
  it('is the size the test claims', () => {
    expect(huge.length).toBe(12_520_062);
    expect(readBmpHeader(huge)).toMatchObject({ width: 10000, height: 10000, bitsPerPixel: 1 });
  });

  it('decodes in a worker while the event loop keeps turning', async () => {
    const { result, ticks, workersSeen } = await whileTicking(() =>
      openSource(huge, { signal: noAbort(), timeoutSeconds: LIMITS.defaultTimeoutMs / 1000 }),
    );
    // Decoding 100 MP takes seconds of JavaScript; inline, openSource would let no tick through at all.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(workersSeen).toBe(1);
    expect(liveDecodeWorkers()).toBe(0);
    // Within the budget it decodes; on a machine too busy for that, it must be the timeout and nothing else.
    if (result.status === 'rejected') {
      expect(rejection(result).code).toBe('timeout');
      return;
    }
    const source = result.value;
    expect([source.format, source.width, source.height]).toEqual(['bmp', 10000, 10000]);
    // Bands 1000 px wide, black first: sample the middle of band 0 and band 1 in one row.
    const row = await source
      .pipeline()
      .extract({ left: 0, top: 5000, width: 2000, height: 1 })
      .raw()
      .toBuffer();
    expect([...row.subarray(500 * 3, 500 * 3 + 3)]).toEqual([0, 0, 0]);
    expect([...row.subarray(1500 * 3, 1500 * 3 + 3)]).toEqual([255, 255, 255]);
  });

  it('goes through processImage within the default budget, or reports the timeout', async () => {
    const { result, ticks, workersSeen } = await whileTicking(() => processImage(huge));
    expect(result.status).toBe('fulfilled');
    expect(workersSeen).toBe(1);
    const outcome = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof processImage>>>).value;
    expect(ticks).toBeGreaterThanOrEqual(10);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('timeout');
      return;
    }
    expect(outcome.source).toEqual({ format: 'bmp', width: 10000, height: 10000 });
    const at = await pixelsOf(outcome.jpeg);
    expect(at(0.05, 0.5)[0]).toBeLessThan(40);
    expect(at(0.15, 0.5)[0]).toBeGreaterThan(215);
    expect(liveDecodeWorkers()).toBe(0);
  });

  it('a tiny time limit stops it with the timeout code and terminates the worker', async () => {
    const { result, workersSeen } = await whileTicking(() =>
      decodeInWorker('bmp', huge, bmpArgs, { signal: noAbort(), timeoutMs: 100 }),
    );
    const error = rejection(result);
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('The BMP image took too long to decode (more than 100 ms) and was stopped.');
    expect(workersSeen).toBe(1);
    // Settled means exited: no worker is left running the rest of the decode.
    expect(liveDecodeWorkers()).toBe(0);
  });

  it('processImage with a tiny budget reports a decode timeout, and the worker goes away', async () => {
    const { result, workersSeen } = await whileTicking(() => processImage(huge, { timeoutMs: 100 }));
    expect(result.status).toBe('fulfilled');
    const outcome = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof processImage>>>).value;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toEqual({
      code: 'timeout',
      message: 'The image took too long to decode (more than 0.1 s) and was stopped.',
    });
    expect(workersSeen).toBe(1);
    // processImage stops waiting at once; the worker's exit follows within moments.
    await vi.waitFor(() => expect(liveDecodeWorkers()).toBe(0), { timeout: 2000, interval: 10 });
  });

  it('an abort stops it: the promise rejects with the reason and the worker is gone', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const { result, workersSeen } = await whileTicking(() => {
      const work = decodeInWorker('bmp', huge, bmpArgs, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);
      return work;
    });
    expect(result).toEqual({ status: 'rejected', reason });
    expect(workersSeen).toBe(1);
    expect(liveDecodeWorkers()).toBe(0);
  });

  it('processImage rejects with the caller abort reason mid-decode', async () => {
    const controller = new AbortController();
    const reason = new Error('run cancelled');
    const work = processImage(huge, { signal: controller.signal });
    await vi.waitFor(() => expect(liveDecodeWorkers()).toBe(1), { timeout: 5000, interval: 5 });
    controller.abort(reason);
    await expect(work).rejects.toBe(reason);
    await vi.waitFor(() => expect(liveDecodeWorkers()).toBe(0), { timeout: 2000, interval: 10 });
  });
});

describe('decodeInWorker', () => {
  it('does not start a worker for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    const work = decodeInWorker('bmp', writeBmp24(quadrants(8, 8)), bmpArgs, { signal: controller.signal });
    expect(liveDecodeWorkers()).toBe(0);
    await expect(work).rejects.toThrow('already');
  });

  it('leaves the caller its input buffer (the worker gets a copy)', async () => {
    const bmp = writeBmp24(quadrants(16, 10));
    const before = Buffer.from(bmp);
    await decodeInWorker('bmp', bmp, bmpArgs, { signal: noAbort() });
    expect(bmp.length).toBe(before.length);
    expect(bmp.equals(before)).toBe(true);
  });

  it('hands a BMP refusal back with its code and words', async () => {
    const tooBig = writeBmp24(quadrants(20, 20));
    const truncated = writeBmp24(quadrants(200, 200)).subarray(0, 1000);
    for (const [bmp, maxPixels] of [
      [tooBig, 100],
      [truncated, 1e8],
    ] as const) {
      let inline: unknown;
      try {
        decodeBmp(bmp, maxPixels);
      } catch (error) {
        inline = error;
      }
      expect(inline).toBeInstanceOf(ImageError);
      const { code, message } = inline as ImageError;
      await expect(decodeInWorker('bmp', bmp, { maxPixels }, { signal: noAbort() })).rejects.toMatchObject({
        code,
        message,
      });
    }
    expect(liveDecodeWorkers()).toBe(0);
  });

  it('words a decoder failure without a code as damaged data (HEIC)', async () => {
    await expect(decodeHeic(Buffer.from('not a heic at all'), noAbort())).rejects.toMatchObject({
      code: 'corrupt-image',
      message: 'The HEIC image data is damaged or not supported. Export the photo again as JPEG.',
      detail: expect.stringMatching(/.+/) as string,
    });
    expect(liveDecodeWorkers()).toBe(0);
  });

  it.skipIf(!HAVE_HEIF_ENC)('decodes HEIC through the same mechanism, with the same time limit', async () => {
    const png = await writeFixture(dir, 'w.png', await rawToSharp(quadrants(400, 300)).png().toBuffer());
    const heic = await readFile(await heifEnc(png, path.join(dir, 'w.heic')));
    const image = await decodeHeic(heic, noAbort());
    expect([image.width, image.height, image.channels, image.data.length]).toEqual([
      400,
      300,
      4,
      400 * 300 * 4,
    ]);
    await expect(decodeHeic(heic, noAbort(), 1)).rejects.toMatchObject({
      code: 'timeout',
      message: 'The HEIC image took too long to decode (more than 1 ms) and was stopped.',
    });
    expect(liveDecodeWorkers()).toBe(0);
  });
});

describe('BMP variants decode to the same pixels in the worker as inline', () => {
  const bands = (x: number, y: number): 0 | 1 => ((x * 7 + y * 3) % 5 < 2 ? 1 : 0);
  const twoColours: [[number, number, number], [number, number, number]] = [
    [200, 30, 30],
    [30, 30, 200],
  ];
  /** What the hand-written 1-bit file shows, computed from the same rule (not by a decoder). */
  const expectedBands = (width: number, height: number): Buffer => {
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) data.set(twoColours[bands(x, y)], (y * width + x) * 3);
    return data;
  };
  type Variant = { bmp: Buffer; expected: Buffer; tolerance: number };
  const allVariants: [string, () => Promise<Variant>][] = [
    [
      '24-bit bottom-up with row padding',
      () => {
        const raw = quadrants(13, 7);
        return Promise.resolve({ bmp: writeBmp24(raw), expected: raw.data, tolerance: 0 });
      },
    ],
    [
      '24-bit top-down',
      () => {
        const raw = quadrants(12, 8);
        const bmp = writeBmp24(raw);
        bmp.writeInt32LE(-8, 22);
        // Rows stored top-down are read as such: the picture shows upside down compared with `raw`.
        const flipped = Buffer.alloc(raw.data.length);
        for (let y = 0; y < 8; y++) raw.data.copy(flipped, (7 - y) * 36, y * 36, y * 36 + 36);
        return Promise.resolve({ bmp, expected: flipped, tolerance: 0 });
      },
    ],
    [
      '1-bit, two colours',
      () =>
        Promise.resolve({
          bmp: writeBmp1(37, 11, twoColours, bands),
          expected: expectedBands(37, 11),
          tolerance: 0,
        }),
    ],
    ['1-bit (ImageMagick)', () => magick(['-type', 'Bilevel'], 'p1.bmp')],
    [
      '4-bit palette (ImageMagick)',
      () => magick(['-type', 'Palette', '-colors', '16', '-depth', '4'], 'p4.bmp'),
    ],
    ['8-bit palette (ImageMagick)', () => magick(['-type', 'Palette', '-colors', '200'], 'p8.bmp')],
    // ImageMagick rounds 5- and 6-bit channels to 8 bits its own way: off by one at most.
    ['16-bit RGB565 bit fields (ImageMagick)', () => magick(['-define', 'bmp:subtype=RGB565'], 'b16.bmp', 1)],
    ['24-bit (ImageMagick)', () => magick([], 'b24.bmp')],
    [
      '32-bit with alpha bit fields (ImageMagick)',
      () => magick(['-alpha', 'set', '-define', 'bmp:format=bmp4'], 'b32.bmp'),
    ],
  ];
  const variants = allVariants.filter(([name]) => HAVE_IMAGEMAGICK || !name.includes('(ImageMagick)'));

  /** A photo-like picture written by ImageMagick, and ImageMagick's own decoding of that file as the expectation. */
  async function magick(args: string[], name: string, tolerance = 0): Promise<Variant> {
    const png = await writeFixture(dir, `${name}.png`, await rawToSharp(photoLike(61, 23)).png().toBuffer());
    const file = path.join(dir, name);
    await imagemagick([png, ...args, '-compress', 'none', file]);
    const bmp = await readFile(file);
    const withAlpha = args.includes('-alpha');
    const raw = path.join(dir, `${name}.raw`);
    await imagemagick([file, '-depth', '8', `${withAlpha ? 'rgba' : 'rgb'}:${raw}`]);
    return { bmp, expected: await readFile(raw), tolerance };
  }

  it.each(variants)('%s', async (_name, make) => {
    const { bmp, expected, tolerance } = await make();
    const inline = decodeBmp(bmp, 1e8);
    const worker = await decodeInWorker('bmp', bmp, bmpArgs, { signal: noAbort() });
    expect([worker.width, worker.height, worker.channels]).toEqual([
      inline.width,
      inline.height,
      inline.channels,
    ]);
    expect(worker.data.equals(inline.data)).toBe(true);
    // The pixels arrive in an ArrayBuffer of their own (transferred, not a view into something larger).
    expect(worker.data.buffer.byteLength).toBe(worker.data.length);
    // And they are the picture, as an independent reading of the file has it.
    expect(worker.data.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs((worker.data[i] as number) - (expected[i] as number)));
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
});
