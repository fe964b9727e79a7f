/**
 * The photo checks, pure: measurements on the pixels plus facts from the pipeline, turned into warnings with the
 * thresholds from thresholds.ts. Two callers: processing (on the 648 px output) and the import (preview.ts, on the
 * same crop region decoded at the same scale), so Review and the run report agree. Measuring at output size makes
 * the numbers comparable between a 12 MP camera photo and a 400 px HR export.
 */
import type { Issue } from '../../../shared/domain';
import type { Box } from './crop-plan';
import { THRESHOLDS, type WarningCode } from './thresholds';

export interface Measurements {
  /** Mean Rec. 601 luma, 0..255. */
  meanLuma: number;
  /** Variance of the 3x3 Laplacian of the luma. */
  sharpness: number;
}

/** Measure the photo area (`content`: excludes a contain letterbox) of 8-bit interleaved pixels. */
export function measure(data: Buffer, width: number, channels: number, content: Box): Measurements {
  // Keep one pixel away from the content edge: the letterbox border would read as a hard edge.
  const x0 = content.left + 1;
  const y0 = content.top + 1;
  const x1 = content.left + content.width - 1;
  const y1 = content.top + content.height - 1;
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  // Luma once per pixel (the Laplacian reads each five times).
  const luma = new Float32Array(w * h);
  let sumLuma = 0;
  for (let y = 0; y < h; y++) {
    let i = ((y + y0) * width + x0) * channels;
    for (let x = 0; x < w; x++, i += channels) {
      const v =
        channels >= 3
          ? 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number)
          : (data[i] as number);
      luma[y * w + x] = v;
      sumLuma += v;
    }
  }
  const count = w * h;
  let sumLap = 0;
  let sumLap2 = 0;
  let lapCount = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const at = y * w + x;
      const lap =
        (luma[at - 1] as number) +
        (luma[at + 1] as number) +
        (luma[at - w] as number) +
        (luma[at + w] as number) -
        4 * (luma[at] as number);
      sumLap += lap;
      sumLap2 += lap * lap;
      lapCount++;
    }
  }
  const meanLuma = count ? sumLuma / count : 0;
  const meanLap = lapCount ? sumLap / lapCount : 0;
  const sharpness = lapCount ? sumLap2 / lapCount - meanLap * meanLap : 0;
  return { meanLuma, sharpness };
}

export interface CheckFacts extends Measurements {
  /** Side in source pixels of the region that becomes the photo. */
  regionSide: number;
  outputSize: number;
  cropLoss: number;
  frames: number;
}

/** The `too-small` refusal from the upright size, or null. Sides are compared short to short. */
export function tooSmall(width: number, height: number): Issue | null {
  if (Math.min(width, height) >= THRESHOLDS.minSourceSide) return null;
  return {
    code: 'too-small',
    message: `The image is ${width} × ${height} px; a profile photo needs at least ${THRESHOLDS.minSourceSide} px on its short side.`,
  };
}

const percent = (luma: number) => Math.round((luma / 255) * 100);

/** The warnings, in plain words (they are shown in Review, the report and the CLI as they are). */
export function qualityWarnings(facts: CheckFacts): Issue[] {
  const warnings: Issue[] = [];
  const warn = (code: WarningCode, message: string) => warnings.push({ code, message });
  // Measured against the requested output size (648 px by default): below it, the picture is enlarged.
  if (facts.regionSide < facts.outputSize) {
    warn(
      'low-resolution',
      `The photo area is ${Math.round(facts.regionSide)} px across, smaller than the ${facts.outputSize} px output: it is enlarged and may look soft.`,
    );
  }
  if (facts.cropLoss > THRESHOLDS.maxCropLoss) {
    warn('heavy-crop', `The square crop leaves out ${Math.round(facts.cropLoss * 100)}% of the picture.`);
  }
  if (facts.sharpness < THRESHOLDS.minSharpness) {
    warn('blurry', 'The photo looks blurred or out of focus: it has very little fine detail.');
  }
  if (facts.meanLuma < THRESHOLDS.darkMeanLuma) {
    warn(
      'too-dark',
      `The photo is very dark (average brightness ${percent(facts.meanLuma)}%): faces may be hard to make out.`,
    );
  } else if (facts.meanLuma > THRESHOLDS.brightMeanLuma) {
    warn(
      'overexposed',
      `The photo is overexposed (average brightness ${percent(facts.meanLuma)}%): faces may look washed out.`,
    );
  }
  if (facts.frames > 1) {
    warn('animated', `The image is animated (${facts.frames} frames); only the first frame is used.`);
  }
  return warnings;
}
