import { hasInvisibleCharacters, visibleText, withoutInvisibleCharacters } from './visible-text';

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

describe('withoutInvisibleCharacters', () => {
  it('removes what visibleText escapes, control characters included, and nothing else', () => {
    expect(withoutInvisibleCharacters('ann\u200B.lee\u202E@contoso.com\n')).toBe('ann.lee@contoso.com');
    expect(visibleText('a\nb\u0007')).toBe('a⟨U+000A⟩b⟨U+0007⟩');
    expect(withoutInvisibleCharacters('Zoë Müller.jpg')).toBe('Zoë Müller.jpg');
    expect(visibleText('a\u034Fb\uFE0F.jpg')).toBe('a⟨U+034F⟩b⟨U+FE0F⟩.jpg'); // the combining ones too
  });
});
