/**
 * The face cache on its own (LRU bound, per-detector entries, copies) and through the face probe: a file probed
 * twice reaches the detector once, a changed file is detected again, a buffer is never cached.
 */
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Face } from '../../../shared/faces';
import { probeFace } from '../imaging/face-probe';
import { openSource } from '../imaging/open-source';
import { createFaceCache, fileIdentity, type FileIdentity } from './face-cache';
import type { FaceDetector } from './face-detector';

const face = (x: number): Face => ({ box: { x, y: 0.2, width: 0.3, height: 0.4 }, score: 0.9 });

/** A fake detector that answers one face at x = the picture's mean red / 255, and counts its calls. */
function countingDetector() {
  const calls: { width: number; height: number }[] = [];
  const detector: FaceDetector = {
    detect(pixels) {
      calls.push({ width: pixels.width, height: pixels.height });
      return Promise.resolve([face(Math.min(0.6, pixels.data[0]! / 255))]);
    },
    close: () => Promise.resolve(),
  };
  return { detector, calls };
}

const file = (name: string, size = 100, mtimeMs = 1000): FileIdentity => ({
  path: `/photos/${name}`,
  size,
  mtimeMs,
  ctimeMs: mtimeMs,
  ino: 7,
});

describe('createFaceCache', () => {
  it('returns what was stored for the same file, detector and decode size, and misses on any difference', () => {
    const cache = createFaceCache();
    const a = countingDetector().detector;
    const b = countingDetector().detector;
    cache.set(a, file('x.jpg'), 640, [face(0.1)]);
    expect(cache.get(a, file('x.jpg'), 640)).toEqual([face(0.1)]);
    expect(cache.get(b, file('x.jpg'), 640)).toBeUndefined();
    expect(cache.get(a, file('x.jpg'), 320)).toBeUndefined();
    expect(cache.get(a, file('y.jpg'), 640)).toBeUndefined();
    expect(cache.get(a, file('x.jpg', 101), 640)).toBeUndefined();
    expect(cache.get(a, file('x.jpg', 100, 1001), 640)).toBeUndefined();
    expect(cache.get(a, { ...file('x.jpg'), ino: 8 }, 640)).toBeUndefined();
    expect(cache.get(a, { ...file('x.jpg'), ctimeMs: 2000 }, 640)).toBeUndefined();
  });

  it('keeps an empty list: "no face" is an answer too', () => {
    const cache = createFaceCache();
    const { detector } = countingDetector();
    cache.set(detector, file('wall.jpg'), 640, []);
    expect(cache.get(detector, file('wall.jpg'), 640)).toEqual([]);
  });

  it('drops the least recently used entry beyond its bound', () => {
    const cache = createFaceCache(2);
    const { detector } = countingDetector();
    cache.set(detector, file('1.jpg'), 640, [face(0.1)]);
    cache.set(detector, file('2.jpg'), 640, [face(0.2)]);
    expect(cache.get(detector, file('1.jpg'), 640)).toBeDefined(); // 1 is now the most recent
    cache.set(detector, file('3.jpg'), 640, [face(0.3)]);
    expect(cache.size).toBe(2);
    expect(cache.get(detector, file('2.jpg'), 640)).toBeUndefined();
    expect(cache.get(detector, file('1.jpg'), 640)).toEqual([face(0.1)]);
    expect(cache.get(detector, file('3.jpg'), 640)).toEqual([face(0.3)]);
  });

  it('hands out copies: a caller changing its faces does not change the cache', () => {
    const cache = createFaceCache();
    const { detector } = countingDetector();
    const stored = [face(0.1)];
    cache.set(detector, file('x.jpg'), 640, stored);
    stored[0]!.box.x = 0.5;
    cache.get(detector, file('x.jpg'), 640)![0]!.score = 0.1;
    expect(cache.get(detector, file('x.jpg'), 640)).toEqual([face(0.1)]);
  });

  it('refuses a bound that is not a positive whole number', () => {
    expect(() => createFaceCache(0)).toThrow(/positive whole number/);
    expect(() => createFaceCache(1.5)).toThrow(/positive whole number/);
  });
});

describe('the face probe with the cache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'headshot-face-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const grey = (level: number) =>
    sharp({ create: { width: 400, height: 600, channels: 3, background: { r: level, g: level, b: level } } })
      .jpeg()
      .toBuffer();
  const probe = async (input: string | Buffer, detector: FaceDetector, cache = createFaceCache()) => {
    const source = await openSource(input, { signal: new AbortController().signal });
    return probeFace(source, { detector, outputSize: 256, input, cache });
  };

  it('detects a file once: the second probe reuses the faces and frames them again', async () => {
    const photo = path.join(dir, 'once.jpg');
    await writeFile(photo, await grey(60));
    const { detector, calls } = countingDetector();
    const cache = createFaceCache();
    const first = await probe(photo, detector, cache);
    const second = await probe(photo, detector, cache);
    expect(calls).toHaveLength(1);
    expect(first.faces).toHaveLength(1);
    expect(second.faces).toEqual(first.faces);
    expect(second.rect).toEqual(first.rect);
    expect(second.warnings).toEqual(first.warnings);
  });

  it('a file identified by a relative path hits the same entry as by its absolute path', async () => {
    const photo = path.join(dir, 'relative.jpg');
    await writeFile(photo, await grey(60));
    const { detector, calls } = countingDetector();
    const cache = createFaceCache();
    await probe(photo, detector, cache);
    await probe(path.relative(process.cwd(), photo), detector, cache);
    expect(calls).toHaveLength(1);
  });

  it('a changed file is detected again, even with its old modification time put back', async () => {
    const photo = path.join(dir, 'changed.jpg');
    await writeFile(photo, await grey(60));
    const { detector, calls } = countingDetector();
    const cache = createFaceCache();
    const before = await probe(photo, detector, cache);
    const old = await stat(photo);
    await writeFile(photo, await grey(200));
    await utimes(photo, old.atime, old.mtime);
    const after = await probe(photo, detector, cache);
    expect(calls).toHaveLength(2);
    expect(after.faces[0]!.box.x).not.toBe(before.faces[0]!.box.x);
  });

  it('a buffer is always detected (it has no identity), and cache null turns caching off', async () => {
    const bytes = await grey(60);
    const { detector, calls } = countingDetector();
    const cache = createFaceCache();
    await probe(bytes, detector, cache);
    await probe(bytes, detector, cache);
    expect(calls).toHaveLength(2);
    expect(cache.size).toBe(0);

    const photo = path.join(dir, 'off.jpg');
    await writeFile(photo, bytes);
    const source = await openSource(photo, { signal: new AbortController().signal });
    await probeFace(source, { detector, outputSize: 256, input: photo, cache: null });
    await probeFace(source, { detector, outputSize: 256, input: photo, cache: null });
    expect(calls).toHaveLength(4);
  });

  it('a detector failure is not cached: the next probe tries again', async () => {
    const photo = path.join(dir, 'flaky.jpg');
    await writeFile(photo, await grey(60));
    let attempts = 0;
    const flaky: FaceDetector = {
      detect: () =>
        ++attempts === 1 ? Promise.reject(new Error('worker died')) : Promise.resolve([face(0.2)]),
      close: () => Promise.resolve(),
    };
    const cache = createFaceCache();
    const failed = await probe(photo, flaky, cache);
    expect(failed.warnings[0]?.message).toMatch(/worker died/);
    const retried = await probe(photo, flaky, cache);
    expect(attempts).toBe(2);
    expect(retried.faces).toEqual([face(0.2)]);
  });

  it('fileIdentity is undefined for a missing file or a folder', async () => {
    expect(await fileIdentity(path.join(dir, 'missing.jpg'))).toBeUndefined();
    expect(await fileIdentity(dir)).toBeUndefined();
  });
});
