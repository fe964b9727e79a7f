/**
 * Display-name folding: two spellings of one name fold to the same key. Case, diacritics (NFKD), the letters
 * NFKD leaves alone (ß, ø, æ, ł, đ, þ, ...), punctuation and token order all fold away, so "Doe, Jane",
 * "DOE_Jane", "jane-doe" and "Jane Doe" are one key, and "Jose Muller" = "José Müller".
 */

/** Letters with no decomposition that people still write without the accent. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu');
/** Apostrophes vanish rather than split, so O'Brien, O’Brien and OBrien agree. */
const APOSTROPHES_RE = /['’‘`´ʼ]/gu;
const MARKS_RE = /\p{M}+/gu;
const SEPARATORS_RE = /[^\p{L}\p{N}]+/gu;

/** Lower-case, accent-free, punctuation to single spaces; token order kept. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(APOSTROPHES_RE, '')
    .replace(SEPARATORS_RE, ' ')
    .trim();
}

export function foldNameTokens(name: string): string[] {
  const folded = foldText(name);
  return folded === '' ? [] : folded.split(' ');
}

/** The display-name key: folded tokens in sorted order ("Doe, Jane" and "Jane Doe" give "doe jane"). */
export function foldDisplayName(name: string): string {
  return foldNameTokens(name).sort().join(' ');
}
