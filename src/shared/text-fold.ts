/**
 * The one text fold: two spellings of one text fold to the same key. Case, diacritics (NFKD), the letters NFKD
 * leaves alone (ß, ø, æ, ł, đ, þ, ...), invisible characters and punctuation fold away, so "Jose Muller" =
 * "José Müller" and "O'Brien" = "OBrien". Matching, the Review search and the people search all use it. Pure.
 */
import { withoutInvisibleCharacters } from './visible-text';

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
  // Invisible characters are removed rather than split on: a zero-width non-joiner sits inside a Persian word.
  return withoutInvisibleCharacters(text)
    .normalize('NFKD')
    .toLowerCase()
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(APOSTROPHES_RE, '')
    .replace(SEPARATORS_RE, ' ')
    .trim();
}

/** The folded words of a search box's text ("José M" -> ["jose", "m"]). */
export function searchTerms(query: string): string[] {
  const folded = foldText(query);
  return folded === '' ? [] : folded.split(' ');
}
