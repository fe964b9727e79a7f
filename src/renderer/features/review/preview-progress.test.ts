import { previewProgressText } from './preview-progress';

describe('previewProgressText', () => {
  it('says how far the checks are and, once it can tell, how long is left', () => {
    expect(previewProgressText(0, 3000, 200)).toBe(
      'Checking photos and making previews: 0 of 3,000. You can review the matches meanwhile.',
    );
    expect(previewProgressText(1000, 3000, 60_000)).toBe(
      'Checking photos and making previews: 1,000 of 3,000, about 2 min left. You can review the matches meanwhile.',
    );
    expect(previewProgressText(2900, 3000, 60_000)).toMatch(/less than a minute left/);
  });
});
