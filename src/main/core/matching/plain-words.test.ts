// What the matcher says is read by an M365 admin in the app: Settings switches, not command-line flags; a mapping
// row that names nobody says so on its file; candidates carry what tells two people of one name apart.
import type { GraphUser } from '../../../shared/domain';
import { parseMappingCsv } from '../library/parse-mapping-csv';
import { buildDirectoryIndex, toUserRef } from './directory-index';
import { matchFiles } from './match-files';
import { DIRECTORY } from '../../../../test/support/test-directory';

const index = buildDirectoryIndex(DIRECTORY);

describe('the matcher’s words', () => {
  it('never names a command-line flag, in any reason or mapping error', () => {
    const files = [
      'Sam Guest.jpg',
      'Old Timer.jpg',
      'Pat Lee.jpg',
      'old.timer.jpg',
      'guest.jpg',
      'IMG_1234.jpg',
      'John Smith.jpg',
    ];
    const mapping = parseMappingCsv('file,upn\nguest.jpg,sam_ext.com#EXT#@contoso.onmicrosoft.com\n');
    const { matches, mappingErrors } = matchFiles(files, index, { mapping: mapping.rows });
    const words = [...matches.map((m) => m.reason), ...mappingErrors.map((e) => e.message)];
    expect(words.length).toBeGreaterThan(files.length);
    for (const w of words) expect(w).not.toMatch(/--|include-(guests|disabled)/);
    expect(words.join('\n')).toMatch(/turn on "Include disabled accounts" in Settings/);
    expect(words.join('\n')).toMatch(/turn on "Include guest accounts" in Settings/);
  });

  it('a file whose mapping row names no user says so, with the row, not "camera file name"', () => {
    const mapping = parseMappingCsv('file,upn\nIMG_0042.jpg,\njane.doe.jpg,\n');
    const { matches } = matchFiles(['IMG_0042.jpg', 'jane.doe.jpg'], index, {
      mapping: mapping.rows,
      mappingRowErrors: mapping.errors,
    });
    const [camera, named] = matches;
    expect(camera!.status).toBe('unmatched');
    expect(camera!.reason).toBe(
      "The mapping CSV's row 2 names this file but nobody in the directory: the user column is empty. Fill in the user's UPN and import again, or choose the user here.",
    );
    expect(camera!.reason).not.toMatch(/camera/);
    // A name that matches still matches; the empty row is mentioned.
    expect(named!.status).toBe('matched');
    expect(named!.reason).toMatch(/row 3 names this file but nobody .* The file name was used instead\./);
  });

  it('user references carry department, job title and office when the directory has them', () => {
    const u: GraphUser = {
      id: 'u1',
      userPrincipalName: 'chris.lee@contoso.com',
      displayName: 'Chris Lee',
      department: 'Sales',
      jobTitle: 'Account Manager',
      officeLocation: 'Seattle',
    };
    expect(toUserRef(u)).toEqual({
      id: 'u1',
      userPrincipalName: 'chris.lee@contoso.com',
      displayName: 'Chris Lee',
      department: 'Sales',
      jobTitle: 'Account Manager',
      officeLocation: 'Seattle',
    });
    const twoChris = buildDirectoryIndex([
      u,
      { ...u, id: 'u2', userPrincipalName: 'christopher.lee@contoso.com', department: 'Engineering' },
    ]);
    const [m] = matchFiles(['Chris Lee.jpg'], twoChris).matches;
    expect(m!.status).toBe('ambiguous');
    expect(m!.candidates.map((c) => c.department)).toEqual(['Sales', 'Engineering']);
    expect(toUserRef({ id: 'x', userPrincipalName: 'x@contoso.com' })).toEqual({
      id: 'x',
      userPrincipalName: 'x@contoso.com',
      displayName: null,
    });
  });
});
