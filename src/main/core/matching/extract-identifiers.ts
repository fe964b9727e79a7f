/**
 * What a file name can say about who is in the photo. The unmodified stem is always tried before the stem with
 * photographer suffixes stripped, so a real identifier that happens to end in "_2" is never cut short.
 */
import { hasInvisibleCharacters, withoutInvisibleCharacters } from '../../../shared/visible-text';
import { foldDisplayName } from './fold-name';

/** Extensions removed from the stem. Any other dot is part of the name ("jane.doe" has no extension). */
const IMAGE_EXTENSION_RE = /\.(?:jpe?g|jpe|jfif|png|webp|gif|tiff?|bmp|dib|heic|heif|hif|avif)$/i;

/**
 * Suffixes photographers and tools add. Word suffixes are kept to words that are not plausible surnames
 * ("Small", "Web" and "Print" are surnames, so they are not here).
 */
const SUFFIX_RES: RegExp[] = [
  /[\s_-]*\(\d{1,3}\)$/, // "Jane Doe (2)"
  /[\s_-]*\[\d{1,3}\]$/, // "Jane Doe [2]"
  /[\s_.-]+(?:final|edit|edited|retouch|retouched|copy|crop|cropped|hires|hi-res|lowres|resized|orig|original|v\d{1,2})$/i,
  /[\s_.-]+\d{2,5}x\d{2,5}$/i, // "_648x648"
  /[\s_.-]+\d{2,5}px$/i, // "-1024px"
];
/** A trailing counter or size ("_1", "-2", "_648"): stripped only when letters remain, never from an ID. */
const COUNTER_RE = /[\s_-]+\d{1,4}$/;

/** Camera, phone and tool names: they name nobody, so they yield no identifier at all. */
const CAMERA_RES: RegExp[] = [
  /^(?:img|dsc[nf]?|_dsc|dcim|p|pic|pict|pxl|mvimg|gopr|dji|sam|cimg|imag|photo|image|wp|scan|capture|snapshot|file|untitled)[\s_-]*\d[\d\s_.-]*$/i,
  /^(?:screenshot|screen shot|whatsapp image|signal-\d|untitled)\b/i,
  /^\d{8}[_-]\d{6}/, // 20240131_101500 (phones)
];

export interface FileIdentifiers {
  /** The file name without folder, image extension and invisible characters, NFC, trimmed. */
  stem: string;
  /** Stems to try, unmodified first, then with suffixes stripped. Empty for camera names. */
  variants: string[];
  /** What stripping removed, for the reason text ("" when nothing). */
  strippedSuffix: string;
  /** True for IMG_1234-style names. */
  camera: boolean;
  /**
   * True when the path held bidi controls, zero-width or control characters. They are left out of every key (a
   * reader does not see them, so "ann\u200B.lee" is the ann.lee it looks like) and the file is flagged.
   */
  hiddenCharacters: boolean;
}

export function fileStem(file: string): string {
  let base = withoutInvisibleCharacters(file).normalize('NFC').split(/[\\/]/).pop() ?? '';
  while (IMAGE_EXTENSION_RE.test(base)) base = base.replace(IMAGE_EXTENSION_RE, '');
  return base.trim();
}

export function stripSuffixes(stem: string): string {
  return strippingStages(stem).pop() ?? stem;
}

/** The stem after each stripping step, the stem itself first ("IMG_1234 (2)" -> ["IMG_1234 (2)", "IMG_1234", "IMG"]). */
function strippingStages(stem: string): string[] {
  const stages = [stem];
  let current = stem;
  for (;;) {
    let next = current;
    for (const re of SUFFIX_RES) next = next.replace(re, '');
    const counterless = next.replace(COUNTER_RE, '');
    if (counterless !== next && /\p{L}/u.test(counterless)) {
      if (next.trim() !== current) stages.push(next.trim());
      next = counterless;
    }
    next = next.trim();
    if (next === current || next === '') return stages;
    stages.push(next);
    current = next;
  }
}

export function isCameraName(stem: string): boolean {
  return CAMERA_RES.some((re) => re.test(stem));
}

export function extractIdentifiers(file: string): FileIdentifiers {
  const stem = fileStem(file);
  const stages = strippingStages(stem);
  const stripped = stages[stages.length - 1] ?? stem;
  const camera = stages.some(isCameraName);
  const variants = camera || stem === '' ? [] : stripped === stem ? [stem] : [stem, stripped];
  return {
    stem,
    variants,
    strippedSuffix: stem.slice(stripped.length).trim(),
    camera,
    hiddenCharacters: hasInvisibleCharacters(file),
  };
}

/** The keys one stem yields, by kind. A kind is absent when the stem can't be that kind of identifier. */
export interface StemKeys {
  /** Full address, lower case ("jane.doe@contoso.com"). */
  address?: string;
  /** A single token that can be a local part, alias or non-numeric employee ID (lower case). */
  local?: string;
  /** Employee ID as a number string without leading zeros ("00123" -> "123"). */
  numericId?: string;
  /** Folded display-name key (words sorted), only for two or more tokens; the order is checked separately. */
  name?: string;
}

const ADDRESS_RE = /^[^@\s]+@[^@\s]+$/;
const LOCAL_RE = /^[^@\s,;]+$/;

export function stemKeys(stem: string): StemKeys {
  const keys: StemKeys = {};
  if (ADDRESS_RE.test(stem)) {
    keys.address = stem.toLowerCase();
    return keys;
  }
  if (/^\d+$/.test(stem)) keys.numericId = normaliseNumericId(stem);
  if (LOCAL_RE.test(stem)) keys.local = stem.toLowerCase();
  if (!stem.includes('@')) {
    const name = foldDisplayName(stem);
    if (name.includes(' ')) keys.name = name;
  }
  return keys;
}

export function normaliseNumericId(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
