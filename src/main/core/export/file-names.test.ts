import { MAX_FILE_NAME, photoExtension, planFileNames, safeFileStem } from './file-names';
import type { ExportUser } from './export-schema';

const user = (id: string, upn: string, extra: Partial<ExportUser> = {}): ExportUser => ({
  id,
  userPrincipalName: upn,
  ...extra,
});

describe('safeFileStem', () => {
  it('replaces the characters Windows refuses and control characters', () => {
    expect(safeFileStem('a\\b/c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeFileStem('tab\there\u0000nul\u007f')).toBe('tab_here_nul_');
    // A right-to-left override could make "gpj.exe" read as "exe.jpg".
    expect(safeFileStem('photo\u202Egpj.exe')).toBe('photo_gpj.exe');
  });

  it('drops trailing dots and spaces, and leading dots', () => {
    expect(safeFileStem('Ann Lee. . ')).toBe('Ann Lee');
    expect(safeFileStem('...hidden')).toBe('hidden');
    expect(safeFileStem(' . ')).toBe('');
  });

  it('prefixes device names Windows reserves, in any case and with an extension', () => {
    for (const name of [
      'CON',
      'con',
      'Prn',
      'aux',
      'NUL',
      'com1',
      'COM9',
      'lpt1',
      'LPT9',
      'nul.txt',
      'Con.smith',
      'aux .x',
    ])
      expect(safeFileStem(name)).toBe(`_${name}`);
    for (const name of ['CONSOLE', 'com10', 'lpt', 'auxiliary', 'Connie'])
      expect(safeFileStem(name)).toBe(name);
  });

  it('keeps names to 196 characters (200 with the extension) without splitting a character', () => {
    expect(safeFileStem('x'.repeat(500))).toHaveLength(MAX_FILE_NAME - 4);
    const emoji = safeFileStem('😀'.repeat(150));
    expect(emoji.length).toBeLessThanOrEqual(196);
    expect(emoji).toBe('😀'.repeat(98));
  });

  it('normalises to NFC (macOS would store "é" decomposed)', () => {
    expect(safeFileStem('Jose\u0301')).toBe('José');
  });
});

describe('planFileNames', () => {
  it('names by UPN by default, or by the chosen field', () => {
    const users = [
      user('1', 'ann@contoso.com', { mail: 'ann.lee@contoso.com', employeeId: 'E1', displayName: 'Ann Lee' }),
    ];
    expect(planFileNames(users, 'upn').get('1')).toEqual({ stem: 'ann@contoso.com', note: null });
    expect(planFileNames(users, 'mail').get('1')!.stem).toBe('ann.lee@contoso.com');
    expect(planFileNames(users, 'employeeId').get('1')!.stem).toBe('E1');
    expect(planFileNames(users, 'displayName').get('1')!.stem).toBe('Ann Lee');
  });

  it('falls back to the UPN, with a note, when the field is empty or unusable', () => {
    const plan = planFileNames(
      [user('1', 'ann@contoso.com'), user('2', 'bo@contoso.com', { employeeId: '???' })],
      'employeeId',
    );
    expect(plan.get('1')).toEqual({
      stem: 'ann@contoso.com',
      note: 'The user has no employee ID, so the file is named by UPN.',
    });
    expect(plan.get('2')!.stem).toBe('___');
    const dots = planFileNames([user('3', 'cy@contoso.com', { displayName: '...' })], 'displayName').get(
      '3',
    )!;
    expect(dots.stem).toBe('cy@contoso.com');
    expect(dots.note).toMatch(/display name "\.\.\." has no character a file name can keep/);
  });

  it('tells two users of one name apart by user id order, whatever order they came in, ignoring case', () => {
    const a = user('b-2', 'x@contoso.com', { displayName: 'Sam Lee' });
    const b = user('a-1', 'y@contoso.com', { displayName: 'sam lee' });
    const c = user('c-3', 'z@contoso.com', { displayName: 'Sam Lee (2)' });
    for (const order of [
      [a, b, c],
      [c, b, a],
    ]) {
      const plan = planFileNames(order, 'displayName');
      expect(plan.get('a-1')!.stem).toBe('sam lee');
      // "Sam Lee (2)" is someone's real name, so the second Sam Lee gets (3).
      expect(plan.get('b-2')!.stem).toBe('Sam Lee (3)');
      expect(plan.get('b-2')!.note).toMatch(/same name/);
      expect(plan.get('c-3')!.stem).toBe('Sam Lee (2)');
    }
  });

  it('keeps a numbered name within the length limit', () => {
    const long = 'n'.repeat(300);
    const plan = planFileNames(
      [user('1', 'a@x', { displayName: long }), user('2', 'b@x', { displayName: long })],
      'displayName',
    );
    expect(plan.get('2')!.stem.endsWith(' (2)')).toBe(true);
    expect(plan.get('2')!.stem.length).toBeLessThanOrEqual(MAX_FILE_NAME - 4);
  });
});

describe('photoExtension', () => {
  it('goes by the bytes first, then the content type', () => {
    expect(photoExtension(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/png')).toBe('.jpg');
    expect(photoExtension(Buffer.from('89504e470d0a1a0a', 'hex'), null)).toBe('.png');
    expect(photoExtension(null, 'image/png')).toBe('.png');
    expect(photoExtension(null, 'image/jpeg')).toBe('.jpg');
    expect(photoExtension(null, null)).toBe('.jpg');
  });
});
