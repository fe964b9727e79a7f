import {
  blazefaceAnchors,
  decodeDetections,
  facesFromOutputs,
  iou,
  joinOutputs,
  plainNms,
  sigmoid,
  toPictureFace,
  weightedNms,
  type Detection,
  type RawOutputs,
} from './blazeface-decode';
import { letterboxFor } from './blazeface-input';

const anchors = blazefaceAnchors();

/** Hand-made outputs: every anchor scores -10 (0.00005) except the ones given. */
function outputs(hits: Array<{ anchor: number; logit: number; values: number[] }>): RawOutputs {
  const scores = new Float32Array(896).fill(-10);
  const boxes = new Float32Array(896 * 16);
  for (const hit of hits) {
    scores[hit.anchor] = hit.logit;
    boxes.set(hit.values, hit.anchor * 16);
  }
  return { scores, boxes };
}

/** A 40 x 50 px box centred on the anchor plus (dx, dy), eyes 10 px either side, 8 px above the centre. */
const face = (dx: number, dy: number, eyeTilt = 0): number[] => [
  dx,
  dy,
  40,
  50,
  dx - 10,
  dy - 8 - eyeTilt,
  dx + 10,
  dy - 8 + eyeTilt,
  ...Array<number>(8).fill(0),
];

const det = (xMin: number, yMin: number, xMax: number, yMax: number, score: number): Detection => ({
  score,
  xMin,
  yMin,
  xMax,
  yMax,
  keypoints: Array<number>(12).fill(xMin),
});

describe('anchors', () => {
  it('are the 16 x 16 grid with 2 per cell, then the 8 x 8 grid with 6 per cell', () => {
    expect(anchors).toHaveLength(896);
    expect(anchors.slice(0, 3)).toEqual([
      { x: 8, y: 8 },
      { x: 8, y: 8 },
      { x: 24, y: 8 },
    ]);
    expect(anchors[511]).toEqual({ x: 248, y: 248 });
    expect(anchors[512]).toEqual({ x: 16, y: 16 });
    expect(anchors[517]).toEqual({ x: 16, y: 16 });
    expect(anchors[518]).toEqual({ x: 48, y: 16 });
    expect(anchors[895]).toEqual({ x: 240, y: 240 });
  });
});

describe('sigmoid', () => {
  it('maps logits to 0..1 and does not overflow', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 10);
    expect(sigmoid(1e6)).toBe(1);
    expect(sigmoid(-1e6)).toBeGreaterThanOrEqual(0);
  });
});

describe('joinOutputs', () => {
  it('puts the 512-anchor outputs first whatever order the graph lists them in', () => {
    const filled = (n: number, v: number): Float32Array => new Float32Array(n).fill(v);
    const raw = joinOutputs([
      { shape: [1, 384, 16], data: filled(384 * 16, 4) },
      { shape: [1, 512, 1], data: filled(512, 1) },
      { shape: [1, 384, 1], data: filled(384, 3) },
      { shape: [1, 512, 16], data: filled(512 * 16, 2) },
    ]);
    expect([raw.scores[0], raw.scores[511], raw.scores[512], raw.scores.length]).toEqual([1, 1, 3, 896]);
    expect([raw.boxes[0], raw.boxes[512 * 16 - 1], raw.boxes[512 * 16], raw.boxes.length]).toEqual([
      2,
      2,
      4,
      896 * 16,
    ]);
  });

  it('names the missing output', () => {
    expect(() => joinOutputs([{ shape: [1, 512, 1], data: new Float32Array(512) }])).toThrow(
      /no 384 x 1 output/,
    );
  });
});

describe('decodeDetections', () => {
  it('decodes box and keypoints relative to the anchor, in input units', () => {
    // Anchor 34 is cell (1, 1) of the 16 px grid: centre (24, 24) px.
    const [d, ...rest] = decodeDetections(
      outputs([{ anchor: 34, logit: 2, values: face(4, -2) }]),
      anchors,
      0.6,
    );
    expect(rest).toHaveLength(0);
    expect(d!.score).toBeCloseTo(sigmoid(2), 6);
    expect(d!.xMin * 256).toBeCloseTo(28 - 20, 4);
    expect(d!.xMax * 256).toBeCloseTo(28 + 20, 4);
    expect(d!.yMin * 256).toBeCloseTo(22 - 25, 4);
    expect(d!.yMax * 256).toBeCloseTo(22 + 25, 4);
    expect(d!.keypoints.slice(0, 4).map((v) => v * 256)).toEqual([18, 14, 38, 14]);
  });

  it('drops anchors below the minimum score', () => {
    const raw = outputs([
      { anchor: 10, logit: 0.3, values: face(0, 0) }, // 0.574
      { anchor: 600, logit: 0.5, values: face(0, 0) }, // 0.622
    ]);
    expect(decodeDetections(raw, anchors, 0.6)).toHaveLength(1);
    expect(decodeDetections(raw, anchors, 0.5)).toHaveLength(2);
  });

  it('refuses outputs of the wrong size', () => {
    expect(() =>
      decodeDetections({ scores: new Float32Array(10), boxes: new Float32Array(160) }, anchors, 0.5),
    ).toThrow(/do not match its 896 anchors/);
  });
});

describe('NMS', () => {
  const a = det(0.1, 0.1, 0.3, 0.3, 0.9);
  const b = det(0.12, 0.1, 0.32, 0.3, 0.6); // IoU with a: 0.82
  const c = det(0.6, 0.6, 0.8, 0.8, 0.7); // apart

  it('measures overlap', () => {
    expect(iou(a, a)).toBeCloseTo(1, 10);
    expect(iou(a, c)).toBe(0);
    expect(iou(a, b)).toBeCloseTo(0.036 / 0.044, 6);
  });

  it('plain: keeps the best of each cluster as it is', () => {
    expect(plainNms([b, c, a], 0.3)).toEqual([a, c]);
  });

  it('weighted: averages each cluster by score and keeps the best score', () => {
    const [merged, other] = weightedNms([b, c, a], 0.3);
    expect(merged!.score).toBe(0.9);
    expect(merged!.xMin).toBeCloseTo((0.1 * 0.9 + 0.12 * 0.6) / 1.5, 10);
    expect(merged!.xMax).toBeCloseTo((0.3 * 0.9 + 0.32 * 0.6) / 1.5, 10);
    expect(merged!.keypoints[0]).toBeCloseTo((0.1 * 0.9 + 0.12 * 0.6) / 1.5, 10);
    expect(other).toEqual(c);
  });

  it('keeps boxes that overlap less than the threshold apart', () => {
    const d = det(0.2, 0.1, 0.4, 0.3, 0.8); // IoU with a: 1/3
    expect(weightedNms([a, d], 0.3)).toHaveLength(1);
    expect(weightedNms([a, d], 0.4)).toHaveLength(2);
  });
});

describe('toPictureFace', () => {
  // A 600 x 300 picture letterboxed into 256: 256 x 128 at top 64.
  const box = letterboxFor(600, 300, 256);

  it('letterboxes a wide picture into the middle of the square', () => {
    expect(box).toEqual({ size: 256, left: 0, top: 64, width: 256, height: 128 });
    expect(letterboxFor(300, 600, 256)).toEqual({ size: 256, left: 64, top: 0, width: 128, height: 256 });
  });

  it('maps the box and eyes back to the picture, and the eye line to roll', () => {
    const d: Detection = {
      score: 0.9,
      xMin: 0.25,
      yMin: 0.375,
      xMax: 0.5,
      yMax: 0.625,
      // Right eye at input (80, 112), left eye at (112, 144): 45 degrees down to the right in input pixels.
      keypoints: [80 / 256, 112 / 256, 112 / 256, 144 / 256, ...Array<number>(8).fill(0)],
    };
    const face = toPictureFace(d, box, 600, 300)!;
    expect(face.box.x).toBeCloseTo(0.25, 10);
    expect(face.box.width).toBeCloseTo(0.25, 10);
    expect(face.box.y).toBeCloseTo((96 - 64) / 128, 10);
    expect(face.box.height).toBeCloseTo(64 / 128, 10);
    expect(face.eyes!.right.x).toBeCloseTo(80 / 256, 10);
    expect(face.eyes!.right.y).toBeCloseTo((112 - 64) / 128, 10);
    // In picture pixels the eye line is (75, 75): 45 degrees clockwise.
    expect(face.roll).toBeCloseTo(45, 6);
  });

  it('gives a negative roll when the left eye is higher, and clips the box to the picture', () => {
    const d: Detection = {
      score: 1,
      xMin: -0.1,
      yMin: 0.3,
      xMax: 0.2,
      yMax: 0.6,
      keypoints: [0.05, 0.5, 0.15, 0.45, ...Array<number>(8).fill(0)],
    };
    const face = toPictureFace(d, box, 600, 300)!;
    expect(face.roll).toBeLessThan(0);
    expect(face.box.x).toBe(0);
    expect(face.box.y).toBeCloseTo((0.3 * 256 - 64) / 128, 10);
  });

  it('drops a detection that lies in the padding', () => {
    expect(toPictureFace(det(0.1, 0.0, 0.3, 0.2, 0.9), box, 600, 300)).toBeUndefined();
  });
});

describe('facesFromOutputs', () => {
  it('merges neighbouring anchors on one face and sorts the faces largest first', () => {
    const raw = outputs([
      // A small face at anchor 34 (24, 24) and the same face seen from its neighbour 35.
      { anchor: 34, logit: 3, values: face(0, 0) },
      { anchor: 35, logit: 2, values: face(1, 0) },
      // A larger face on the 32 px grid: anchor 512 + 6 * (3 * 8 + 3) = 674, centre (112, 112).
      { anchor: 674, logit: 1, values: [0, 0, 80, 100, -20, -10, 20, -10, ...Array<number>(8).fill(0)] },
    ]);
    const faces = facesFromOutputs(
      raw,
      anchors,
      letterboxFor(256, 256, 256),
      { width: 256, height: 256 },
      {
        minScore: 0.6,
        iouThreshold: 0.3,
      },
    );
    expect(faces).toHaveLength(2);
    expect(faces[0]!.box.width).toBeCloseTo(80 / 256, 6);
    expect(faces[0]!.roll).toBeCloseTo(0, 6);
    expect(faces[1]!.box.width).toBeCloseTo(40 / 256, 6);
    expect(faces[1]!.score).toBeCloseTo(sigmoid(3), 6);
  });
});
