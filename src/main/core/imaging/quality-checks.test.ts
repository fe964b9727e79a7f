import { describe, expect, it } from 'vitest';
import { processImage } from './process-image';
import { qualityWarnings, tooSmall, type CheckFacts } from './quality-checks';
import { photoLike, rawToSharp } from '../../../../test/support/image-fixtures';
import { THRESHOLDS } from './thresholds';

const fine: CheckFacts = {
  meanLuma: 128,
  sharpness: 500,
  regionSide: 2000,
  outputSize: 648,
  cropLoss: 0.25,
  frames: 1,
};
const codes = (facts: Partial<CheckFacts>) => qualityWarnings({ ...fine, ...facts }).map((w) => w.code);

describe('qualityWarnings at the thresholds', () => {
  it('says nothing about a good photo', () => expect(codes({})).toEqual([]));
  it('low-resolution below the output size only', () => {
    expect(codes({ regionSide: 647 })).toEqual(['low-resolution']);
    expect(codes({ regionSide: 648 })).toEqual([]);
    expect(codes({ regionSide: 300, outputSize: 256 })).toEqual([]);
  });
  it('heavy-crop above the maximum crop loss', () => {
    expect(codes({ cropLoss: THRESHOLDS.maxCropLoss + 0.01 })).toEqual(['heavy-crop']);
    expect(codes({ cropLoss: THRESHOLDS.maxCropLoss })).toEqual([]);
  });
  it('blurry below the minimum sharpness', () => {
    expect(codes({ sharpness: THRESHOLDS.minSharpness - 0.1 })).toEqual(['blurry']);
    expect(codes({ sharpness: THRESHOLDS.minSharpness })).toEqual([]);
  });
  it('too-dark and overexposed by mean luma', () => {
    expect(codes({ meanLuma: THRESHOLDS.darkMeanLuma - 1 })).toEqual(['too-dark']);
    expect(codes({ meanLuma: THRESHOLDS.darkMeanLuma })).toEqual([]);
    expect(codes({ meanLuma: THRESHOLDS.brightMeanLuma + 1 })).toEqual(['overexposed']);
    expect(codes({ meanLuma: THRESHOLDS.brightMeanLuma })).toEqual([]);
  });
  it('too-small under the minimum short side, whatever the orientation', () => {
    const side = THRESHOLDS.minSourceSide;
    expect(tooSmall(side - 1, 4000)?.code).toBe('too-small');
    expect(tooSmall(4000, side - 1)?.message).toMatch(new RegExp(`at least ${side} px`));
    expect(tooSmall(side, side)).toBeNull();
  });
  it('speaks plainly: no measurement jargon in the blur and exposure warnings', () => {
    const [blurry] = qualityWarnings({ ...fine, sharpness: 1 });
    const [dark] = qualityWarnings({ ...fine, meanLuma: 20 });
    expect(blurry?.message).toBe('The photo looks blurred or out of focus: it has very little fine detail.');
    expect(dark?.message).toMatch(/very dark \(average brightness 8%\)/);
  });
  it('animated with more than one frame', () => {
    expect(codes({ frames: 3 })).toEqual(['animated']);
    const [warning] = qualityWarnings({ ...fine, frames: 3 });
    expect(warning?.message).toMatch(/3 frames/);
  });
});

describe('checks on generated photos, clearly on either side', () => {
  const run = async (make: () => Promise<Buffer>) => {
    // The centre square: these are the image checks alone ('face', the default, adds the face warnings).
    const outcome = await processImage(await make(), { crop: 'center' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.warnings.map((w) => w.code);
  };
  const photo = (w: number, h: number, brightness = 1) => rawToSharp(photoLike(w, h, 3, brightness));

  it('a sharp, well exposed 3:4 photo has no warnings', async () => {
    expect(await run(() => photo(900, 1200).png().toBuffer())).toEqual([]);
  });
  it('low-resolution: 600 px source yes, 700 px no', async () => {
    expect(await run(() => photo(600, 600).png().toBuffer())).toEqual(['low-resolution']);
    expect(await run(() => photo(700, 700).png().toBuffer())).toEqual([]);
  });
  it('heavy-crop: a 16:9 frame yes (44% dropped), 4:3 no (25%)', async () => {
    expect(await run(() => photo(1600, 900).png().toBuffer())).toEqual(['heavy-crop']);
    expect(await run(() => photo(1200, 900).png().toBuffer())).toEqual([]);
  });
  it('blurry: Gaussian blur sigma 3 yes, unblurred no', async () => {
    expect(await run(() => photo(1000, 1000).blur(3).png().toBuffer())).toEqual(['blurry']);
    expect(await run(() => photo(1000, 1000).png().toBuffer())).toEqual([]);
  });
  it('too-dark: a quarter of the light yes, half no', async () => {
    expect(await run(() => photo(700, 700, 0.25).png().toBuffer())).toEqual(['too-dark']);
    expect(await run(() => photo(700, 700, 0.5).png().toBuffer())).toEqual([]);
  });
  it('overexposed: 2.5x the light yes, 1.6x no', async () => {
    expect(await run(() => photo(700, 700, 2.5).png().toBuffer())).toEqual(['overexposed']);
    expect(await run(() => photo(700, 700, 1.6).png().toBuffer())).toEqual([]);
  });
  it('the contain letterbox is not measured (a dark logo on a white box is still dark)', async () => {
    const outcome = await processImage(await photo(1400, 700, 0.25).png().toBuffer(), { crop: 'contain' });
    expect(outcome.ok && outcome.warnings.map((w) => w.code)).toEqual(['too-dark']);
  });
});
