import { backupFileName, sniffContentType } from './backup';
import { isReservedDeviceName, safeFileStem } from '../export/file-names';

describe('backupFileName', () => {
  it('keeps a Graph id (a GUID) as it is', () => {
    expect(backupFileName('0b1c2d3e-aaaa-bbbb-cccc-1234567890ab', 'image/jpeg')).toBe(
      '0b1c2d3e-aaaa-bbbb-cccc-1234567890ab.jpg',
    );
    expect(backupFileName('u1', 'image/png')).toBe('u1.png');
  });

  it('never names a Windows device (CON, NUL, COM1, LPT1 in any case)', () => {
    expect(backupFileName('CON', 'image/jpeg')).toBe('_CON.jpg');
    expect(backupFileName('nul', 'image/png')).toBe('_nul.png');
    expect(backupFileName('Com1', 'image/jpeg')).toBe('_Com1.jpg');
    expect(backupFileName('lpt9.x', 'image/jpeg')).toBe('_lpt9.x.jpg');
    expect(backupFileName('console', 'image/jpeg')).toBe('console.jpg');
  });

  it('replaces separators, drive colons and other unsafe characters', () => {
    expect(backupFileName('..\\C:\\x/y', 'image/jpeg')).toBe('.._C__x_y.jpg');
  });
});

describe('isReservedDeviceName (export, report and backup names)', () => {
  it.each([
    'CON',
    'con.jpg',
    'NUL',
    'nul.tar.gz',
    'AUX ',
    'PRN.',
    'COM1',
    'com9.png',
    'LPT1',
    'CONIN$',
    'COM¹',
  ])('%s is a device', (name) => expect(isReservedDeviceName(name)).toBe(true));
  it.each(['CONSOLE', 'connie.jpg', 'NULL', 'COM10', 'LPT', 'report', 'restore-report', '_CON'])(
    '%s is a file',
    (name) => expect(isReservedDeviceName(name)).toBe(false),
  );

  it('safeFileStem keeps exported names off the devices and free of trailing dots and spaces', () => {
    expect(safeFileStem('CON')).toBe('_CON');
    expect(safeFileStem('nul . ')).toBe('_nul');
    expect(safeFileStem('Ann. ')).toBe('Ann');
  });

  it('sniffContentType reads PNG bytes, else JPEG', () => {
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
  });
});
