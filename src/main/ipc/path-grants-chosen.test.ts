import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PathGrants } from './path-grants';

describe('PathGrants.chosenFolder: only what the user gave counts', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'headshot-chosen-'));
    for (const dir of ['chosen/sub', 'dropped', 'app', 'outside'])
      await mkdir(path.join(base, dir), { recursive: true });
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('accepts a folder from a dialog or a drop, and one inside it', async () => {
    const grants = new PathGrants();
    grants.grantFolder(path.join(base, 'chosen'), 'dialog');
    grants.grantDropped(path.join(base, 'dropped'));
    await expect(grants.chosenFolder(path.join(base, 'chosen/sub'))).resolves.toMatch(/chosen[/\\]sub$/);
    await expect(grants.chosenFolder(path.join(base, 'dropped'))).resolves.toMatch(/dropped$/);
  });

  it('refuses a folder the app made, though folder() allows it', async () => {
    const grants = new PathGrants();
    grants.grantFolder(path.join(base, 'app'), 'app');
    await expect(grants.folder(path.join(base, 'app'))).resolves.not.toBeNull();
    await expect(grants.chosenFolder(path.join(base, 'app'))).resolves.toBeNull();
  });

  it('refuses a folder outside, a relative path and a link out of a chosen folder', async () => {
    const grants = new PathGrants();
    grants.grantFolder(path.join(base, 'chosen'), 'dialog');
    await symlink(path.join(base, 'outside'), path.join(base, 'chosen/link'));
    await expect(grants.chosenFolder(path.join(base, 'outside'))).resolves.toBeNull();
    await expect(grants.chosenFolder('chosen')).resolves.toBeNull();
    await expect(grants.chosenFolder(path.join(base, 'chosen/link'))).resolves.toBeNull();
  });
});
