/** A scoped import (the app's path): the scope is resolved with the directory, and rows outside it are marked. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../shared/domain';
import { photoJpeg } from '../../../test/support/image-fixtures';
import { ScopeError } from '../core/scope/resolve-scope';
import { runImport } from './import-folder';

const directory: GraphUser[] = [
  { id: 'u1', userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe', department: 'Sales' },
  { id: 'u2', userPrincipalName: 'chris.lee@contoso.com', displayName: 'Chris Lee', department: 'Marketing' },
  {
    id: 'u3',
    userPrincipalName: 'christopher.lee@contoso.com',
    displayName: 'Chris Lee',
    department: 'Sales',
  },
];

let dir: string;
let folder: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-import-scope-'));
  folder = path.join(dir, 'photos');
  await mkdir(folder, { recursive: true });
  for (const name of ['jane.doe@contoso.com.jpg', 'chris.lee@contoso.com.jpg', 'Chris Lee.jpg'])
    await writeFile(path.join(folder, name), await photoJpeg(400, 400));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deps = () => ({
  directory: () => Promise.resolve(directory),
  previewRoot: path.join(dir, 'previews'),
  imageUrl: (f: string) => `img:${f}`,
});

describe('runImport with a scope', () => {
  it('marks the files for people outside it, offers only people in it, and keeps the scope for the run', async () => {
    const record = await runImport({ folder, scope: { kind: 'department', department: 'sales' } }, deps());
    const byFile = new Map(record.items.map((i) => [i.file, i]));
    expect(byFile.get('jane.doe@contoso.com.jpg')).toMatchObject({ status: 'matched', previewPending: true });
    const chris = byFile.get('chris.lee@contoso.com.jpg');
    expect(chris).toMatchObject({ status: 'outside-scope', user: { id: 'u2' } });
    expect(chris?.reason).toMatch(/^Chris Lee \(chris\.lee@contoso\.com\) is not in the Sales department/);
    // No preview is made for a photo that is never uploaded.
    expect(chris?.previewPending).toBeUndefined();
    // "Chris Lee" is two people; only the one in Sales is offered.
    expect(byFile.get('Chris Lee.jpg')).toMatchObject({ status: 'ambiguous', candidates: [{ id: 'u3' }] });
    expect(record.summary).toMatchObject({ matched: 1, ambiguous: 1, 'outside-scope': 1 });
    expect(record.scope).toEqual({
      kind: 'department',
      label: 'the Sales department (2 users)',
      users: 2,
      problems: [],
    });
    expect([...record.scopeMembership!.userIds]).toEqual(['u1', 'u3']);
  });

  it('a scope that cannot be used stops the import with a ScopeError', async () => {
    await expect(
      runImport({ folder, scope: { kind: 'department', department: 'Legal' } }, deps()),
    ).rejects.toBeInstanceOf(ScopeError);
    await expect(runImport({ folder, scope: { kind: 'group', group: 'Sales' } }, deps())).rejects.toThrow(
      /Groups cannot be read here/,
    );
  });
});
