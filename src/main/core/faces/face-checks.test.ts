import { describe, expect, it } from 'vitest';
import type { Face } from '../../../shared/faces';
import { FACE_CHECKS } from '../imaging/thresholds';
import { faceWarnings, withFaceWarnings } from './face-checks';
import { frameFace } from './face-framing';

const source = { width: 3000, height: 3000 };
const face = (box: Face['box'], extra: Partial<Face> = {}): Face => ({ box, score: 0.9, ...extra });
const centred = face({ x: 0.45, y: 0.4, width: 0.1, height: 0.1 });
const codes = (faces: Face[], outputSize = 648) =>
  faceWarnings({ faces, frame: faces[0] ? frameFace(source, faces[0]) : null, outputSize }).map(
    (w) => w.code,
  );

describe('faceWarnings', () => {
  it('says nothing about a single, well-placed, sharp, upright face', () => {
    // Box 300 px: the square is 900 px, more than the 648 output.
    expect(codes([centred])).toEqual([]);
  });

  it('no-face when nothing was found, in plain words', () => {
    const [warning] = faceWarnings({ faces: [], frame: null, outputSize: 648 });
    expect(warning).toEqual({
      code: 'no-face',
      message: expect.stringMatching(/no face .*centre/i) as string,
    });
  });

  it('several-faces counts only faces of a comparable size', () => {
    const second = face({ x: 0.1, y: 0.4, width: 0.08, height: 0.08 });
    const tiny = face({ x: 0.8, y: 0.1, width: 0.02, height: 0.02 });
    expect(codes([centred, second])).toEqual(['several-faces']);
    expect(codes([centred, tiny])).toEqual([]);
    const [warning] = faceWarnings({
      faces: [centred, second, second],
      frame: frameFace(source, centred),
      outputSize: 648,
    });
    expect(warning?.message).toMatch(/^3 faces/);
  });

  it('small-face when the square around the face has fewer pixels than the output', () => {
    // Box 120 px: face 180 px, square 360 px < 648.
    const small = face({ x: 0.48, y: 0.4, width: 0.04, height: 0.04 });
    expect(codes([small])).toEqual(['small-face']);
    // Same face, smaller output: enough pixels.
    expect(codes([small], 300)).toEqual([]);
  });

  it('face-cut when the face box touches the picture edge', () => {
    expect(codes([face({ x: 0, y: 0.4, width: 0.1, height: 0.1 })])).toContain('face-cut');
    expect(codes([face({ x: 0.45, y: 0.9, width: 0.1, height: 0.1 })])).toContain('face-cut');
    expect(codes([face({ x: 0.45, y: FACE_CHECKS.edgeMargin * 2, width: 0.1, height: 0.1 })])).not.toContain(
      'face-cut',
    );
  });

  it('face-cut when the framing could not keep the face in the round photo', () => {
    const frame = { ...frameFace(source, centred), faceCut: true };
    expect(faceWarnings({ faces: [centred], frame, outputSize: 648 }).map((w) => w.code)).toEqual([
      'face-cut',
    ]);
  });

  it('face-tilted beyond the roll threshold, and says when the picture is on its side', () => {
    const tilted = (roll: number) => face(centred.box, { roll });
    expect(codes([tilted(FACE_CHECKS.maxRollDegrees - 1)])).toEqual([]);
    expect(codes([tilted(-(FACE_CHECKS.maxRollDegrees + 1))])).toEqual(['face-tilted']);
    const [side] = faceWarnings({
      faces: [tilted(88)],
      frame: frameFace(source, tilted(88)),
      outputSize: 648,
    });
    expect(side?.message).toMatch(/side .*rotating/);
  });
});

describe('withFaceWarnings', () => {
  const image = [
    { code: 'low-resolution', message: 'l' },
    { code: 'heavy-crop', message: 'h' },
    { code: 'blurry', message: 'b' },
  ];
  const codes = (face: { code: string; message: string }[], framed: boolean) =>
    withFaceWarnings(image, face, framed).map((w) => w.code);

  it('keeps the image warnings and adds the face ones; small-face replaces low-resolution', () => {
    expect(codes([{ code: 'several-faces', message: 's' }], true)).toEqual([
      'low-resolution',
      'blurry',
      'several-faces',
    ]);
    expect(codes([{ code: 'small-face', message: 's' }], true)).toEqual(['blurry', 'small-face']);
  });

  it('drops heavy-crop only for a framed face (the centre fallback keeps it)', () => {
    expect(codes([{ code: 'no-face', message: 'n' }], false)).toEqual([
      'low-resolution',
      'heavy-crop',
      'blurry',
      'no-face',
    ]);
  });
});
