import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Face } from '../../shared/faces';
import type { FaceDetector } from '../../main/core/faces/face-detector';
import { makeTempDir, photoJpeg, photoLike, rawToSharp } from '../../../test/support/image-fixtures';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';
import { processCommand } from './process';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('headshot-cli-process-')));
afterAll(() => cleanup());

async function cli(args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await runCli(['process', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** A detector that finds the given faces in every picture (none by default). */
function fixedDetector(faces: Face[] = []) {
  const detect = vi.fn<FaceDetector['detect']>(() => Promise.resolve(faces));
  return { detect, close: () => Promise.resolve() };
}

/** The command with a fake detector (no model load), run as runCli would run it. */
async function cliWith(detector: FaceDetector, args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await processCommand({ detector }).run(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('headshot process', () => {
  it('processes files and a folder, names outputs with clash suffixes, prints one JSON document', async () => {
    await mkdir(path.join(dir, 'in'), { recursive: true });
    await writeFile(path.join(dir, 'in', 'ada.jpg'), await photoJpeg(800, 1000, 1));
    await writeFile(
      path.join(dir, 'in', 'ada.png'),
      await rawToSharp(photoLike(700, 700, 2))
        .png()
        .toBuffer(),
    );
    await writeFile(path.join(dir, 'in', 'empty.jpg'), Buffer.alloc(0));
    await writeFile(path.join(dir, 'in', '.hidden.jpg'), Buffer.alloc(0));
    await writeFile(path.join(dir, 'bob.heic.jpg'), await photoJpeg(1600, 900, 3));

    const { code, stdout, stderr } = await cliWith(fixedDetector(), [
      'in',
      'bob.heic.jpg',
      '--out',
      'out',
      '--size',
      '256',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { results: Record<string, unknown>[] };
    expect(Object.keys(report)).toEqual(['results']);
    expect(report.results.map((r) => r.file)).toEqual([
      path.join('in', 'ada.jpg'),
      path.join('in', 'ada.png'),
      path.join('in', 'empty.jpg'),
      'bob.heic.jpg',
    ]);
    const [first, second, empty, bob] = report.results;
    expect(first).toEqual({
      file: path.join('in', 'ada.jpg'),
      ok: true,
      output: path.join('out', 'ada.jpg'),
      width: 256,
      height: 256,
      bytes: expect.any(Number) as number,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      // 'face' is the default crop: without a face, the centre and a warning that says so.
      face: null,
      warnings: [{ code: 'no-face', message: expect.stringMatching(/centre/) as string }],
    });
    expect(second).toMatchObject({ ok: true, output: path.join('out', 'ada-2.jpg') });
    expect(empty).toEqual({
      file: path.join('in', 'empty.jpg'),
      ok: false,
      error: { code: 'empty-file', message: expect.any(String) as string },
    });
    expect(bob).toMatchObject({
      ok: true,
      output: path.join('out', 'bob.heic.jpg'),
      warnings: [
        { code: 'heavy-crop', message: expect.any(String) as string },
        { code: 'no-face', message: expect.any(String) as string },
      ],
    });

    expect((await readdir(path.join(dir, 'out'))).sort()).toEqual(['ada-2.jpg', 'ada.jpg', 'bob.heic.jpg']);
    const written = await readFile(path.join(dir, 'out', 'ada.jpg'));
    expect(written.length).toBe(first?.bytes);
    expect((await sharp(written).metadata()).width).toBe(256);
  });

  it('exits 0 when every file succeeds, and never overwrites an existing output', async () => {
    await writeFile(path.join(dir, 'carol.jpg'), await photoJpeg(700, 700, 4));
    const first = await cli([
      'carol.jpg',
      '--out',
      'out2',
      '--json',
      '--crop',
      'contain',
      '--background',
      '#000',
      '--quality',
      '80',
    ]);
    expect(first.code).toBe(0);
    const again = await cli(['carol.jpg', '--out', 'out2', '--json']);
    expect(again.code).toBe(0);
    const [result] = (JSON.parse(again.stdout) as { results: { output: string }[] }).results;
    expect(result?.output).toBe(path.join('out2', 'carol-2.jpg'));
  });

  it('prints readable lines without --json', async () => {
    await writeFile(path.join(dir, 'dan.jpg'), await photoJpeg(700, 700, 5));
    const { code, stdout } = await cli(['dan.jpg', 'missing.jpg', '--out', 'out3']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok {4}dan\.jpg -> out3[/\\]dan\.jpg/m);
    expect(stdout).toMatch(/^FAIL {2}missing\.jpg: read-error:/m);
    expect(stdout).toMatch(/1 processed, 1 failed/);
  });

  it.each([
    [['--out', 'o']],
    [['x.jpg']],
    [['x.jpg', '--out', 'o', '--size', '50']],
    [['x.jpg', '--out', 'o', '--size', '2000']],
    [['x.jpg', '--out', 'o', '--crop', 'faces']],
    [['x.jpg', '--out', 'o', '--crop', 'rect']],
    [['x.jpg', '--out', 'o', '--tightness', '0.2']],
    [['x.jpg', '--out', 'o', '--tightness', '0.75']],
    [['x.jpg', '--out', 'o', '--tightness', 'tight']],
    [['x.jpg', '--out', 'o', '--quality', 'high']],
    [['x.jpg', '--out', 'o', '--background', 'red']],
    [['x.jpg', '--out', 'o', '--bogus']],
  ])('exits 2 on usage errors: %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Usage: headshot process/);
  });
});

describe('headshot process --crop face', () => {
  const face: Face = {
    box: { x: 0.4, y: 0.3, width: 0.2, height: 0.2 },
    score: 0.93,
    eyes: { right: { x: 0.45, y: 0.36 }, left: { x: 0.55, y: 0.36 } },
    roll: 0,
  };

  it('prints the face (box and score) and the face warnings in each JSON result', async () => {
    await writeFile(path.join(dir, 'eve.jpg'), await photoJpeg(1200, 1200, 6));
    const detector = fixedDetector([face, { ...face, box: { x: 0.1, y: 0.3, width: 0.18, height: 0.18 } }]);
    const { code, stdout } = await cliWith(detector, [
      'eve.jpg',
      '--out',
      'faces',
      '--size',
      '256',
      '--json',
    ]);
    expect(code).toBe(0);
    const [result] = (JSON.parse(stdout) as { results: Record<string, unknown>[] }).results;
    expect(result?.face).toEqual({ box: face.box, score: 0.93 });
    expect(result?.warnings).toEqual([
      { code: 'several-faces', message: expect.stringMatching(/^2 faces/) as string },
    ]);
    expect(detector.detect).toHaveBeenCalledTimes(1);
  });

  it('--tightness changes the crop; --crop center does not detect', async () => {
    await writeFile(path.join(dir, 'fay.jpg'), await photoJpeg(1500, 1500, 7));
    const detector = fixedDetector([face]);
    const run = async (extra: string[]) => {
      const { code, stdout } = await cliWith(detector, [
        'fay.jpg',
        '--out',
        'tight',
        '--size',
        '128',
        '--json',
        ...extra,
      ]);
      expect(code).toBe(0);
      return (JSON.parse(stdout) as { results: { sha256: string; face: unknown }[] }).results[0]!;
    };
    const loose = await run(['--tightness', '0.3']);
    const tight = await run(['--tightness', '0.7']);
    expect(loose.sha256).not.toBe(tight.sha256);
    // The second run frames the same file's faces again: they come from the face cache, not the detector.
    expect(detector.detect).toHaveBeenCalledTimes(1);
    const centre = await run(['--crop', 'center']);
    expect(centre.face).toBeNull();
    expect(detector.detect).toHaveBeenCalledTimes(1);
  });

  it('finds a real face with the real detector (a portrait cut from a face-api demo photo)', async () => {
    const demo = path.resolve(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
    const portrait = await sharp(path.join(demo, 'sample3.jpg'))
      .extract({ left: 460, top: 160, width: 480, height: 720 })
      .jpeg({ quality: 90 })
      .toBuffer();
    await writeFile(path.join(dir, 'portrait.jpg'), portrait);
    const { code, stdout } = await cli(['portrait.jpg', '--out', 'real', '--size', '256', '--json']);
    expect(code).toBe(0);
    const [result] = (
      JSON.parse(stdout) as {
        results: { face: { box: Face['box']; score: number } | null; warnings: { code: string }[] }[];
      }
    ).results;
    expect(result?.face).not.toBeNull();
    // Her face, by eye: ear to ear x 130..340, brow to chin y 230..440 of 480 x 720.
    expect(result!.face!.box.x + result!.face!.box.width / 2).toBeCloseTo(235 / 480, 1);
    expect(result!.face!.box.y + result!.face!.box.height / 2).toBeCloseTo(335 / 720, 1);
    expect(result!.face!.score).toBeGreaterThan(0.6);
    expect(result!.warnings.map((w) => w.code)).not.toContain('no-face');
  });
});
