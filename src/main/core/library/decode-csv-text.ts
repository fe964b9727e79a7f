/**
 * Bytes of a CSV as Excel saves it -> text, and which encoding it was. Excel writes UTF-8 with a BOM ("CSV UTF-8"),
 * UTF-16 LE with a BOM ("Unicode Text", tab-separated), and the Windows ANSI code page ("CSV"), which is
 * Windows-1252 on a Western-language Windows. Without a BOM: valid UTF-8 is UTF-8 (plain ASCII included), anything
 * else is read as Windows-1252, the one legacy code page Excel users in Headshot's markets write.
 */
import type { MappingEncoding } from '../../../shared/mapping-csv';

export interface DecodedText {
  text: string;
  encoding: MappingEncoding;
}

/** The bytes are not a text file we can read at all (a workbook, or UTF-16 without its BOM). */
export class TextDecodeError extends Error {
  override name = 'TextDecodeError';
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    const body = bytes.subarray(3);
    const text = decodeUtf8(body);
    if (text === null) {
      throw new TextDecodeError(
        `it starts with a UTF-8 marker but is not valid UTF-8 (line ${lineOfFirstBadUtf8(body)}); save it again from Excel as "CSV UTF-8"`,
      );
    }
    return { text, encoding: 'utf-8-bom' };
  }
  // Both UTF-16 decoders run without ICU data (Node's TextDecoder has utf-16le in every build; big-endian is
  // swapped here so that it does too).
  if (b0 === 0xff && b1 === 0xfe) return { text: decodeUtf16le(bytes.subarray(2)), encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { text: decodeUtf16be(bytes.subarray(2)), encoding: 'utf-16be' };

  if (b0 === 0x50 && b1 === 0x4b && b2 === 0x03 && b3 === 0x04) {
    throw new TextDecodeError(
      'it is an Excel workbook (.xlsx), not a CSV; in Excel choose File > Save As > "CSV UTF-8"',
    );
  }
  if (b0 === 0xd0 && b1 === 0xcf && b2 === 0x11 && b3 === 0xe0) {
    throw new TextDecodeError(
      'it is an Excel 97-2003 workbook (.xls), not a CSV; in Excel choose File > Save As > "CSV UTF-8"',
    );
  }
  // A NUL never occurs in text Excel writes in these encodings: this is UTF-16 that lost its BOM, or not text.
  const nul = bytes.subarray(0, 4096).indexOf(0);
  if (nul >= 0) {
    throw new TextDecodeError(
      'it is not a text file Headshot can read (it contains NUL bytes: UTF-16 without a byte-order mark, or not text); save it from Excel as "CSV UTF-8"',
    );
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return null;
  }
}

function lineOfFirstBadUtf8(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const bad = text.indexOf('\ufffd');
  let line = 1;
  for (let i = 0; i < bad; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

function decodeUtf16le(bytes: Uint8Array): string {
  return utf16le.decode(bytes);
}

/** Swap each byte pair and read it as LE; a lone last byte stays last, and decodes as U+FFFD as it should. */
function decodeUtf16be(bytes: Uint8Array): string {
  const copy = Buffer.from(bytes);
  copy.subarray(0, copy.length - (copy.length % 2)).swap16();
  return utf16le.decode(copy);
}

/**
 * WHATWG index-windows-1252 for 0x80-0x9F; every other byte is its own code point (Latin-1). Decoded by hand:
 * Node's TextDecoder('windows-1252') reads these 32 bytes as Latin-1 since 20.18.3 / 22.13 (nodejs/node#56542,
 * 2025-01-10, and #60888, 2025-11-29; Node 20.20 here does), turning "€" (0x80) into the control U+0080; and
 * without full ICU it throws.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] as string);
}
