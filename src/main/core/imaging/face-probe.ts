/**
 * The 'face' crop's probe, shared by processing and the import's checks so Review and the run frame the same face:
 * a small decode of the upright picture (<= 640 px, JPEG shrink-on-load; flattened on white like the pipeline),
 * the detector, then the framing of the largest face and its warnings. For a file, the faces are kept in the face
 * cache (face-cache.ts): the run's processing finds what the import's checks detected and skips decode and model. A detector failure is not the photo's fault:
 * the crop falls back to the centre and the warning says why; only a cancel rejects.
 */
import type { CropRect, Issue } from '../../../shared/domain';
import type { Face, FaceFraming } from '../../../shared/faces';
import { sharedFaceCache, fileIdentity, type FaceCache } from '../faces/face-cache';
import { faceWarnings } from '../faces/face-checks';
import {
  decodeForDetection,
  DETECTION_MAX_SIDE,
  sharedFaceDetector,
  type FaceDetector,
} from '../faces/face-detector';
import { frameFace, type FaceFrame } from '../faces/face-framing';
import type { OpenedSource } from './open-source';
import { OUTPUT, THRESHOLDS } from './thresholds';

export interface FaceProbeOptions {
  /** Default: the process's shared BlazeFace detector. */
  detector?: FaceDetector;
  framing?: Partial<FaceFraming>;
  outputSize: number;
  signal?: AbortSignal;
  /** What `source` was opened from: a path's faces are cached (a buffer has no identity and is always detected). */
  input?: string | Buffer;
  /** Default: the process's shared cache; null: detect every time. */
  cache?: FaceCache | null;
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
  const cache = options.cache === undefined ? sharedFaceCache() : options.cache;
  // Taken before the decode: if the file changes meanwhile, the next probe sees a new identity and detects again.
  const file = cache && typeof options.input === 'string' ? await fileIdentity(options.input) : undefined;
  let faces = file && cache?.get(detector, file, DETECTION_MAX_SIDE);
  if (!faces) {
    const pixels = await decodeForDetection(
      source.pipeline().flatten({ background: OUTPUT.defaultBackground }),
    );
    signal?.throwIfAborted();
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
    if (file) cache?.set(detector, file, DETECTION_MAX_SIDE, faces);
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
