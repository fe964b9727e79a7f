import { extractIdentifiers, fileStem, stemKeys, stripSuffixes } from './extract-identifiers';
import { foldDisplayName, foldText } from './fold-name';

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
    });
    expect(extractIdentifiers('jane.doe.jpg').variants).toEqual(['jane.doe']);
  });

  it('normalises NFD to NFC', () => {
    expect(extractIdentifiers('José.jpg'.normalize('NFD')).stem).toBe('José'.normalize('NFC'));
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
