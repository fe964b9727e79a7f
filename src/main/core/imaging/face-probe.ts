/**
 * The 'face' crop's probe, shared by processing and the import's checks so Review and the run frame the same face:
 * a small decode of the upright picture (<= 640 px, JPEG shrink-on-load; flattened on white like the pipeline),
 * the detector, then the framing of the largest face and its warnings. A detector failure is not the photo's fault:
 * the crop falls back to the centre and the warning says why; only a cancel rejects.
 */
import type { CropRect, Issue } from '../../../shared/domain';
import type { Face, FaceFraming } from '../../../shared/faces';
import { faceWarnings } from '../faces/face-checks';
import { decodeForDetection, sharedFaceDetector, type FaceDetector } from '../faces/face-detector';
import { frameFace, type FaceFrame } from '../faces/face-framing';
import type { OpenedSource } from './open-source';
import { OUTPUT, THRESHOLDS } from './thresholds';

export interface FaceProbeOptions {
  /** Default: the process's shared BlazeFace detector. */
  detector?: FaceDetector;
  framing?: Partial<FaceFraming>;
  outputSize: number;
  signal?: AbortSignal;
}

export interface FaceProbe {
  /** The face framed (the largest), box normalised to the upright source; null when none was found. */
  face: Face | null;
  /** Every face found, largest first. */
  faces: Face[];
  frame: FaceFrame | null;
  /** The square to cut (normalised to the upright source); null: use the centre. */
  rect: CropRect | null;
  warnings: Issue[];
}

export async function probeFace(source: OpenedSource, options: FaceProbeOptions): Promise<FaceProbe> {
  const { signal, outputSize } = options;
  const detector = options.detector ?? sharedFaceDetector();
  const pixels = await decodeForDetection(
    source.pipeline().flatten({ background: OUTPUT.defaultBackground }),
  );
  signal?.throwIfAborted();
  let faces: Face[];
  try {
    faces = await detector.detect(pixels, signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      face: null,
      faces: [],
      frame: null,
      rect: null,
      warnings: [
        {
          code: 'no-face',
          message: `Face detection did not work on this photo (${reason}), so it was cropped from the centre.`,
        },
      ],
    };
  }
  const face = faces[0] ?? null;
  const frame = face ? frameFace(source, face, options.framing, { minSide: THRESHOLDS.minSourceSide }) : null;
  return {
    face,
    faces,
    frame,
    rect: frame?.rect ?? null,
    warnings: faceWarnings({ faces, frame, outputSize }),
  };
}
