/**
 * BlazeFace's outputs turned into faces. Pure: plain arrays in, plain objects out, so every step is tested with
 * hand-made tensors. The "back" model (256 x 256) predicts, for each of 896 anchors (a 16 x 16 grid with 2 anchors
 * per cell, then an 8 x 8 grid with 6), one score logit and 16 numbers: the box centre offset and size, then six
 * keypoints (right eye, left eye, nose, mouth, right ear, left ear), all in input pixels relative to the anchor.
 */
import type { Face } from '../../../shared/faces';
import type { Letterbox } from './blazeface-input';

export const BLAZEFACE_INPUT_SIZE = 256;
export const BLAZEFACE_VALUES_PER_ANCHOR = 16;
const KEYPOINTS = 6;

export interface Anchor {
  x: number;
  y: number;
}

/** Anchor centres in input pixels, in the model's output order (MediaPipe's SSD anchors, fixed 1 x 1 size). */
export function blazefaceAnchors(size = BLAZEFACE_INPUT_SIZE): Anchor[] {
  const anchors: Anchor[] = [];
  for (const [stride, perCell] of [
    [16, 2],
    [32, 6],
  ] as const) {
    const cells = Math.ceil(size / stride);
    for (let gy = 0; gy < cells; gy++)
      for (let gx = 0; gx < cells; gx++)
        for (let n = 0; n < perCell; n++) anchors.push({ x: stride * (gx + 0.5), y: stride * (gy + 0.5) });
  }
  return anchors;
}

/** Logits clipped as MediaPipe does (|x| <= 100), so exp never overflows. */
export function sigmoid(logit: number): number {
  const x = Math.min(100, Math.max(-100, logit));
  return 1 / (1 + Math.exp(-x));
}

/** A candidate in input coordinates normalised to the square input (0..1, may run past the edges). */
export interface Detection {
  score: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** Six keypoints, x then y, normalised like the box. */
  keypoints: number[];
}

export interface RawOutputs {
  /** One logit per anchor, 896 in anchor order. */
  scores: ArrayLike<number>;
  /** 16 values per anchor, anchor-major. */
  boxes: ArrayLike<number>;
}

/**
 * The model's four outputs (1x512x1, 1x512x16, 1x384x1, 1x384x16, in whatever order the graph lists them) put in
 * anchor order: the 512 outputs belong to the 16 x 16 grid, which comes first.
 */
export function joinOutputs(
  outputs: ReadonlyArray<{ shape: readonly number[]; data: ArrayLike<number> }>,
): RawOutputs {
  const pick = (anchors: number, values: number): ArrayLike<number> => {
    const found = outputs.find((o) => o.shape.at(-2) === anchors && o.shape.at(-1) === values);
    if (!found)
      throw new Error(`BlazeFace gave no ${anchors} x ${values} output (got ${describe(outputs)}).`);
    return found.data;
  };
  return {
    scores: concat(pick(512, 1), pick(384, 1)),
    boxes: concat(pick(512, BLAZEFACE_VALUES_PER_ANCHOR), pick(384, BLAZEFACE_VALUES_PER_ANCHOR)),
  };
}

function describe(outputs: ReadonlyArray<{ shape: readonly number[] }>): string {
  return outputs.map((o) => o.shape.join('x')).join(', ') || 'nothing';
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Every anchor whose score reaches minScore, decoded to a box and keypoints. */
export function decodeDetections(
  raw: RawOutputs,
  anchors: readonly Anchor[],
  minScore: number,
  size = BLAZEFACE_INPUT_SIZE,
): Detection[] {
  if (
    raw.scores.length !== anchors.length ||
    raw.boxes.length !== anchors.length * BLAZEFACE_VALUES_PER_ANCHOR
  )
    throw new Error(
      `BlazeFace outputs do not match its ${anchors.length} anchors (${raw.scores.length} scores, ${raw.boxes.length} values).`,
    );
  const found: Detection[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const score = sigmoid(raw.scores[i]!);
    if (score < minScore) continue;
    const anchor = anchors[i]!;
    const at = i * BLAZEFACE_VALUES_PER_ANCHOR;
    const v = (k: number): number => raw.boxes[at + k]!;
    const cx = (anchor.x + v(0)) / size;
    const cy = (anchor.y + v(1)) / size;
    const w = v(2) / size;
    const h = v(3) / size;
    const keypoints: number[] = [];
    for (let k = 0; k < KEYPOINTS; k++)
      keypoints.push((anchor.x + v(4 + 2 * k)) / size, (anchor.y + v(5 + 2 * k)) / size);
    found.push({ score, xMin: cx - w / 2, yMin: cy - h / 2, xMax: cx + w / 2, yMax: cy + h / 2, keypoints });
  }
  return found;
}

export function iou(a: Detection, b: Detection): number {
  const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

function area(d: Detection): number {
  return Math.max(0, d.xMax - d.xMin) * Math.max(0, d.yMax - d.yMin);
}

/** Plain NMS: the best candidate wins, candidates overlapping it by more than `threshold` are dropped. */
export function plainNms(detections: readonly Detection[], threshold: number): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score))
    if (kept.every((k) => iou(k, d) <= threshold)) kept.push(d);
  return kept;
}

/**
 * Weighted NMS (MediaPipe's choice for BlazeFace): each cluster of candidates overlapping the best one by more than
 * `threshold` becomes one face whose box and keypoints are the score-weighted mean of the cluster, keeping the best
 * score. Neighbouring anchors all fire on one face, so the mean is steadier than any single anchor.
 */
export function weightedNms(detections: readonly Detection[], threshold: number): Detection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const cluster = remaining.filter((d) => iou(best, d) > threshold || d === best);
    remaining = remaining.filter((d) => !cluster.includes(d));
    if (cluster.length === 1) {
      kept.push(best);
      continue;
    }
    const total = cluster.reduce((sum, d) => sum + d.score, 0);
    const mean = (pick: (d: Detection) => number): number =>
      cluster.reduce((sum, d) => sum + pick(d) * d.score, 0) / total;
    kept.push({
      score: best.score,
      xMin: mean((d) => d.xMin),
      yMin: mean((d) => d.yMin),
      xMax: mean((d) => d.xMax),
      yMax: mean((d) => d.yMax),
      keypoints: best.keypoints.map((_, k) => mean((d) => d.keypoints[k]!)),
    });
  }
  return kept;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * A detection in the letterboxed input mapped back to the picture (width x height px): box and eyes normalised to
 * the picture and clipped to it, roll from the eye line in picture pixels (degrees, positive clockwise on screen,
 * since y runs down). A face that lies wholly in the padding maps to nothing.
 */
export function toPictureFace(d: Detection, box: Letterbox, width: number, height: number): Face | undefined {
  const px = (u: number): number => (u * box.size - box.left) / box.width;
  const py = (v: number): number => (v * box.size - box.top) / box.height;
  const x0 = clamp01(px(d.xMin));
  const x1 = clamp01(px(d.xMax));
  const y0 = clamp01(py(d.yMin));
  const y1 = clamp01(py(d.yMax));
  if (x1 <= x0 || y1 <= y0) return undefined;
  const [rx, ry, lx, ly] = [
    px(d.keypoints[0]!),
    py(d.keypoints[1]!),
    px(d.keypoints[2]!),
    py(d.keypoints[3]!),
  ];
  const roll = (Math.atan2((ly - ry) * height, (lx - rx) * width) * 180) / Math.PI;
  return {
    box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    score: clamp01(d.score),
    eyes: { right: { x: clamp01(rx), y: clamp01(ry) }, left: { x: clamp01(lx), y: clamp01(ly) } },
    roll,
  };
}

export interface DecodeOptions {
  minScore: number;
  iouThreshold: number;
  /** Weighted (default) or plain NMS. */
  nms?: 'weighted' | 'plain';
}

/** The whole decode: outputs -> faces in the picture, largest first. */
export function facesFromOutputs(
  raw: RawOutputs,
  anchors: readonly Anchor[],
  box: Letterbox,
  picture: { width: number; height: number },
  options: DecodeOptions,
): Face[] {
  const candidates = decodeDetections(raw, anchors, options.minScore, box.size);
  const merged =
    options.nms === 'plain'
      ? plainNms(candidates, options.iouThreshold)
      : weightedNms(candidates, options.iouThreshold);
  return merged
    .map((d) => toPictureFace(d, box, picture.width, picture.height))
    .filter((f): f is Face => f !== undefined)
    .sort(
      (a, b) =>
        b.box.width * picture.width * b.box.height * picture.height -
        a.box.width * picture.width * a.box.height * picture.height,
    );
}
