/**
 * Every limit and check threshold of the photo pipeline, in one place: the checks, the guards, the tests and
 * docs/imaging.md all refer to these names. Change a value here and the tests on either side of it follow.
 */

/** Hostile-input guards. */
export const LIMITS = {
  /** Files larger than this are refused before any byte is read (`image-too-large`). */
  maxFileBytes: 150 * 1024 * 1024,
  /** Decoded pixels (width x height) above this are refused from the header alone (`image-too-large`). */
  maxInputPixels: 100_000_000,
  /** Per-image wall-clock budget unless the caller sets `timeoutMs` (`timeout`). */
  defaultTimeoutMs: 30_000,
  /** The output JPEG is never larger than this: the quality steps down until it fits. */
  maxOutputBytes: 4 * 1024 * 1024,
  /**
   * The import's check decode (the whole picture at the scale the run will use, see preview.ts) stays under this
   * many pixels. Only pictures longer than about 9:1 reach it; they are then measured at a smaller scale.
   */
  maxCheckPixels: 4_000_000,
} as const;

/** Output settings. */
export const OUTPUT = {
  defaultSize: 648,
  minSize: 96,
  maxSize: 1024,
  defaultQuality: 88,
  /** Qualities tried, in order, after the requested one when the JPEG exceeds LIMITS.maxOutputBytes. */
  fallbackQualities: [80, 70, 60, 50, 40, 30, 20, 10],
  defaultBackground: '#ffffff',
} as const;

/** Quality checks, reported as warnings (or the `too-small` error). */
export const THRESHOLDS = {
  /** Shortest side of the (oriented) source under this: refused with `too-small`. */
  minSourceSide: 96,
  /* `low-resolution`: the source region that becomes the photo is smaller than the requested output size
     (648 px by default), so it is upscaled. No constant: the threshold is the output size itself. */
  /** The square crop drops more than this share of the picture's area: `heavy-crop`. */
  maxCropLoss: 0.4,
  /**
   * Variance of the 3x3 Laplacian of the luma of the output (0..255 scale) under this: `blurry`. Sharp photos
   * downscaled to 648 px score in the hundreds or more; a Gaussian blur of sigma >= 3 at output size, under 20.
   */
  minSharpness: 25,
  /** Mean luma (0..255, Rec. 601) of the photo area under this: `too-dark`. */
  darkMeanLuma: 45,
  /**
   * Mean luma of the photo area over this: `overexposed`. Deliberately a mean, not a share of clipped pixels:
   * studio headshots on a pure white background clip half the frame and are fine.
   */
  brightMeanLuma: 235,
} as const;

export const WARNING_CODES = [
  'low-resolution',
  'heavy-crop',
  'blurry',
  'too-dark',
  'overexposed',
  'animated',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * Face framing (faces/face-framing.ts): where a 'face' crop puts the face in the square, for a circular avatar.
 * The tightness (the face's share of the square's side) is a setting: FACE_TIGHTNESS in src/shared/faces.ts.
 */
export const FACE_FRAMING = {
  /**
   * BlazeFace's box runs from about the brows to the chin: two of the face's three classic vertical thirds
   * (hairline-brow, brow-nose, nose-chin). The whole face, hairline to chin, is then 3/2 of the box, grown upwards.
   */
  faceHeightPerBox: 1.5,
  /** The eye line's height from the top of the square: about 40% suits a circle (eyes just above its centre). */
  eyeLine: 0.4,
  /**
   * Without eye points, the eye line is estimated this far down the detector's box (brow-to-chin): the median of
   * the 22 faces in @vladmandic/face-api's demo photos is 0.295 (range 0.23..0.36).
   */
  eyesInBox: 0.3,
  /**
   * To stay inside the picture the square may shrink, but not below the point where the (visible) face fills this
   * share of it: beyond that the circle would cut the face, so the square moves instead.
   */
  maxTightness: 0.8,
} as const;

/** Face checks (faces/face-checks.ts). */
export const FACE_CHECKS = {
  /** A face box within this share of the picture's side from an edge touches it: `face-cut`. */
  edgeMargin: 0.005,
  /**
   * A roll (head or camera tilt) beyond this many degrees: `face-tilted`. Passport rules (ICAO 9303) allow about
   * 8 degrees; a profile photo tolerates a natural head tilt, so only clearly tilted faces (and pictures on their
   * side, about 90) are flagged.
   */
  maxRollDegrees: 15,
  /**
   * Other faces count for `several-faces` when at least this share of the largest face's height: a small face far
   * behind the person (a poster, a passer-by) is left alone, a second person beside them is not.
   */
  otherFaceMinShare: 0.5,
} as const;
