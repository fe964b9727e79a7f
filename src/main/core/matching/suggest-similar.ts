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
  const letters = nameKey.length - (tokens.length - 1);
  if (letters < FUZZY_MIN_LETTERS) return hits;
  tokens.forEach((token, i) => {
    // The other tokens stay sorted; each variant of token i is slotted in, so no sort per variant.
    const others = tokens.filter((_, j) => j !== i);
    const tryVariant = (variant: string) => {
      if (letters - token.length + variant.length < FUZZY_MIN_LETTERS) return; // both names must be long
      let key = '';
      let placed = variant === '';
      for (const other of others) {
        if (!placed && variant < other) {
          key += key ? ` ${variant}` : variant;
          placed = true;
        }
        key += key ? ` ${other}` : other;
      }
      if (!placed) key += key ? ` ${variant}` : variant;
      // Most neighbours are nobody's name: a cheap has() first; the exact key itself is not a suggestion.
      if (key !== nameKey && index.displayName.has(key)) lookup(index.displayName, key, hits);
    };
    for (let p = 0; p <= token.length; p++) {
      const head = token.slice(0, p);
      const tail = token.slice(p);
      if (p < token.length) tryVariant(head + token.slice(p + 1));
      for (const ch of index.nameAlphabet) {
        if (p < token.length && ch !== token[p]) tryVariant(head + ch + token.slice(p + 1));
        tryVariant(head + ch + tail);
      }
    }
  });
  return hits;
}
