/**
 * Shows invisible characters: bidi controls and zero-width characters in a file name are written as a visible
 * escape (e.g. "⟨U+202E⟩"), so a name cannot pose as another ("photo\u202Egpj.exe" reads as "photoexe.jpg").
 * Used by the renderer and by every report that prints a file name. Pure; no dependencies.
 */

// Bidi embeddings/overrides/isolates and marks, zero-width space/joiners, word joiner, invisible operators, BOM,
// soft hyphen, Mongolian vowel separator, Hangul fillers and the other default-ignorable characters people trip on.
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;

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
