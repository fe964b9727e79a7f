import { hasInvisibleCharacters, visibleText } from './visible-text';

describe('visibleText', () => {
  it('escapes a right-to-left override so the real order shows', () => {
    expect(visibleText('photo\u202Egpj.exe')).toBe('photo⟨U+202E⟩gpj.exe');
  });

  it('escapes zero-width characters and the BOM', () => {
    expect(visibleText('ann\u200B.lee\u200D\uFEFF.jpg')).toBe('ann⟨U+200B⟩.lee⟨U+200D⟩⟨U+FEFF⟩.jpg');
  });

  it('leaves ordinary letters, diacritics and spaces alone', () => {
    const name = 'Zoë Müller - Łukasz Wiśniewski.jpg';
    expect(visibleText(name)).toBe(name);
    expect(hasInvisibleCharacters(name)).toBe(false);
  });

  it('reports invisible characters, repeatedly (no stale regex state)', () => {
    expect(hasInvisibleCharacters('a\u2066b')).toBe(true);
    expect(hasInvisibleCharacters('a\u2066b')).toBe(true);
  });
});
