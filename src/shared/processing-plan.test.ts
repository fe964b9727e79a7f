import { processingPlanSchema } from './processing-plan';

describe('processingPlanSchema', () => {
  it('keeps per-photo crops and quality', () => {
    const plan = {
      size: 648,
      quality: 72,
      defaultCrop: { strategy: 'attention' },
      framing: { tightness: 0.6 },
      crops: { '/p/a.jpg': { strategy: 'rect', rect: { left: 0.1, top: 0.1, width: 0.5, height: 0.5 } } },
    };
    expect(processingPlanSchema.parse(plan)).toEqual(plan);
  });

  it('reads the CLI journals of before ({ size, crop }) as the same plan', () => {
    expect(processingPlanSchema.parse({ size: 512, crop: 'contain' })).toEqual({
      size: 512,
      quality: 88,
      defaultCrop: { strategy: 'contain' },
      framing: { tightness: 0.5 },
      crops: {},
    });
  });

  it("defaults to the 'face' crop at the default tightness; a journal from before faces keeps its crop", () => {
    expect(processingPlanSchema.parse({})).toMatchObject({
      defaultCrop: { strategy: 'face' },
      framing: { tightness: 0.5 },
    });
    // Journals store the whole plan, so an older run's default crop is written out and resumes the same way.
    const before = { size: 648, quality: 88, defaultCrop: { strategy: 'center' }, crops: {} };
    expect(processingPlanSchema.parse(before)).toEqual({ ...before, framing: { tightness: 0.5 } });
    expect(processingPlanSchema.safeParse({ framing: { tightness: 0.9 } }).success).toBe(false);
  });

  it('refuses what it cannot process the same way: unknown fields, a rect crop without its rectangle', () => {
    expect(processingPlanSchema.safeParse({ size: 648, sharpen: true }).success).toBe(false);
    expect(processingPlanSchema.safeParse({ crops: { '/a.jpg': { strategy: 'rect' } } }).success).toBe(false);
    expect(processingPlanSchema.safeParse({ size: 'big' }).success).toBe(false);
  });
});
