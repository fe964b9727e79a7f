/**
 * Plain words for the photo checks (the warning codes of src/main/core/imaging/thresholds.ts): a short label for a
 * table cell, and what to do about each. Shared by Review and the Report screen. Pure.
 */
import type { Issue } from '../../../shared/domain';

const LABELS: Record<string, string> = {
  'low-resolution': 'Low resolution',
  'heavy-crop': 'Much cropped',
  blurry: 'Blurry',
  'too-dark': 'Too dark',
  overexposed: 'Too bright',
  animated: 'Animated',
  'no-face': 'No face found',
  'several-faces': 'Several faces',
  'small-face': 'Face is small',
  'face-cut': 'Face cut off',
  'face-tilted': 'Head tilted',
};

const ADVICE: Record<string, string> = {
  'low-resolution': 'A larger original would look sharper.',
  'heavy-crop': 'Check the crop, or choose “Whole picture”.',
  blurry: 'A sharper photo would look better.',
  'too-dark': 'A brighter photo would look better.',
  overexposed: 'A photo with less light would look better.',
  animated: 'Only the first frame is uploaded.',
  'no-face': 'Check the crop by hand: Headshot could not frame a face.',
  'several-faces': 'Check that the crop shows the right person.',
  'small-face': 'A closer or larger photo of this person would look sharper.',
  'face-cut': 'Part of the face is outside the picture: a new photo may be needed.',
  'face-tilted': 'The head is tilted: a straighter photo would look better.',
};

export function warningLabel(warning: Issue): string {
  return LABELS[warning.code] ?? warning.message;
}

export function warningAdvice(warning: Issue): string | null {
  return ADVICE[warning.code] ?? null;
}

/** "Blurry, Too dark": the labels of a row's warnings, for one table cell; '' when there are none. */
export function warningSummary(warnings: readonly Issue[]): string {
  return warnings.map(warningLabel).join(', ');
}
