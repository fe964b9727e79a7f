import { describe, expect, it } from 'vitest';
import { buildDirectoryIndex, matchFiles } from '../matching/match-folder';
import { parseRoster, RosterFileError } from './roster';

describe('parseRoster', () => {
  it('turns each row into a roster user the matcher matches files against', () => {
    const roster = parseRoster(
      'Name,Email,Employee ID\nJane Doe,jane.doe@contoso.com,1001\nBob Stone,,2002\n"Lee, Ann",ann.lee@contoso.com,\n',
    );
    expect(roster.problems).toEqual([]);
    expect(roster.users.map((u) => u.id)).toEqual(['roster:2', 'roster:3', 'roster:4']);
    expect(roster.identities.get('roster:3')).toEqual({
      name: 'Bob Stone',
      email: null,
      upn: null,
      employeeId: '2002',
    });
    const index = buildDirectoryIndex(roster.users);
    const { matches } = matchFiles(['jane.doe@contoso.com.jpg', 'Bob Stone.jpg', 'nobody.jpg'], index);
    expect(matches.map((m) => [m.file, m.status, m.user?.id ?? null])).toEqual([
      ['jane.doe@contoso.com.jpg', 'matched', 'roster:2'],
      ['Bob Stone.jpg', 'matched', 'roster:3'],
      ['nobody.jpg', 'unmatched', null],
    ]);
  });

  it("reads the admin's missing-photo list (inventory --missing --csv)", () => {
    const csv =
      'displayName,userPrincipalName,mail,employeeId,department,officeLocation,jobTitle,managerDisplayName,managerUserPrincipalName,photoStatus,photoSize\n' +
      'Jane Doe,jane@contoso.com,jane.doe@contoso.com,77,Sales,,,Boss,boss@contoso.com,No photo,\n';
    const roster = parseRoster(csv);
    expect(roster.identities.get('roster:2')).toEqual({
      name: 'Jane Doe',
      email: 'jane.doe@contoso.com',
      upn: 'jane@contoso.com',
      employeeId: '77',
    });
    expect(roster.users[0]?.userPrincipalName).toBe('jane@contoso.com');
  });

  it('lists a bad row on its own and keeps the others', () => {
    const roster = parseRoster(
      'name;email\n;\nAnn;ann@x.com\nAnn again;ANN@x.com\nBad;not-an-address\nZoe;zoe@x.com\n',
    );
    expect(roster.users.map((u) => u.displayName)).toEqual(['Ann', 'Zoe']);
    expect(roster.problems).toEqual([
      { row: 4, message: expect.stringContaining('already on row 3') as string },
      { row: 5, message: expect.stringContaining('"not-an-address" is not an address') as string },
    ]);
  });

  it('refuses a file with no column it knows, or no header', () => {
    expect(() => parseRoster('foo,bar\n1,2\n', 'people.csv')).toThrow(RosterFileError);
    expect(() => parseRoster('foo,bar\n1,2\n', 'people.csv')).toThrow(
      /roster CSV \(people.csv\) has no column/,
    );
    expect(() => parseRoster('\n\n')).toThrow(/is empty/);
  });
});
