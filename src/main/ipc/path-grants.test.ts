import path from 'node:path';
import { isInside, withoutLongPathPrefix } from './path-grants';

const win = { pathApi: path.win32 };
const posix = { pathApi: path.posix };

describe('isInside on Windows paths (path.win32)', () => {
  it('ignores the case of the drive letter and of every folder, as NTFS does', () => {
    expect(isInside('c:\\users\\ann\\Photos\\a.jpg', 'C:\\Users\\Ann', win)).toBe(true);
    expect(isInside('C:\\USERS\\ANN', 'c:\\users\\ann', win)).toBe(true);
  });

  it('refuses another drive, a sibling with the same prefix and the parent', () => {
    expect(isInside('D:\\Users\\Ann\\a.jpg', 'C:\\Users\\Ann', win)).toBe(false);
    expect(isInside('C:\\Users\\Ann2\\a.jpg', 'C:\\Users\\Ann', win)).toBe(false);
    expect(isInside('C:\\Users', 'C:\\Users\\Ann', win)).toBe(false);
    expect(isInside('C:\\Users\\Ann\\..\\Bob', 'C:\\Users\\Ann', win)).toBe(false);
  });

  it('accepts trailing separators on either side', () => {
    expect(isInside('C:\\Photos\\', 'C:\\Photos', win)).toBe(true);
    expect(isInside('C:\\Photos\\a.jpg', 'C:\\Photos\\', win)).toBe(true);
    expect(isInside('C:\\', 'C:\\', win)).toBe(true);
    expect(isInside('C:\\Photos\\a.jpg', 'C:\\', win)).toBe(true);
  });

  it('keeps UNC shares apart: same server and share inside, another share or server outside', () => {
    expect(isInside('\\\\fs01\\Photos\\2026\\a.jpg', '\\\\FS01\\photos', win)).toBe(true);
    expect(isInside('\\\\fs01\\Other\\a.jpg', '\\\\fs01\\Photos', win)).toBe(false);
    expect(isInside('\\\\fs02\\Photos\\a.jpg', '\\\\fs01\\Photos', win)).toBe(false);
    expect(isInside('C:\\Photos\\a.jpg', '\\\\fs01\\Photos', win)).toBe(false);
  });

  it('treats a \\\\?\\ long path as the plain path it names, drive or UNC', () => {
    expect(isInside('\\\\?\\C:\\Photos\\a.jpg', 'C:\\Photos', win)).toBe(true);
    expect(isInside('C:\\Photos\\a.jpg', '\\\\?\\c:\\photos', win)).toBe(true);
    expect(isInside('\\\\?\\UNC\\fs01\\Photos\\a.jpg', '\\\\fs01\\Photos', win)).toBe(true);
    expect(isInside('\\\\?\\D:\\Photos\\a.jpg', 'C:\\Photos', win)).toBe(false);
  });

  it('handles paths far over MAX_PATH (260)', () => {
    const deep = Array.from({ length: 40 }, (_, i) => `folder-${i}`).join('\\');
    const child = `\\\\?\\C:\\Photos\\${deep}\\a.jpg`;
    expect(child.length).toBeGreaterThan(300);
    expect(isInside(child, 'C:\\Photos', win)).toBe(true);
    expect(isInside(child, `C:\\Photos\\${deep}`, win)).toBe(true);
    expect(isInside(child, 'C:\\Photo', win)).toBe(false);
  });
});

describe('isInside on macOS and Linux paths (path.posix)', () => {
  it('compares real paths exactly: another case is another folder on Linux', () => {
    expect(isInside('/home/ann/Photos/a.jpg', '/home/ann/Photos', posix)).toBe(true);
    expect(isInside('/home/ann/photos/a.jpg', '/home/ann/Photos', posix)).toBe(false);
    expect(isInside('/home/ann/Photos2', '/home/ann/Photos', posix)).toBe(false);
    expect(isInside('/home/ann/Photos/', '/home/ann/Photos', posix)).toBe(true);
  });

  it('with caseInsensitive (macOS, a path realpath could not spell), ignores case and NFC/NFD', () => {
    const nfd = '/Users/ann/Fotos Jose\u0301'; // "José" as macOS may write it
    expect(isInside(`${nfd}/missing`, '/Users/Ann/FOTOS JOSÉ', { ...posix, caseInsensitive: true })).toBe(
      true,
    );
    expect(isInside(`${nfd}/missing`, '/Users/Ann/FOTOS JOSÉ', posix)).toBe(false);
    expect(isInside('/Users/ann/Other', '/Users/Ann/Fotos', { ...posix, caseInsensitive: true })).toBe(false);
  });

  it('caseInsensitive changes nothing for Windows paths, which always ignore case', () => {
    expect(isInside('c:\\a\\b', 'C:\\A', { ...win, caseInsensitive: true })).toBe(true);
  });
});

describe('withoutLongPathPrefix', () => {
  it.each([
    ['\\\\?\\C:\\Photos', 'C:\\Photos'],
    ['\\\\.\\C:\\Photos', 'C:\\Photos'],
    ['\\\\?\\UNC\\fs01\\share\\a', '\\\\fs01\\share\\a'],
    ['\\\\?\\unc\\fs01\\share', '\\\\fs01\\share'],
    ['C:\\Photos', 'C:\\Photos'],
    ['\\\\fs01\\share', '\\\\fs01\\share'],
    // A device path that is not a drive or a share is left alone (and so matches nothing granted).
    ['\\\\?\\Volume{0b1c}\\Photos', '\\\\?\\Volume{0b1c}\\Photos'],
  ])('%s -> %s', (input, expected) => {
    expect(withoutLongPathPrefix(input)).toBe(expected);
  });
});
