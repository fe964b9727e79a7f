/**
 * Fuzzy display-name suggestions: names one edit (insert, delete or substitute a letter) away, for long names
 * only, where a one-letter slip is a typo rather than another person. The caller may only *suggest* these.
 * Instead of comparing against every user, it generates the key's edit neighbourhood and looks each up.
 */
import { type DirectoryIndex, lookup, type Source } from './directory-index';

/** Letters (spaces excluded) a name needs before a one-letter difference is taken for a typo. */
export const FUZZY_MIN_LETTERS = 8;

export function similarDisplayNames(index: DirectoryIndex, nameKey: string): Map<number, Source> {
  const hits = new Map<number, Source>();
  const tokens = nameKey.split(' ');
  if (tokens.join('').length < FUZZY_MIN_LETTERS) return hits;
  const tried = new Set<string>([nameKey]);
  const tryToken = (i: number, variant: string) => {
    const next = tokens.slice();
    next[i] = variant;
    const key = next.filter(Boolean).sort().join(' ');
    if (tried.has(key)) return;
    tried.add(key);
    if (next.join('').length < FUZZY_MIN_LETTERS) return; // both names must be long
    lookup(index.displayName, key, hits);
  };
  tokens.forEach((token, i) => {
    for (let p = 0; p <= token.length; p++) {
      if (p < token.length) tryToken(i, token.slice(0, p) + token.slice(p + 1));
      for (const ch of index.nameAlphabet) {
        if (p < token.length && ch !== token[p]) tryToken(i, token.slice(0, p) + ch + token.slice(p + 1));
        tryToken(i, token.slice(0, p) + ch + token.slice(p));
      }
    }
  });
  return hits;
}
