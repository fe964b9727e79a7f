/**
 * The face warnings of a 'face' crop, pure, in plain words (Review, the report and the CLI show them as they are).
 * Thresholds: FACE_CHECKS in imaging/thresholds.ts.
 */
import type { Issue } from '../../../shared/domain';
import type { Face, FaceWarningCode } from '../../../shared/faces';
import { FACE_CHECKS } from '../imaging/thresholds';
import type { FaceFrame } from './face-framing';

export interface FaceCheckFacts {
  /** Every face found, largest first. */
  faces: readonly Face[];
  /** The framing of the largest face; null when there is none. */
  frame: FaceFrame | null;
  /** The output side in pixels (648 by default). */
  outputSize: number;
}

export function faceWarnings({ faces, frame, outputSize }: FaceCheckFacts): Issue[] {
  const warnings: Issue[] = [];
  const warn = (code: FaceWarningCode, message: string) => warnings.push({ code, message });
  const face = faces[0];
  if (!face || !frame) {
    warn('no-face', 'No face was found, so the photo was cropped from the centre.');
    return warnings;
  }
  const others = faces
    .slice(1)
    .filter((f) => f.box.height >= face.box.height * FACE_CHECKS.otherFaceMinShare).length;
  if (others > 0) {
    warn(
      'several-faces',
      `${others + 1} faces were found; the crop frames the largest. Check that it is the right person.`,
    );
  }
  // The square's source pixels become the output: fewer than the output size, and the face is enlarged.
  if (frame.side < outputSize) {
    warn(
      'small-face',
      `The face is small in this picture: the square around it is only ${Math.round(frame.side)} px across, so it is enlarged to ${outputSize} px and may look soft.`,
    );
  }
  if (touchesEdge(face) || frame.faceCut) {
    warn(
      'face-cut',
      'The face reaches the edge of the picture or of the round photo: part of it may be cut off.',
    );
  }
  if (face.roll !== undefined && Math.abs(face.roll) > FACE_CHECKS.maxRollDegrees) {
    const degrees = Math.round(Math.abs(face.roll));
    warn(
      'face-tilted',
      Math.abs(face.roll) >= 60
        ? `The face is turned on its side (about ${degrees}°): the picture may need rotating.`
        : `The face is tilted by about ${degrees}°.`,
    );
  }
  return warnings;
}

function touchesEdge(face: Face): boolean {
  const m = FACE_CHECKS.edgeMargin;
  const { x, y, width, height } = face.box;
  return x <= m || y <= m || x + width >= 1 - m || y + height >= 1 - m;
}

/**
 * The image warnings to keep beside the face warnings. For a framed face, `small-face` says what `low-resolution`
 * would (the same square, enlarged), so only the face's wording is kept; and `heavy-crop` is dropped: it warns that
 * a blind crop may lose the person, while this crop was chosen around them.
 */
export function withFaceWarnings(
  imageWarnings: readonly Issue[],
  face: readonly Issue[],
  framed: boolean,
): Issue[] {
  const small = face.some((w) => w.code === 'small-face');
  const kept = imageWarnings.filter(
    (w) => !(small && w.code === 'low-resolution') && !(framed && w.code === 'heavy-crop'),
  );
  return [...kept, ...face];
}
