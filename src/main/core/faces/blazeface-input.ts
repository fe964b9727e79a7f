/**
 * BlazeFace's input: the picture letterboxed into a square (the model was trained on square crops, so a wide
 * picture squeezed to 256 x 256 would give squeezed faces), resampled to the model's size and scaled to -1..1.
 * Pure: pixels in, a Float32Array out, plus where the picture sits in the square so boxes can be mapped back.
 */

export interface InputPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Where the picture lies inside the model's square input, in input pixels (the rest is black padding). */
export interface Letterbox {
  size: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

export function letterboxFor(width: number, height: number, size: number): Letterbox {
  if (!(width > 0 && height > 0))
    throw new Error(`Cannot detect faces in an empty picture (${width} x ${height}).`);
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  return { size, left: Math.floor((size - w) / 2), top: Math.floor((size - h) / 2), width: w, height: h };
}

/**
 * Shrinking by more than this averages every source pixel an input pixel covers; up to it, bilinear sampling, as
 * BlazeFace's own pipelines (MediaPipe, tfjs) feed it: on the demo photos at 640 px it scores faces a little higher
 * than area sampling (0.62 against 0.58 for a face looking down). Far larger pictures would alias without averaging.
 */
const MAX_BILINEAR_SHRINK = 3;

/** The model's input tensor data (size x size x 3, row-major RGB, -1..1, padding -1 = black). */
export function letterboxInput(
  pixels: InputPixels,
  size: number,
): { input: Float32Array; letterbox: Letterbox } {
  const { data, width, height, channels } = pixels;
  if (data.length < width * height * channels)
    throw new Error(`The picture has ${data.length} bytes, fewer than ${width} x ${height} x ${channels}.`);
  const box = letterboxFor(width, height, size);
  const input = new Float32Array(size * size * 3).fill(-1);
  const sx = width / box.width;
  const sy = height / box.height;
  const columns = spans(box.width, sx, width);
  const rows = spans(box.height, sy, height);
  for (let oy = 0; oy < box.height; oy++) {
    const [y0, y1] = rows[oy]!;
    for (let ox = 0; ox < box.width; ox++) {
      const [x0, x1] = columns[ox]!;
      const out = ((box.top + oy) * size + box.left + ox) * 3;
      if (sx > MAX_BILINEAR_SHRINK || sy > MAX_BILINEAR_SHRINK) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let y = y0; y < y1; y++) {
          let at = (y * width + x0) * channels;
          for (let x = x0; x < x1; x++, at += channels) {
            r += data[at]!;
            g += data[at + 1]!;
            b += data[at + 2]!;
          }
        }
        const scale = 1 / (127.5 * (y1 - y0) * (x1 - x0));
        input[out] = r * scale - 1;
        input[out + 1] = g * scale - 1;
        input[out + 2] = b * scale - 1;
      } else {
        bilinear(pixels, (ox + 0.5) * sx - 0.5, (oy + 0.5) * sy - 0.5, input, out);
      }
    }
  }
  return { input, letterbox: box };
}

/** For each output index, the source pixels [from, to) it covers (at least one). */
function spans(count: number, step: number, limit: number): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const from = Math.min(limit - 1, Math.floor(i * step));
    result.push([from, Math.max(from + 1, Math.min(limit, Math.round((i + 1) * step)))]);
  }
  return result;
}

function bilinear(pixels: InputPixels, x: number, y: number, out: Float32Array, at: number): void {
  const { data, width, height, channels } = pixels;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let c = 0; c < 3; c++) {
    const top =
      data[(y0 * width + x0) * channels + c]! * (1 - fx) + data[(y0 * width + x1) * channels + c]! * fx;
    const bottom =
      data[(y1 * width + x0) * channels + c]! * (1 - fx) + data[(y1 * width + x1) * channels + c]! * fx;
    out[at + c] = (top * (1 - fy) + bottom * fy) / 127.5 - 1;
  }
}
