/**
 * Shows invisible characters: bidi controls and zero-width characters in a file name are written as a visible
 * escape (e.g. "⟨U+202E⟩"), so a name cannot pose as another ("photo\u202Egpj.exe" reads as "photoexe.jpg").
 * Used by the renderer and by every report that prints a file name. Pure; no dependencies.
 */

// Bidi embeddings/overrides/isolates and marks, zero-width space/joiners, word joiner, invisible operators, BOM,
// soft hyphen, Mongolian vowel separator, Hangul fillers and the other default-ignorable characters people trip on;
// also the C0/C1 controls and line/paragraph separators (a line break in a file name could forge a CLI line).
// The combining ones (variation selectors, U+034F) come first in the class: after another character they would
// read as one combined character.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are among what this escapes
  /[\uFE00-\uFE0F\u034F\u0000-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/gu;

export function hasInvisibleCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

export function visibleText(text: string): string {
  return text.replace(
    INVISIBLE,
    (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

/** The text without them: what a reader sees, which is what matching compares. */
export function withoutInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}
