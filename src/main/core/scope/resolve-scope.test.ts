import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphUser } from '../../../shared/domain';
import { resolveScope, ScopeError, scopeSummary } from './resolve-scope';

const person = (id: string, upn: string, department: string | null, extra: Partial<GraphUser> = {}) => ({
  id,
  userPrincipalName: upn,
  displayName: upn.split('@')[0],
  department,
  ...extra,
});
const DIRECTORY: GraphUser[] = [
  person('U-1', 'ana@contoso.com', 'Sales'),
  person('u-2', 'ben@contoso.com', 'sales '),
  person('u-3', 'cleo@contoso.com', 'Ventes Générales'),
  person('u-4', 'dan@contoso.com', 'Marketing'),
  person('u-5', 'eve@contoso.com', null, { accountEnabled: false }),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-scope-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveScope: a department', () => {
  it('is exact, but any case, spacing or accents; named as most of the directory spells it', async () => {
    const scope = await resolveScope({ kind: 'department', department: 'SALES' }, { directory: DIRECTORY });
    expect([...scope.userIds]).toEqual(['u-1', 'u-2']);
    expect(scope.label).toBe('the Sales department (2 users)');
    expect(scope.membership).toBe('in the Sales department');
    const accents = await resolveScope(
      { kind: 'department', department: 'ventes generales' },
      { directory: DIRECTORY },
    );
    expect(scopeSummary(accents)).toEqual({
      kind: 'department',
      label: 'the Ventes Générales department (1 user)',
      users: 1,
      problems: [],
    });
    // Exact: a department that only starts with the words is another department.
    await expect(
      resolveScope({ kind: 'department', department: 'Ventes' }, { directory: DIRECTORY }),
    ).rejects.toThrow(
      new ScopeError(
        'No user in the directory has the department "Ventes". The departments are: Marketing, Sales, Ventes Générales.',
      ),
    );
  });
});

describe('resolveScope: a users CSV', () => {
  it('takes the users it names, and lists the rows it could not use', async () => {
    const file = path.join(dir, 'scope.csv');
    await writeFile(
      file,
      'user\r\nana@contoso.com\r\nnobody@contoso.com\r\nu-4\r\n\r\nANA@contoso.com\r\neve@contoso.com\r\n',
    );
    const scope = await resolveScope({ kind: 'users', usersCsv: file }, { directory: DIRECTORY });
    expect([...scope.userIds]).toEqual(['u-1', 'u-4', 'u-5']);
    expect(scope.label).toBe('the users in scope.csv (3 users)');
    expect(scope.membership).toBe('listed in scope.csv');
    expect(scope.problems).toEqual([
      'row 3: "nobody@contoso.com" names nobody in the directory',
      'row 6: duplicate row: ANA@contoso.com is already on row 2',
    ]);
  });

  it('refuses a CSV that names nobody, or has no user column, with the file in the sentence', async () => {
    const nobody = path.join(dir, 'nobody.csv');
    await writeFile(nobody, 'upn\nx@contoso.com\n');
    await expect(resolveScope({ kind: 'users', usersCsv: nobody }, { directory: DIRECTORY })).rejects.toThrow(
      new ScopeError(
        'The users CSV (nobody.csv) names nobody in the directory (row 2: "x@contoso.com" names nobody in the directory): an upload limited to it would upload nothing.',
      ),
    );
    const noColumn = path.join(dir, 'names.csv');
    await writeFile(noColumn, 'name\nAna\n');
    await expect(
      resolveScope({ kind: 'users', usersCsv: noColumn }, { directory: DIRECTORY }),
    ).rejects.toThrow(/^The users CSV \(names\.csv\) has no column for the user; its first line is "name"/);
    await expect(
      resolveScope({ kind: 'users', usersCsv: path.join(dir, 'missing.csv') }, { directory: DIRECTORY }),
    ).rejects.toBeInstanceOf(ScopeError);
  });
});

describe('resolveScope: a group', () => {
  const groups = {
    members: (nameOrId: string) =>
      Promise.resolve(
        nameOrId === 'Sales EMEA'
          ? { group: { id: 'g-emea', displayName: 'Sales EMEA' }, userIds: ['U-1', 'u-3'] }
          : { group: { id: 'g-empty', displayName: 'Empty' }, userIds: [] },
      ),
  };

  it('is its users, nested groups included (tenant/groups.ts), lower-cased to compare', async () => {
    const scope = await resolveScope(
      { kind: 'group', group: 'Sales EMEA' },
      { directory: DIRECTORY, groups },
    );
    expect([...scope.userIds]).toEqual(['u-1', 'u-3']);
    expect(scope.label).toBe('members of Sales EMEA (2 users)');
    expect(scope.membership).toBe('a member of Sales EMEA');
  });

  it('refuses a group with no user in it', async () => {
    await expect(
      resolveScope({ kind: 'group', group: 'Empty' }, { directory: DIRECTORY, groups }),
    ).rejects.toThrow(/^The group Empty has no user among its members/);
  });
});
