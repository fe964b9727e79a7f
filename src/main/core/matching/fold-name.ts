/**
 * Display-name keys over the one text fold (src/shared/text-fold.ts). The lookup key sorts the words ("Doe, Jane", "DOE_Jane" and "Jane Doe" share it), but a match
 * needs the words in the same order too (foldNameOrders): only the comma of "Last, First" may swap them.
 */
import { foldText } from '../../../shared/text-fold';

export function foldNameTokens(name: string): string[] {
  const folded = foldText(name);
  return folded === '' ? [] : folded.split(' ');
}

/** The display-name key: folded tokens in sorted order ("Doe, Jane" and "Jane Doe" give "doe jane"). */
export function foldDisplayName(name: string): string {
  return foldNameTokens(name).sort().join(' ');
}

/** The folded surname and given-name parts of "Last, First" (exactly one comma, words on both sides), else null. */
export function foldLastFirst(name: string): [last: string, first: string] | null {
  const parts = name.normalize('NFKC').split(',');
  if (parts.length !== 2) return null;
  const [last, first] = parts.map(foldText) as [string, string];
  return last === '' || first === '' ? null : [last, first];
}

/**
 * The word orders a name can be read in, folded: as written, and for "Last, First" ("Lee, Ann") also the part
 * after the comma first ("ann lee"): the comma says which word is the surname. Without a comma, "Ann Lee" is read
 * only as "ann lee": nothing here guesses which word is the first name.
 */
export function foldNameOrders(name: string): string[] {
  const written = foldText(name);
  const parts = foldLastFirst(name);
  const swapped = parts ? `${parts[1]} ${parts[0]}` : written;
  return swapped === written ? [written] : [written, swapped];
}
