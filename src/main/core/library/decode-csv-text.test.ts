import { decodeCsvBytes, decodeWindows1252, TextDecodeError } from './decode-csv-text';

const NAMES = 'Zoë Müller;José;€ 5';
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
/** Big-endian built byte by byte (not with the decoder's own swap), so the test checks the decoder. */
const utf16be = (text: string) =>
  Buffer.concat([
    Buffer.from([0xfe, 0xff]),
    Buffer.from([...text].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])),
  ]);
/** "Zoë Müller;José;€ 5" as Excel's "CSV" writes it on a Western Windows: one byte a character. */
const cp1252 = Buffer.from([
  0x5a, 0x6f, 0xeb, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x4a, 0x6f, 0x73, 0xe9, 0x3b, 0x80, 0x20,
  0x35,
]);

describe('decodeCsvBytes', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(NAMES, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM (Excel "CSV UTF-8")', Buffer.from(`\ufeff${NAMES}`, 'utf8'), 'utf-8-bom'],
    ['UTF-16 LE with BOM (Excel "Unicode Text")', utf16le(NAMES), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16be(NAMES), 'utf-16be'],
    ['Windows-1252 (not valid UTF-8)', cp1252, 'windows-1252'],
  ] as const)('%s: names with diacritics and the euro sign come out right', (_, bytes, encoding) => {
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe(encoding);
    // The BOM is dropped, whatever the encoding.
    expect(decoded.text).toBe(NAMES);
  });

  it('reads plain ASCII as UTF-8, and an empty file as empty UTF-8', () => {
    expect(decodeCsvBytes(Buffer.from('file,upn\n'))).toEqual({ text: 'file,upn\n', encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('keeps a lone last byte of UTF-16 as U+FFFD instead of dropping it', () => {
    expect(decodeCsvBytes(Buffer.concat([utf16be('ab'), Buffer.from([0x00])])).text).toBe('ab\ufffd');
    expect(decodeCsvBytes(Buffer.concat([utf16le('ab'), Buffer.from([0x61])])).text).toBe('ab\ufffd');
  });

  it.each([
    ['an .xlsx workbook', Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), /Excel workbook \(\.xlsx\)/],
    ['an .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /97-2003 workbook/],
    ['UTF-16 without its BOM', Buffer.from('file\tupn\r\n', 'utf16le'), /NUL bytes/],
    [
      'a UTF-8 BOM over bytes that are not UTF-8',
      Buffer.concat([Buffer.from('\ufefffile,upn\nJos', 'utf8'), Buffer.from([0xe9, 0x0a])]),
      /UTF-8 marker but is not valid UTF-8 \(line 2\)/,
    ],
  ])('refuses %s with a sentence that says what to do', (_, bytes, message) => {
    expect(() => decodeCsvBytes(bytes)).toThrow(TextDecodeError);
    expect(() => decodeCsvBytes(bytes)).toThrow(message);
  });
});

describe('Windows-1252', () => {
  it('maps 0x80-0x9F as the WHATWG index does, and every other byte to its own code point', () => {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(all).toHaveLength(256);
    expect([...all.slice(0x80, 0xa0)].map((c) => c.codePointAt(0)!.toString(16))).toEqual(
      // https://encoding.spec.whatwg.org/index-windows-1252.txt, pointers 0-31
      '20ac 81 201a 192 201e 2026 2020 2021 2c6 2030 160 2039 152 8d 17d 8f 90 2018 2019 201c 201d 2022 2013 2014 2dc 2122 161 203a 153 9d 17e 178'.split(
        ' ',
      ),
    );
    for (const i of [0x00, 0x41, 0x7f, 0xa0, 0xe9, 0xff]) expect(all.charCodeAt(i)).toBe(i);
  });
});

describe("the runtime's decoders (Node here, Electron's Node in the app)", () => {
  it('has the TextDecoder encodings the decoder relies on', () => {
    expect(new TextDecoder('utf-8', { fatal: true }).encoding).toBe('utf-8');
    expect(new TextDecoder('utf-16le').encoding).toBe('utf-16le');
    // Not relied on (big-endian is swapped by hand), but where the runtime has it, both agree.
    expect(new TextDecoder('utf-16be').decode(utf16be(NAMES).subarray(2))).toBe(
      decodeCsvBytes(utf16be(NAMES)).text,
    );
  });

  it('reports invalid UTF-8 through fatal: true (what sends a file to Windows-1252)', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cp1252)).toThrow(TypeError);
  });
});
