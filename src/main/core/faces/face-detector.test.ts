/**
 * The detector on real photos (the group shots that @vladmandic/face-api ships as its demo; nothing downloaded),
 * portraits cut out of them, and pictures without a face. Counts and positions were read off the images by eye.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Face } from '../../../shared/faces';
import { faceSchema } from '../../../shared/faces';
import { createFaceDetector, decodeForDetection, sharedFaceDetector, type FacePixels } from './face-detector';

const run = promisify(execFile);
const demo = path.resolve(import.meta.dirname, '../../../../node_modules/@vladmandic/face-api/demo');
const sample = (n: number): string => path.join(demo, `sample${n}.jpg`);

const detector = createFaceDetector();
afterAll(() => detector.close());

const centre = (f: Face): { x: number; y: number } => ({
  x: f.box.x + f.box.width / 2,
  y: f.box.y + f.box.height / 2,
});

/** Sample 3's blonde woman on the left, 2:3 around her face (1920 x 1350 original). */
const PORTRAIT = { left: 460, top: 160, width: 480, height: 720 };
/** Her face's centre in that crop, by eye: brow to chin y 230..440, ear to ear x 130..340 of 480 x 720. */
const PORTRAIT_FACE = { x: 235 / 480, y: 335 / 720 };

async function portrait(): Promise<Buffer> {
  return sharp(sample(3)).extract(PORTRAIT).jpeg({ quality: 90 }).toBuffer();
}

describe('group photos', () => {
  // Faces a person sees in each sample, and what BlazeFace finds at the default minimum score 0.6: all of them,
  // sample 2's profile on the left included; its middle woman looks down behind her hair and scores 0.62.
  const seen: Record<number, number> = { 1: 3, 2: 3, 3: 3, 4: 4, 5: 5, 6: 4 };

  it.each(Object.entries(seen))(
    'sample %s: finds every face, largest first, with plausible boxes',
    async (n, want) => {
      const pixels = await decodeForDetection(sharp(sample(Number(n))));
      expect(Math.max(pixels.width, pixels.height)).toBe(640);
      const faces = await detector.detect(pixels);
      expect(faces).toHaveLength(want);
      for (const face of faces) {
        expect(faceSchema.parse(face)).toEqual(face);
        expect(face.score).toBeGreaterThanOrEqual(0.6);
        // Group-shot faces: 7-16% of the width, a little taller than wide, in the top 80% of the picture.
        expect(face.box.width).toBeGreaterThan(0.07);
        expect(face.box.width).toBeLessThan(0.16);
        expect(face.box.height / face.box.width).toBeGreaterThan(1);
        expect(face.box.height / face.box.width).toBeLessThan(1.8);
        expect(centre(face).y).toBeLessThan(0.8);
        // The eyes are inside the box, in its upper part (a tilted head lowers one), the right eye on the picture's left.
        const { right, left } = face.eyes!;
        expect(right.x).toBeLessThan(left.x);
        for (const eye of [right, left]) {
          expect(eye.x).toBeGreaterThan(face.box.x);
          expect(eye.x).toBeLessThan(face.box.x + face.box.width);
          expect(eye.y).toBeGreaterThan(face.box.y);
          expect(eye.y).toBeLessThan(face.box.y + face.box.height * 0.6);
        }
      }
      const areas = faces.map((f) => f.box.width * f.box.height);
      expect(areas).toEqual([...areas].sort((a, b) => b - a));
    },
  );

  it('sample 1: the three women left to right, heads tilted as they are', async () => {
    const faces = await detector.detect(await decodeForDetection(sharp(sample(1))));
    const byX = [...faces].sort((a, b) => a.box.x - b.box.x);
    // By eye in the 1920 x 1280 original: faces centred near x 0.28, 0.49, 0.82.
    expect(byX).toHaveLength(3);
    [0.28, 0.49, 0.82].forEach((x, i) => expect(centre(byX[i]!).x).toBeCloseTo(x, 1));
    // The middle woman leans her head to her left (picture's right, eye line rising): negative roll; the right
    // woman tilts hers the other way.
    expect(byX[1]!.roll).toBeLessThan(-15);
    expect(byX[2]!.roll).toBeGreaterThan(15);
  });
});

describe('portraits', () => {
  it('finds the one face of a 2:3 portrait where it is', async () => {
    const pixels = await decodeForDetection(sharp(await portrait()));
    expect([pixels.width, pixels.height]).toEqual([427, 640]);
    const faces = await detector.detect(pixels);
    expect(faces).toHaveLength(1);
    expect(centre(faces[0]!).x).toBeCloseTo(PORTRAIT_FACE.x, 1);
    expect(centre(faces[0]!).y).toBeCloseTo(PORTRAIT_FACE.y, 1);
    expect(Math.abs(faces[0]!.roll!)).toBeLessThan(10);
  });

  it('finds it in the upright picture when the file is stored sideways with EXIF orientation 6', async () => {
    const sideways = await sharp(await portrait())
      .rotate(270)
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const pixels = await decodeForDetection(sharp(sideways));
    expect([pixels.width, pixels.height]).toEqual([427, 640]);
    const faces = await detector.detect(pixels);
    expect(faces).toHaveLength(1);
    expect(centre(faces[0]!).x).toBeCloseTo(PORTRAIT_FACE.x, 1);
    expect(centre(faces[0]!).y).toBeCloseTo(PORTRAIT_FACE.y, 1);
  });

  it('takes RGBA pixels and a picture smaller than the model input', async () => {
    const { data, info } = await sharp(await portrait())
      .resize(160)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const faces = await detector.detect({ data, width: info.width, height: info.height, channels: 4 });
    expect(faces).toHaveLength(1);
    expect(centre(faces[0]!).x).toBeCloseTo(PORTRAIT_FACE.x, 1);
  });
});

describe('no face', () => {
  it('finds nothing in a gradient with logo-like shapes, nor in a flat grey picture', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
      <rect width="600" height="800" fill="url(#g)"/><circle cx="300" cy="300" r="150" fill="#fff"/>
      <circle cx="250" cy="270" r="20" fill="#222"/><circle cx="350" cy="270" r="20" fill="#222"/>
      <rect x="200" y="500" width="200" height="120" rx="20" fill="#111"/>
      <polygon points="100,700 200,600 300,700" fill="#e11d48"/></svg>`;
    expect(await detector.detect(await decodeForDetection(sharp(Buffer.from(svg))))).toEqual([]);
    const grey: FacePixels = { data: Buffer.alloc(300 * 200 * 3, 128), width: 300, height: 200, channels: 3 };
    expect(await detector.detect(grey)).toEqual([]);
  });
});

describe('the worker', () => {
  it('runs on the WebAssembly backend, on one thread, and never fetches', async () => {
    await detector.detect(await decodeForDetection(sharp(sample(3))));
    const info = await detector.info();
    expect(info).toMatchObject({ backend: 'wasm', threads: false, fetchCalls: 0 });
  });

  it('rejects bad pixels with a clear error and goes on', async () => {
    await expect(
      detector.detect({ data: Buffer.alloc(10), width: 10, height: 10, channels: 3 }),
    ).rejects.toThrow(/pixel data is too short \(10 bytes for 10 x 10 x 3\)/);
    await expect(
      detector.detect({ data: Buffer.alloc(0), width: 0, height: 10, channels: 3 }),
    ).rejects.toThrow(/picture of 0 x 10 pixels/);
    expect(await detector.detect(await decodeForDetection(sharp(await portrait())))).toHaveLength(1);
  });

  it('rejects the pending calls when the worker crashes, and the next call starts a new one', async () => {
    const crashing = createFaceDetector();
    try {
      await crashing.info();
      const pixels = await decodeForDetection(sharp(await portrait()));
      // The worker handles messages in order: it dies before it reaches the detection.
      crashing.crashForTest();
      const pending = crashing.detect(pixels);
      await expect(pending).rejects.toThrow(/face detector stopped unexpectedly \(exit code 70\)/);
      expect(await crashing.detect(pixels)).toHaveLength(1);
    } finally {
      await crashing.close();
    }
  });

  it('an abort rejects with its reason; close rejects what is pending', async () => {
    const pixels = await decodeForDetection(sharp(await portrait()));
    const aborted = new AbortController();
    aborted.abort(new Error('stop'));
    await expect(detector.detect(pixels, aborted.signal)).rejects.toThrow('stop');
    const later = new AbortController();
    const call = detector.detect(pixels, later.signal);
    later.abort(new Error('stopped midway'));
    await expect(call).rejects.toThrow('stopped midway');

    const closing = createFaceDetector();
    const pending = expect(closing.detect(pixels)).rejects.toThrow(/closed/);
    await closing.close();
    await pending;
  });

  it('does not keep the process alive: a script that detects and never closes exits by itself, printing nothing else', async () => {
    // CommonJS (an ES module -e would make the eval'd worker an ES module too), importing the TypeScript via tsx.
    const script = [
      '(async () => {',
      "  const { default: sharp } = await import('sharp');",
      "  const faces = await import('./src/main/core/faces/face-detector.ts');",
      `  const pixels = await faces.decodeForDetection(sharp(${JSON.stringify(sample(1))}));`,
      '  console.log(JSON.stringify((await faces.sharedFaceDetector().detect(pixels)).length));',
      '})();',
    ].join('\n');
    const root = path.resolve(import.meta.dirname, '../../../..');
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      timeout: 20_000,
    });
    expect(stdout).toBe('3\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('sharedFaceDetector is one detector per process', () => {
    expect(sharedFaceDetector()).toBe(sharedFaceDetector());
  });

  it('refuses a minimum score outside 0..1', () => {
    expect(() => createFaceDetector({ minScore: 1.5 })).toThrow(/between 0 and 1/);
  });
});
