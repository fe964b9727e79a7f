import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { JobProgress } from '../../../shared/ipc';
import { createIpcCore } from '../index';

let dir: string;
let photos: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-library-scan-'));
  photos = path.join(dir, 'photos');
  await mkdir(path.join(photos, 'team'), { recursive: true });
  const image = sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } });
  await writeFile(path.join(photos, 'ada.jpg'), await image.clone().jpeg().toBuffer());
  await writeFile(path.join(photos, 'team/grace.png'), await image.clone().png().toBuffer());
  await writeFile(path.join(photos, 'team/linus.jpeg'), await image.clone().jpeg().toBuffer());
  await writeFile(path.join(photos, 'notes.txt'), 'not a photo');
  await writeFile(path.join(photos, '.DS_Store'), 'litter');
  await writeFile(path.join(photos, 'empty.jpg'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(folder: string | null = photos) {
  const core = createIpcCore({
    platform: {
      appInfo: () => {
        throw new Error('unused');
      },
      chooseFolder: () => Promise.resolve(folder),
      openExternal: () => Promise.resolve(),
      dataDir: dir,
    },
  });
  const call = (channel: string, input?: unknown) => core.dispatch(channel, input, core.context('test'));
  return { core, call };
}

describe('library:scan', () => {
  it('refuses a folder the user did not choose', async () => {
    const { call } = setup();
    await expect(call('library:scan', { jobId: randomUUID(), root: photos })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-allowed' },
    });
    await call('dialog:chooseFolder');
    await expect(call('library:scan', { jobId: randomUUID(), root: dir })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-allowed' },
    });
    await expect(call('library:scan', { jobId: randomUUID(), root: `${photos}/../` })).resolves.toMatchObject(
      {
        ok: false,
        error: { code: 'not-allowed' },
      },
    );
  });

  it('scans a chosen folder with live counts and returns the totals', async () => {
    const { core, call } = setup();
    await call('dialog:chooseFolder');
    const progress: JobProgress[] = [];
    core.events.subscribe((channel, payload) => {
      if (channel === 'job:progress') progress.push(payload as JobProgress);
    });
    const jobId = randomUUID();
    const result = await call('library:scan', { jobId, root: photos });
    expect(result).toEqual({
      ok: true,
      value: {
        root: photos,
        images: 3,
        skipped: 3,
        bytes: expect.any(Number) as number,
        formats: { jpeg: 2, png: 1 },
        skippedByCode: { 'os-litter': 1, 'not-an-image': 1, 'empty-file': 1 },
      },
    });
    expect(progress.at(-1)).toMatchObject({
      jobId,
      channel: 'library:scan',
      done: 6,
      counts: { images: 3, skipped: 3 },
    });
  });

  it('honours maxDepth and scans a subfolder of a chosen folder', async () => {
    const { call } = setup();
    await call('dialog:chooseFolder');
    await expect(
      call('library:scan', { jobId: randomUUID(), root: photos, maxDepth: 0 }),
    ).resolves.toMatchObject({
      ok: true,
      value: { images: 1, skippedByCode: { 'too-deep': 1 } },
    });
    await expect(
      call('library:scan', { jobId: randomUUID(), root: path.join(photos, 'team') }),
    ).resolves.toMatchObject({
      ok: true,
      value: { images: 2, skipped: 0 },
    });
  });

  it('cancels', async () => {
    const { core, call } = setup();
    await call('dialog:chooseFolder');
    const jobId = randomUUID();
    const run = call('library:scan', { jobId, root: photos });
    expect(core.jobs.cancel(jobId)).toBe(true);
    await expect(run).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('says which folder is gone', async () => {
    const gone = path.join(dir, 'gone');
    const { call } = setup(gone);
    await call('dialog:chooseFolder');
    const result = await call('library:scan', { jobId: randomUUID(), root: gone });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(result.ok ? '' : result.error.message).toContain(gone);
  });
});
