import type { GraphUser, MatchMethod, MatchStatus } from '../../../shared/domain';
import { parseMappingCsv } from '../library/parse-mapping-csv';
import { buildDirectoryIndex } from './directory-index';
import { HIDDEN_NOTE, type MatchOptions, matchFiles } from './match-files';
import {
  A_CONTOSO,
  A_FABRIKAM,
  AEGIR,
  ALEX,
  BJORN,
  CHRIS,
  DIRECTORY,
  JANE,
  JOHN_1,
  JOHN_2,
  JOSE,
  LUKASZ,
  MJ,
  OLD,
  PAT,
  PAT_GUEST,
  SAM_GUEST,
  SEAN,
} from '../../../../test/support/test-directory';

const index = buildDirectoryIndex(DIRECTORY);

function one(file: string, opts: MatchOptions = {}) {
  const { matches } = matchFiles([file], index, opts);
  expect(matches).toHaveLength(1);
  return matches[0]!;
}

const ids = (users: { id: string }[]) => users.map((u) => u.id);

type Row = [
  file: string,
  status: MatchStatus,
  user: GraphUser | null,
  method: MatchMethod | null,
  reason?: RegExp,
];

describe('matchFiles: one file at a time', () => {
  it.each<Row>([
    // Addresses, any case.
    ['jane.doe@contoso.com.jpg', 'matched', JANE, 'upn', /user principal name of Jane Doe/],
    ['JANE.DOE@CONTOSO.COM.JPG', 'matched', JANE, 'upn'],
    ['jane@fabrikam.com.png', 'matched', JANE, 'proxyAddress'],
    ['Sales/EMEA/jane.doe@contoso.com.jpeg', 'matched', JANE, 'upn'],
    // Local parts (no domain given): UPN and mail local parts.
    ['jane.doe.jpg', 'matched', JANE, 'upn', /local part of the user principal name/],
    ['Jane.Doe.JPG', 'matched', JANE, 'upn'],
    // Photographer suffixes.
    ['jane.doe_1.jpg', 'matched', JANE, 'upn', /suffix "_1" was ignored/],
    ['jane.doe-final.jpg', 'matched', JANE, 'upn'],
    ['jane.doe_648.jpg', 'matched', JANE, 'upn'],
    ['jane.doe-edit.jpg', 'matched', JANE, 'upn'],
    ['jane.doe (2).jpg', 'matched', JANE, 'upn'],
    ['jane.doe_648x648.jpg', 'matched', JANE, 'upn'],
    ['jane.doe-edit_2.jpg', 'matched', JANE, 'upn'],
    // Alias only in proxyAddresses (not the UPN, not the mailNickname).
    ['jdoe.jpg', 'matched', JANE, 'alias', /alias in proxyAddresses/],
    // Employee IDs, leading zeros.
    ['00123.jpg', 'matched', JANE, 'employeeId'],
    ['123.jpg', 'matched', JANE, 'employeeId'],
    ['0000123 (2).jpg', 'matched', JANE, 'employeeId'],
    ['2001.jpg', 'matched', JOHN_1, 'employeeId'],
    ['E-77.jpg', 'matched', ALEX, 'employeeId'],
    ['e-77.png', 'matched', ALEX, 'employeeId'],
    ['124.jpg', 'unmatched', null, null],
    // Display-name forms.
    ['Jane Doe.jpg', 'matched', JANE, 'displayName'],
    ['Doe, Jane.jpg', 'matched', JANE, 'displayName'],
    [
      'DOE_Jane.jpg',
      'suggested',
      JANE,
      'displayName',
      /words of the display name of Jane Doe.*another order/,
    ],
    ['jane-doe.jpg', 'matched', JANE, 'displayName'],
    ['Jane  Doe (2).jpg', 'matched', JANE, 'displayName', /suffix "\(2\)" was ignored/],
    ['Jose Muller.jpg', 'matched', JOSE, 'displayName'],
    ['MÜLLER, JOSÉ.jpg', 'matched', JOSE, 'displayName'],
    ["Sean O'Brien.jpg", 'matched', SEAN, 'displayName'],
    ['Sean OBrien.jpg', 'matched', SEAN, 'displayName'],
    ['Bjorn Odegard.jpg', 'matched', BJORN, 'displayName'],
    ['Aegir Thorsson.jpg', 'matched', AEGIR, 'displayName'],
    ['Lukasz Djuric Strass.jpg', 'suggested', LUKASZ, 'displayName'], // đ folds to d: "dj" is one letter away
    ['Lukasz Duric-Strass.jpg', 'matched', LUKASZ, 'displayName'],
    ['Mary Jane Watson.jpg', 'matched', MJ, 'displayName'],
    ['Alex Kim.jpg', 'matched', ALEX, 'displayName'], // "(Sales)" in the directory name is a note
    ['José Müller.jpg'.normalize('NFD'), 'matched', JOSE, 'displayName'],
    // Ambiguity: two John Smiths, every candidate listed.
    [
      'John Smith.jpg',
      'ambiguous',
      null,
      'displayName',
      /2 users: John Smith \(john\.smith@contoso\.com\); John Smith \(jsmith2@/,
    ],
    ['a.jpg', 'ambiguous', null, 'upn'],
    // Fuzzy: only ever suggested.
    ['Jose Mueller.jpg', 'suggested', JOSE, 'displayName', /one letter away.*must confirm/],
    ['Christopher Jonson.jpg', 'suggested', CHRIS, 'displayName'],
    ['Jane Do.jpg', 'unmatched', null, null], // too short for a fuzzy guess
    // Guests and disabled accounts.
    [
      'Pat Lee.jpg',
      'matched',
      PAT,
      'displayName',
      /Not considered: Pat Lee \(pat\.lee_fabrikam\.com#EXT#.*guest account \(to consider them, turn on "Include guest accounts" in Settings\)/,
    ],
    ['pat.lee.jpg', 'matched', PAT, 'upn', /guest account/],
    [
      'Sam Guest.jpg',
      'unmatched',
      null,
      null,
      /only a guest account: Sam Guest.*\. To match it, turn on "Include guest accounts" in Settings\.$/,
    ],
    [
      'Old Timer.jpg',
      'unmatched',
      null,
      null,
      /only a disabled account: Old Timer.*\. To match it, turn on "Include disabled accounts" in Settings\.$/,
    ],
    ['old.timer.jpg', 'unmatched', null, null, /disabled account/],
    // Camera names name nobody, even when a user could match the letters.
    ['IMG_1234.jpg', 'unmatched', null, null, /camera file name/],
    ['DSC01234.JPG', 'unmatched', null, null, /camera file name/],
    ['IMG_1234 (2).jpg', 'unmatched', null, null, /camera file name/],
    ['PXL_20240101_123456789.jpg', 'unmatched', null, null, /camera file name/],
    ['20240131_101500.jpg', 'unmatched', null, null, /camera file name/],
    ['Nobody Here.jpg', 'unmatched', null, null, /No user has "Nobody Here"/],
    // A surname that looks like a suffix word is not stripped.
    ['John Small.jpg', 'unmatched', null, null],
  ])('%s -> %s', (file, status, user, method, reason) => {
    const result = one(file);
    expect(result.status).toBe(status);
    expect(result.user?.id ?? null).toBe(
      status === 'suggested' || status === 'matched' ? (user?.id ?? null) : null,
    );
    expect(result.method).toBe(method);
    expect(result.file).toBe(file);
    if (reason) expect(result.reason).toMatch(reason);
    expect(result.reason.length).toBeGreaterThan(10);
  });

  it('lists every candidate of an ambiguous key', () => {
    expect(ids(one('John Smith.jpg').candidates)).toEqual([JOHN_1.id, JOHN_2.id]);
    expect(ids(one('a.jpg').candidates)).toEqual([A_CONTOSO.id, A_FABRIKAM.id]);
  });

  it('names the excluded account among the candidates so a person can still choose it', () => {
    expect(ids(one('Old Timer.jpg').candidates)).toEqual([OLD.id]);
    expect(ids(one('Sam Guest.jpg').candidates)).toEqual([SAM_GUEST.id]);
  });

  it('includes guests and disabled accounts only when asked, and then never picks between two people', () => {
    const pat = one('Pat Lee.jpg', { includeGuests: true });
    expect(pat.status).toBe('ambiguous');
    expect(ids(pat.candidates)).toEqual([PAT_GUEST.id, PAT.id]);
    expect(one('Sam Guest.jpg', { includeGuests: true })).toMatchObject({
      status: 'matched',
      user: { id: SAM_GUEST.id },
    });
    expect(one('Old Timer.jpg', { includeDisabled: true })).toMatchObject({
      status: 'matched',
      user: { id: OLD.id },
    });
    expect(one('Old Timer.jpg', { includeGuests: true }).status).toBe('unmatched');
  });

  it('completes bare local parts with --domain values instead of matching any domain', () => {
    expect(one('a.jpg', { domains: ['contoso.com'] })).toMatchObject({
      status: 'matched',
      user: { id: A_CONTOSO.id },
      method: 'upn',
    });
    expect(one('a.jpg', { domains: ['@Fabrikam.com'] })).toMatchObject({
      status: 'matched',
      user: { id: A_FABRIKAM.id },
    });
    expect(one('a.jpg', { domains: ['contoso.com', 'fabrikam.com'] }).status).toBe('ambiguous');
    const jdoe = one('jdoe.jpg', { domains: ['contoso.com'] });
    expect(jdoe).toMatchObject({ status: 'matched', user: { id: JANE.id }, method: 'proxyAddress' });
    expect(jdoe.reason).toMatch(/"jdoe@contoso\.com" is the proxy address of Jane Doe/);
  });

  it('tries the name as written at every level before stripping a suffix', () => {
    const users: GraphUser[] = [
      { id: 'x', userPrincipalName: 'jsmith@contoso.com', displayName: 'J Smith' },
      { id: 'y', userPrincipalName: 'someone@contoso.com', displayName: 'Someone', mailNickname: 'jsmith_2' },
    ];
    const { matches } = matchFiles(['jsmith_2.jpg'], buildDirectoryIndex(users));
    expect(matches[0]).toMatchObject({ status: 'matched', user: { id: 'y' }, method: 'alias' });
  });

  it('an identifier held by one user at a stronger level wins over a display name held by another', () => {
    const users: GraphUser[] = [
      { id: 'x', userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe' },
      { id: 'y', userPrincipalName: 'jdoe2@contoso.com', displayName: 'Jane Doe' },
    ];
    const idx = buildDirectoryIndex(users);
    expect(matchFiles(['jane.doe.jpg'], idx).matches[0]).toMatchObject({
      status: 'matched',
      user: { id: 'x' },
    });
    expect(matchFiles(['Jane Doe.jpg'], idx).matches[0]!.status).toBe('ambiguous');
  });

  it('numeric employee IDs equal across leading zeros make two users ambiguous, not a pick', () => {
    const users: GraphUser[] = [
      { id: 'x', userPrincipalName: 'x@contoso.com', employeeId: '123' },
      { id: 'y', userPrincipalName: 'y@contoso.com', employeeId: '000123' },
    ];
    expect(matchFiles(['0123.jpg'], buildDirectoryIndex(users)).matches[0]).toMatchObject({
      status: 'ambiguous',
      candidates: [{ id: 'x' }, { id: 'y' }],
    });
  });
});

describe('matchFiles: across files', () => {
  it('two files for one user are both conflicts; neither is chosen', () => {
    const { matches, summary } = matchFiles(
      ['jane.doe.jpg', 'Jane Doe.jpg', 'john.smith@contoso.com.jpg'],
      index,
    );
    expect(matches.map((m) => [m.file, m.status, m.user?.id ?? null])).toEqual([
      ['jane.doe.jpg', 'conflict', null],
      ['Jane Doe.jpg', 'conflict', null],
      ['john.smith@contoso.com.jpg', 'matched', JOHN_1.id],
    ]);
    for (const m of matches.slice(0, 2)) {
      expect(ids(m.candidates)).toEqual([JANE.id]);
      expect(m.reason).toMatch(/2 files match Jane Doe.*jane\.doe\.jpg, Jane Doe\.jpg.*Neither is used/);
    }
    expect(summary).toEqual({
      matched: 1,
      ambiguous: 0,
      suggested: 0,
      conflict: 2,
      unmatched: 0,
      skipped: 0,
      'outside-scope': 0,
    });
  });

  it('a suggestion does not conflict with an exact match (it is never used on its own)', () => {
    const { matches } = matchFiles(['jose.mueller.jpg', 'Jose Mueller.jpg'], index);
    expect(matches.map((m) => m.status)).toEqual(['matched', 'suggested']);
  });
});

describe('matchFiles: mapping CSV', () => {
  const files = [
    'IMG_0001.jpg',
    'John Smith.jpg',
    'jane.doe.jpg',
    'portrait.jpg',
    'Sales/team-7.jpg',
    'two-users.jpg',
    'a1.jpg',
    'a2.jpg',
    'guest.jpg',
    'bad-user.jpg',
    'Dup/x.jpg',
    'Dup2/x.jpg',
  ];
  const csv = [
    '\ufeffFile;UPN;EmployeeId',
    'IMG_0001.jpg;jsmith2@contoso.com;', // camera name, mapped
    'John Smith.jpg;john.smith@contoso.com;', // ambiguous by name, mapped
    'portrait.jpg;;123', // Jane by employee ID with leading zeros dropped: jane.doe.jpg loses
    'team-7.jpg;jose.mueller@contoso.com;', // base name resolves to Sales/team-7.jpg
    'two-users.jpg;bjorn@contoso.com;',
    'two-users.jpg;aegir@contoso.com;',
    'a1.jpg;mj.watson@contoso.com;',
    'a2.jpg;MJ.Watson@contoso.com;',
    'guest.jpg;sam_ext.com#EXT#@contoso.onmicrosoft.com;',
    'bad-user.jpg;nobody@contoso.com;',
    'missing.jpg;chris.johnson@contoso.com;',
    '../escape.jpg;chris.johnson@contoso.com;',
    'x.jpg;chris.johnson@contoso.com;',
    'IMG_0001.jpg;jsmith2@contoso.com;',
  ].join('\r\n');
  const mapping = parseMappingCsv(csv);

  it('wins over file names and reports every bad row by number', () => {
    const { matches, mappingErrors } = matchFiles(files, index, { mapping: mapping.rows });
    const by = Object.fromEntries(matches.map((m) => [m.file, m]));
    expect(by['IMG_0001.jpg']).toMatchObject({
      status: 'matched',
      method: 'mapping',
      user: { id: JOHN_2.id },
    });
    expect(by['IMG_0001.jpg']!.reason).toMatch(/by row 2 of the mapping CSV/);
    expect(by['John Smith.jpg']).toMatchObject({
      status: 'matched',
      method: 'mapping',
      user: { id: JOHN_1.id },
    });
    expect(by['portrait.jpg']).toMatchObject({ status: 'matched', method: 'mapping', user: { id: JANE.id } });
    expect(by['jane.doe.jpg']).toMatchObject({
      status: 'unmatched',
      user: null,
      candidates: [{ id: JANE.id }],
    });
    expect(by['jane.doe.jpg']!.reason).toMatch(/mapping CSV assigns Jane Doe .* to portrait\.jpg \(row 4\)/);
    expect(by['Sales/team-7.jpg']).toMatchObject({ status: 'matched', user: { id: JOSE.id } });
    expect(by['two-users.jpg']).toMatchObject({ status: 'ambiguous', method: 'mapping', user: null });
    expect(ids(by['two-users.jpg']!.candidates)).toEqual([BJORN.id, AEGIR.id]);
    expect(by['a1.jpg']).toMatchObject({ status: 'conflict', user: null, candidates: [{ id: MJ.id }] });
    expect(by['a2.jpg']).toMatchObject({ status: 'conflict', user: null });
    expect(by['guest.jpg']).toMatchObject({ status: 'unmatched', user: null });
    expect(by['guest.jpg']!.reason).toMatch(
      /row 10: Sam Guest .* is a guest account; to map a photo to it, turn on "Include guest accounts" in Settings/,
    );
    expect(by['bad-user.jpg']!.reason).toMatch(
      /row 11: "nobody@contoso.com" names nobody in the directory\. Correct the row and import again/,
    );
    expect(by['Dup/x.jpg']!.status).toBe('unmatched'); // not taken from the ambiguous "x.jpg" row
    expect([...mapping.errors, ...mappingErrors].sort((a, b) => a.row - b.row)).toEqual([
      { row: 10, message: expect.stringMatching(/guest account/) as unknown, file: 'guest.jpg' },
      { row: 11, message: '"nobody@contoso.com" names nobody in the directory', file: 'bad-user.jpg' },
      { row: 12, message: 'missing file: missing.jpg is not among the images in the folder' },
      { row: 13, message: expect.stringMatching(/^path outside the folder: \.\.\/escape\.jpg/) as unknown },
      { row: 14, message: 'x.jpg names 2 files (Dup/x.jpg, Dup2/x.jpg): give the path' },
      { row: 15, message: 'duplicate row: same file and user as row 2' },
    ]);
  });

  it('maps to a guest when guests are included', () => {
    const { matches } = matchFiles(['guest.jpg'], index, { mapping: mapping.rows, includeGuests: true });
    expect(matches[0]).toMatchObject({ status: 'matched', method: 'mapping', user: { id: SAM_GUEST.id } });
  });

  it('reports a row naming a file the scan skipped with the scan reason', () => {
    const { mappingErrors } = matchFiles([], index, {
      mapping: parseMappingCsv('file,upn\nnotes.jpg,jane.doe@contoso.com\n').rows,
      skipped: new Map([['notes.jpg', 'Not an image: the content is no known format.']]),
    });
    expect(mappingErrors).toEqual([
      { row: 2, message: 'notes.jpg was skipped by the scan: Not an image: the content is no known format.' },
    ]);
  });

  it('resolves each user column the way its header says', () => {
    const m = parseMappingCsv(
      [
        'file,id,mail,employeeId',
        'a.jpg,U-JANE,,',
        'b.jpg,,jane@fabrikam.com,',
        'c.jpg,,,2002',
        'd.jpg,,,99',
      ].join('\n'),
    );
    const { matches, mappingErrors } = matchFiles(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'], index, {
      mapping: m.rows,
    });
    expect(matches.map((r) => [r.file, r.status, r.user?.id ?? null])).toEqual([
      ['a.jpg', 'conflict', null], // a.jpg and b.jpg both map to Jane
      ['b.jpg', 'conflict', null],
      ['c.jpg', 'matched', JOHN_2.id],
      ['d.jpg', 'unmatched', null],
    ]);
    expect(mappingErrors).toEqual([{ row: 5, message: '"99" names nobody in the directory', file: 'd.jpg' }]);
  });
});

describe('matchFiles: the order of names is never guessed', () => {
  const person = (id: string, displayName: string, extra: Partial<GraphUser> = {}): GraphUser => ({
    id,
    userPrincipalName: `${id}@contoso.com`,
    displayName,
    accountEnabled: true,
    userType: 'Member',
    ...extra,
  });
  const ANN_LEE = person('ann.lee', 'Ann Lee', { givenName: 'Ann', surname: 'Lee' });
  const LEE_ANN = person('lee.ann', 'Lee Ann');
  const WANG = person('wei.wang', 'Wang Wei', { givenName: 'Wei', surname: 'Wang' });
  const MARY = person('mjs', 'Mary Jane Smith');
  const PARK = person('minjun.park', 'Park, Min-jun');
  const DUPONT = person('marie.dupont', 'DUPONT Marie', { givenName: 'Marie', surname: 'Dupont' });
  const ROBERT = person('bob.stone', 'Bob Stone', { givenName: 'Robert', surname: 'Stone' });
  const LEE_GUEST = person('lee.ann_x', 'Lee Ann', { userType: 'Guest' });
  const others = [WANG, MARY, PARK, DUPONT, ROBERT];
  const directories = {
    both: buildDirectoryIndex([ANN_LEE, LEE_ANN, ...others]),
    annLee: buildDirectoryIndex([ANN_LEE, ...others]),
    leeAnn: buildDirectoryIndex([LEE_ANN, ...others]),
    guestLeeAnn: buildDirectoryIndex([ANN_LEE, LEE_GUEST]),
  };

  it.each<[keyof typeof directories, string, MatchStatus, GraphUser[], RegExp?]>([
    // Two people with the same words: the exact order wins, the other is not a candidate.
    ['both', 'Ann Lee.jpg', 'matched', [ANN_LEE], /Not a candidate: Lee Ann \(lee\.ann@.*another order/],
    ['both', 'Lee Ann.jpg', 'matched', [LEE_ANN], /Not a candidate: Ann Lee \(ann\.lee@/],
    ['both', 'ann-lee_2.jpg', 'matched', [ANN_LEE], /suffix "_2" was ignored/],
    // With the comma the file reads both ways: both people, nobody picked.
    [
      'both',
      'Lee, Ann.jpg',
      'ambiguous',
      [ANN_LEE, LEE_ANN],
      /"Lee, Ann" \(read as written and as "Last, First"\)/,
    ],
    // Only the other order in the directory: a suggestion to confirm, never a match.
    ['leeAnn', 'Ann Lee.jpg', 'suggested', [LEE_ANN], /in another order.*does not guess.*must confirm/],
    ['leeAnn', 'ANN_LEE (2).jpg', 'suggested', [LEE_ANN], /suffix "\(2\)" was ignored/],
    ['annLee', 'Lee Ann.jpg', 'suggested', [ANN_LEE]],
    ['annLee', 'LEE Ann.jpg', 'suggested', [ANN_LEE]], // capitals are no comma
    // "Last, First": the swap is explicit.
    [
      'annLee',
      'Lee, Ann.jpg',
      'matched',
      [ANN_LEE],
      /"Lee, Ann" \(read as "Last, First"\) is the display name/,
    ],
    ['leeAnn', 'Lee, Ann.jpg', 'matched', [LEE_ANN]], // the words as written are the display name
    ['annLee', 'Ann, Lee.jpg', 'matched', [ANN_LEE]], // as written, too
    // East Asian order: given name + surname is not composed into the other order.
    ['annLee', 'Wang Wei.jpg', 'matched', [WANG]],
    ['annLee', 'Wei Wang.jpg', 'suggested', [WANG]],
    ['annLee', 'Wang, Wei.jpg', 'matched', [WANG]],
    // The comma says surname Wei; the directory says Wang.
    ['annLee', 'Wei, Wang.jpg', 'suggested', [WANG], /does not fit the surname in the directory/],
    // Three words.
    ['annLee', 'Mary Jane Smith.jpg', 'matched', [MARY]],
    ['annLee', 'mary.jane.smith.jpg', 'matched', [MARY]],
    ['annLee', 'Smith, Mary Jane.jpg', 'matched', [MARY]],
    ['annLee', 'Smith Mary Jane.jpg', 'suggested', [MARY]],
    ['annLee', 'Jane Mary Smith.jpg', 'suggested', [MARY]],
    ['annLee', 'Mary Smith Jane.jpg', 'suggested', [MARY]],
    // A directory that writes "Last, First" reads both ways itself.
    ['annLee', 'Min-jun Park.jpg', 'matched', [PARK]],
    ['annLee', 'Park Min-jun.jpg', 'matched', [PARK]],
    ['annLee', 'Jun Min Park.jpg', 'suggested', [PARK]],
    // Surname in capitals first, as French tenants write it.
    ['annLee', 'DUPONT Marie.jpg', 'matched', [DUPONT]],
    ['annLee', 'Dupont, Marie.jpg', 'matched', [DUPONT]],
    ['annLee', 'Marie Dupont.jpg', 'suggested', [DUPONT]],
    // Given name + surname that are more than a reordering still match in their own order.
    ['annLee', 'Robert Stone.jpg', 'matched', [ROBERT], /given name and surname of Bob Stone/],
    ['annLee', 'Stone, Robert.jpg', 'matched', [ROBERT]],
    ['annLee', 'Stone Robert.jpg', 'suggested', [ROBERT]],
    ['annLee', 'Stone Bob.jpg', 'suggested', [ROBERT]],
    // A guest with the reordered name is neither suggested nor noted.
    ['guestLeeAnn', 'Ann Lee.jpg', 'matched', [ANN_LEE]],
  ])('%s: %s -> %s', (dir, file, status, users, reason) => {
    const [m] = matchFiles([file], directories[dir]).matches;
    expect(m!.status).toBe(status);
    expect(m!.method).toBe('displayName');
    if (status === 'ambiguous') expect(m!.user).toBeNull();
    else expect(m!.user?.id).toBe(users[0]!.id);
    expect(ids(m!.candidates)).toEqual(status === 'matched' ? [] : ids(users));
    if (reason) expect(m!.reason).toMatch(reason);
    if (status === 'matched' && dir !== 'both') expect(m!.reason).not.toMatch(/Not a candidate/);
  });

  it('a suggestion by word order does not conflict with the exact match of another file', () => {
    const { matches } = matchFiles(['Lee Ann.jpg', 'ann.lee.jpg'], directories.annLee);
    expect(matches.map((m) => m.status)).toEqual(['suggested', 'matched']);
  });
});

describe('matchFiles: hidden characters in file names', () => {
  it.each<[string, MatchStatus, GraphUser | null]>([
    ['ja\u200Bne.doe@contoso.com.jpg', 'matched', JANE], // zero-width space
    ['jane.doe\u200E.jpg', 'matched', JANE], // left-to-right mark
    ['Jane\u2060 Doe.jpg', 'matched', JANE], // word joiner
    ['\u202Eeod.enaj.jpg', 'unmatched', null], // shown reversed ("jane.doe"), but the name is "eod.enaj"
    ['\u200B\u200B.jpg', 'unmatched', null],
  ])('%j -> %s, flagged', (file, status, user) => {
    const m = one(file);
    expect(m.status).toBe(status);
    expect(m.user?.id ?? null).toBe(user?.id ?? null);
    expect(m.file).toBe(file); // the data keeps the real name; people see it escaped
    expect(m.reason.endsWith(HIDDEN_NOTE)).toBe(true);
    expect(m.reason).toMatch(/hidden characters/);
  });

  it('says nothing about hidden characters in an ordinary name', () => {
    expect(one('jane.doe.jpg').reason).not.toMatch(/hidden/);
    expect(one('Zoë Müller - 王伟.jpg').reason).not.toMatch(/hidden/);
  });

  it('writes other file names in a reason with the hidden characters escaped', () => {
    const { matches } = matchFiles(['jane.doe.jpg', 'Jane\u200B Doe.jpg'], index);
    expect(matches.map((m) => m.status)).toEqual(['conflict', 'conflict']);
    for (const m of matches) {
      expect(m.reason).toContain('jane.doe.jpg, Jane⟨U+200B⟩ Doe.jpg');
      expect(m.reason).not.toContain('\u200B');
    }
  });

  it('escapes file names in mapping errors', () => {
    const { mappingErrors } = matchFiles(['a.jpg'], index, {
      mapping: parseMappingCsv('file,upn\n"b\u202E.jpg",jane.doe@contoso.com\n').rows,
    });
    expect(mappingErrors).toEqual([
      { row: 2, message: 'missing file: b⟨U+202E⟩.jpg is not among the images in the folder' },
    ]);
  });
});
