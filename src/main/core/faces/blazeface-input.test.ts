import { letterboxFor, letterboxInput } from './blazeface-input';

function solid(
  width: number,
  height: number,
  rgb: [number, number, number],
  channels: 3 | 4 = 3,
): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) data.set(channels === 4 ? [...rgb, 255] : rgb, i * channels);
  return data;
}

describe('letterboxInput', () => {
  it('centres a tall picture, pads with black (-1) and scales colours to -1..1', () => {
    const { input, letterbox } = letterboxInput(
      { data: solid(320, 640, [255, 0, 51]), width: 320, height: 640, channels: 3 },
      256,
    );
    expect(letterbox).toEqual(letterboxFor(320, 640, 256));
    expect(letterbox).toMatchObject({ left: 64, width: 128, top: 0, height: 256 });
    const at = (x: number, y: number): number[] =>
      Array.from(input.slice((y * 256 + x) * 3, (y * 256 + x) * 3 + 3));
    expect(at(10, 100)).toEqual([-1, -1, -1]);
    expect(at(250, 100)).toEqual([-1, -1, -1]);
    const inside = at(128, 100);
    expect(inside[0]).toBeCloseTo(1, 5);
    expect(inside[1]).toBeCloseTo(-1, 5);
    expect(inside[2]).toBeCloseTo(51 / 127.5 - 1, 5);
  });

  it('averages the source pixels each input pixel covers when shrinking a large picture', () => {
    // Columns repeat white, black, black, black: shrunk 4 times, each input pixel is a quarter white. Bilinear
    // sampling would land between two black columns and give black.
    const width = 1024;
    const data = new Uint8Array(width * width * 4);
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++)
        data.set(x % 4 ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * width + x) * 4);
    const { input } = letterboxInput({ data, width, height: width, channels: 4 }, 256);
    const row = input.slice(0, 256 * 3);
    expect(Math.max(...row)).toBeCloseTo(-0.5, 5);
    expect(Math.min(...row)).toBeCloseTo(-0.5, 5);
  });

  it('samples bilinearly when shrinking a little, as BlazeFace was fed', () => {
    // 640 -> 256: input pixel i samples source x = 2.5 * i + 0.75; the picture's value is x (up to 255).
    const width = 640;
    const data = new Uint8Array(width * width * 3);
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++)
        data.fill(Math.min(x, 255), (y * width + x) * 3, (y * width + x) * 3 + 3);
    const { input } = letterboxInput({ data, width, height: width, channels: 3 }, 256);
    expect((input[10 * 3]! + 1) * 127.5).toBeCloseTo(25.75, 3);
    expect((input[(100 * 256 + 11) * 3]! + 1) * 127.5).toBeCloseTo(28.25, 3);
  });

  it('enlarges a small picture without leaving gaps', () => {
    const { input } = letterboxInput(
      { data: solid(10, 10, [0, 255, 0]), width: 10, height: 10, channels: 3 },
      256,
    );
    for (let i = 0; i < input.length; i += 3) expect(input[i + 1]).toBeCloseTo(1, 5);
  });

  it('refuses pixel data that is too short or an empty picture', () => {
    expect(() =>
      letterboxInput({ data: new Uint8Array(10), width: 10, height: 10, channels: 3 }, 256),
    ).toThrow(/fewer than 10 x 10 x 3/);
    expect(() => letterboxFor(0, 10, 256)).toThrow(/empty picture/);
  });
});
