/**
 * BMP files written byte by byte, for the decode-worker tests and bench (src/main/core/imaging/test-fixtures.ts has the
 * 24-bit writer). A 1-bit file is the cheapest way to declare a huge picture: 10000 x 10000 is 12.5 MB on disk and
 * 300 MB of RGB once decoded, which is what makes it a test of the main thread staying free.
 */

/** A 1-bit, 2-colour, bottom-up BITMAPINFOHEADER BMP; `bit(x, y)` picks the palette entry of each pixel. */
export function writeBmp1(
  width: number,
  height: number,
  palette: [[number, number, number], [number, number, number]],
  bit: (x: number, y: number) => 0 | 1,
): Buffer {
  const stride = Math.floor((width + 31) / 32) * 4;
  const dataOffset = 14 + 40 + 2 * 4;
  const file = Buffer.alloc(dataOffset + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(dataOffset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(1, 28);
  file.writeUInt32LE(stride * height, 34);
  file.writeUInt32LE(2, 46);
  palette.forEach(([r, g, b], i) => file.set([b, g, r, 0], 54 + i * 4));
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      if (bit(x, y)) file[row + (x >> 3)] = (file[row + (x >> 3)] as number) | (0x80 >> (x & 7));
    }
  }
  return file;
}

/**
 * The 10000 x 10000 1-bit BMP (100 MP, exactly the pixel limit) of black and white vertical bands 1000 px wide,
 * filled a row of bytes at a time (a per-pixel callback would take seconds for 100 MP).
 */
export function hugeBmp1(side = 10000): Buffer {
  const small = writeBmp1(
    side,
    1,
    [
      [0, 0, 0],
      [255, 255, 255],
    ],
    (x) => (Math.floor(x / 1000) % 2 === 0 ? 0 : 1),
  );
  const stride = Math.floor((side + 31) / 32) * 4;
  const header = small.subarray(0, small.length - stride);
  const row = small.subarray(small.length - stride);
  const file = Buffer.alloc(header.length + stride * side);
  header.copy(file);
  file.writeInt32LE(side, 22);
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(stride * side, 34);
  for (let y = 0; y < side; y++) row.copy(file, header.length + y * stride);
  return file;
}
