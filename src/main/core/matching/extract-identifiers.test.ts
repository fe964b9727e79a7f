import { extractIdentifiers, fileStem, stemKeys, stripSuffixes } from './extract-identifiers';
import { foldText } from '../../../shared/text-fold';
import { foldDisplayName, foldLastFirst, foldNameOrders } from './fold-name';

describe('fileStem', () => {
  it.each([
    ['jane.doe.jpg', 'jane.doe'],
    ['jane.doe', 'jane.doe'], // no image extension: the dot is part of the name
    ['Sales/EMEA/Jane Doe.JPEG', 'Jane Doe'],
    ['jane.doe@contoso.com.jpg', 'jane.doe@contoso.com'],
    ['photo.heic.jpg', 'photo'],
    ['  Jane Doe .png', 'Jane Doe'],
  ])('%j -> %j', (file, stem) => expect(fileStem(file)).toBe(stem));
});

describe('stripSuffixes', () => {
  it.each([
    ['jane.doe_1', 'jane.doe'],
    ['Jane  Doe (2)', 'Jane  Doe'],
    ['jane-doe-final', 'jane-doe'],
    ['jane.doe_648', 'jane.doe'],
    ['jane.doe-edit', 'jane.doe'],
    ['Jane Doe copy 2', 'Jane Doe'],
    ['Jane Doe_648x648', 'Jane Doe'],
    ['Jane Doe-1024px', 'Jane Doe'],
    ['Jane Doe [3]', 'Jane Doe'],
    ['jane.doe-v2', 'jane.doe'],
    ['00123_1', '00123_1'], // never cut digits off an ID
    ['00123 (2)', '00123'],
    ['John Small', 'John Small'], // surnames are not suffix words
    ['Jane Webb-Print', 'Jane Webb-Print'],
  ])('%j -> %j', (stem, stripped) => expect(stripSuffixes(stem)).toBe(stripped));
});

describe('extractIdentifiers', () => {
  it.each([
    'IMG_1234.jpg',
    'DSC01234.JPG',
    'DSC_0001.jpg',
    'IMG_1234 (2).jpg',
    'IMG_1234-edit.jpg',
    'PXL_20240101_123456789.jpg',
    'Screenshot 2024-01-01 at 10.00.00.png',
    'WhatsApp Image 2024-01-01 at 10.00.00.jpeg',
    '20240131_101500.jpg',
    'P1000123.JPG',
  ])('camera name %j yields nothing', (file) =>
    expect(extractIdentifiers(file)).toMatchObject({ camera: true, variants: [] }),
  );

  it('tries the name as written, then the stripped name', () => {
    expect(extractIdentifiers('Jane Doe (2).jpg')).toEqual({
      stem: 'Jane Doe (2)',
      variants: ['Jane Doe (2)', 'Jane Doe'],
      strippedSuffix: '(2)',
      camera: false,
      hiddenCharacters: false,
    });
    expect(extractIdentifiers('jane.doe.jpg').variants).toEqual(['jane.doe']);
  });

  it('normalises NFD to NFC', () => {
    expect(extractIdentifiers('José.jpg'.normalize('NFD')).stem).toBe('José'.normalize('NFC'));
  });

  it.each([
    ['ann\u200B.lee@contoso.com.jpg', 'ann.lee@contoso.com'], // zero-width space
    ['\u200Eann.lee\u200F.jpg', 'ann.lee'], // left-to-right and right-to-left marks
    ['Ann\u2066 Lee\u2069.jpg', 'Ann Lee'], // isolates
    ['\uFEFFann.lee.jpg', 'ann.lee'], // BOM
    ['ann.lee.j\u200Dpg', 'ann.lee'], // a joiner inside the extension still leaves an extension
    ['Sales\u202E/ann.lee.jpg', 'ann.lee'], // in the folder only: the stem is clean, the file is still flagged
    ['ann.lee\n.jpg', 'ann.lee'], // a line break
  ])('leaves hidden characters out of the stem and flags %j', (file, stem) => {
    const ids = extractIdentifiers(file);
    expect(ids.stem).toBe(stem);
    expect(ids.variants[0]).toBe(stem);
    expect(ids.hiddenCharacters).toBe(true);
  });

  it('flags nothing in an ordinary name, accents and non-Latin scripts included', () => {
    for (const file of ['Zoë Müller.jpg', '王伟.jpg', 'Łukasz Đurić.png', 'jane.doe@contoso.com.heic'])
      expect(extractIdentifiers(file).hiddenCharacters).toBe(false);
  });
});

describe('stemKeys', () => {
  it.each([
    ['jane.doe@contoso.com', { address: 'jane.doe@contoso.com' }],
    ['Jane.Doe', { local: 'jane.doe', name: 'doe jane' }],
    ['00123', { numericId: '123', local: '00123' }],
    ['0', { numericId: '0', local: '0' }],
    ['Doe, Jane', { name: 'doe jane' }],
    ['jdoe', { local: 'jdoe' }],
    ['Jane Doe', { name: 'doe jane' }],
  ])('%j', (stem, keys) => expect(stemKeys(stem)).toEqual(keys));
});

describe('foldDisplayName', () => {
  it.each([
    ['Jane Doe', 'doe jane'],
    ['Doe, Jane', 'doe jane'],
    ['DOE_Jane', 'doe jane'],
    ['jane-doe', 'doe jane'],
    ['Jane  Doe', 'doe jane'],
    ['José Müller', 'jose muller'],
    ['Jose Muller', 'jose muller'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Søren Ødegård', 'odegard soren'],
    ['Æsa Lærke', 'aesa laerke'],
    ['Łukasz Żółć', 'lukasz zolc'],
    ['Đorđe', 'dorde'],
    ['Þór', 'thor'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Ｊａｎｅ　Ｄｏｅ', 'doe jane'], // full-width (NFKD)
    ['İlker', 'ilker'],
    ['Zoë Saldaña', 'saldana zoe'],
  ])('%j -> %j', (name, key) => expect(foldDisplayName(name)).toBe(key));

  it('keeps token order in foldText', () => {
    expect(foldText('Doe, Jane')).toBe('doe jane');
    expect(foldText('Jane Doe')).toBe('jane doe');
  });
});

describe('foldNameOrders', () => {
  it.each<[string, string[]]>([
    ['Ann Lee', ['ann lee']], // no comma: only the order as written
    ['Lee Ann', ['lee ann']],
    ['LEE_Ann', ['lee ann']], // capitals do not say which word is the surname
    ['Lee, Ann', ['lee ann', 'ann lee']], // the comma of "Last, First" makes the swap explicit
    ['Lee,Ann', ['lee ann', 'ann lee']],
    ['Lee，Ann', ['lee ann', 'ann lee']], // full-width comma (NFKC)
    ['Smith, Mary Jane', ['smith mary jane', 'mary jane smith']],
    ['Mary Jane Smith', ['mary jane smith']],
    ['Smith Mary Jane', ['smith mary jane']],
    ['Wang Wei', ['wang wei']],
    ['Wang, Wei', ['wang wei', 'wei wang']],
    ['Lee, Ann, Jr', ['lee ann jr']], // two commas: no "Last, First" reading is certain
    ['Lee,', ['lee']],
    [', Lee', ['lee']],
    ['Lee, Lee', ['lee lee']],
    ['A\u200Bnn Lee', ['ann lee']], // zero-width characters vanish instead of splitting a word
  ])('%j -> %j', (name, orders) => expect(foldNameOrders(name)).toEqual(orders));

  it('splits "Last, First" into its folded parts', () => {
    expect(foldLastFirst('Müller-Lüdenscheidt, Hans Jürgen')).toEqual(['muller ludenscheidt', 'hans jurgen']);
    expect(foldLastFirst('Hans Müller')).toBeNull();
    expect(foldLastFirst('a, b, c')).toBeNull();
  });
});
