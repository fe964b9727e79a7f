// What sharp/libvips says stays in `detail`, for logs; the message people read is a sentence per code.
import { IMAGE_ERROR_SENTENCE, classifyDecodeError } from './image-error';

describe('classifyDecodeError', () => {
  it.each([
    ['VipsJpeg: Premature end of JPEG file\nVipsJpeg: premature end of JPEG image', 'corrupt-image'],
    ['Warning treated as error due to failOn setting', 'corrupt-image'],
    ['Input image exceeds pixel limit', 'image-too-large'],
    ['Input buffer contains unsupported image format', 'unsupported-format'],
  ] as const)('%j -> %s, in plain words', (text, code) => {
    const e = classifyDecodeError(new Error(text));
    expect(e.code).toBe(code);
    expect(e.message).toBe(IMAGE_ERROR_SENTENCE[code]);
    expect(e.message).not.toMatch(/vips|failOn|--/i);
    expect(e.detail).toBe(text.split('\n')[0]);
  });

  it('no sentence for people carries a library word or a flag', () => {
    for (const s of Object.values(IMAGE_ERROR_SENTENCE)) expect(s).not.toMatch(/vips|sharp|failOn|--/i);
  });
});
