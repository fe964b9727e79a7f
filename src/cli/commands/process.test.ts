import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, photoJpeg, photoLike, rawToSharp } from '../../../test/support/image-fixtures';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('headshot-cli-process-')));
afterAll(() => cleanup());

async function cli(args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await runCli(['process', ...args], io);
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

    const { code, stdout, stderr } = await cli([
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
      warnings: [],
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
      warnings: [{ code: 'heavy-crop', message: expect.any(String) as string }],
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
