/** `headshot package`: a folder and a roster -> a handoff package the admin's side opens and verifies. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPackage } from '../../main/core/package/index';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';

let dir: string;

async function cli(args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await runCli(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-package-'));
  await fs.mkdir(path.join(dir, 'shoot'));
  const jpeg = (n: number) =>
    sharp({ create: { width: 240, height: 320, channels: 3, background: { r: n * 40, g: 120, b: 200 } } })
      .jpeg()
      .toBuffer();
  await fs.writeFile(path.join(dir, 'shoot', 'jane.doe@contoso.com.jpg'), await jpeg(1));
  await fs.writeFile(path.join(dir, 'shoot', 'Bob Stone.jpg'), await jpeg(2));
  await fs.writeFile(path.join(dir, 'shoot', 'IMG_0001.jpg'), await jpeg(3));
  await fs.writeFile(
    path.join(dir, 'roster.csv'),
    'name,email,employeeId\nJane Doe,jane.doe@contoso.com,1\nBob Stone,bob@contoso.com,2\nAmy Absent,amy@contoso.com,3\n,,\nBad,not-an-address,4\n',
  );
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('headshot package', () => {
  it('writes a zip package of the matched photos and says who was left out', async () => {
    const { code, stdout, stderr } = await cli([
      'package',
      'shoot',
      '--roster',
      'roster.csv',
      '--out',
      'handoff.zip',
      '--originals',
      '--created-by',
      'Pat',
      '--crop',
      'center',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      out: path.join(dir, 'handoff.zip'),
      photos: 2,
      failed: [],
      unmatched: [{ file: 'IMG_0001.jpg', status: 'unmatched' }],
      missing: [{ name: 'Amy Absent', email: 'amy@contoso.com', upn: null, employeeId: '3' }],
      rosterProblems: [{ row: 6, message: expect.stringMatching(/not an address/) as string }],
    });
    const opened = await openPackage(path.join(dir, 'handoff.zip'), { workDir: path.join(dir, 'work') });
    expect(opened.problems).toEqual([]);
    expect(opened.manifest.createdBy).toBe('Pat');
    expect(opened.manifest.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(
      opened.photos.map((p) => [p.photo.sourceName, p.photo.identity.email, p.originalPath !== null]),
    ).toEqual([
      ['Bob Stone.jpg', 'bob@contoso.com', true],
      ['jane.doe@contoso.com.jpg', 'jane.doe@contoso.com', true],
    ]);
  });

  it('refuses bad options and an existing out path with exit 2', async () => {
    expect((await cli(['package', 'shoot', '--out', 'x'])).stderr).toMatch(/--roster/);
    expect(
      (await cli(['package', 'shoot', '--roster', 'roster.csv', '--out', 'y', '--tightness', '2'])).code,
    ).toBe(2);
    expect(
      (await cli(['package', 'shoot', '--roster', 'roster.csv', '--out', 'y', '--crop', 'rect'])).code,
    ).toBe(2);
    const again = await cli(['package', 'shoot', '--roster', 'roster.csv', '--out', 'handoff.zip']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    const noRoster = await cli(['package', 'shoot', '--roster', 'missing.csv', '--out', 'z']);
    expect(noRoster.code).toBe(2);
    expect(noRoster.stderr).toMatch(/roster file/);
  });
});
