import { describe, expect, it } from 'vitest';
import { formatBytes, formatPhotoDimensions } from './format-size';

describe('sizes for people', () => {
  it('writes bytes as KB or MB', () => {
    expect(formatBytes(45772)).toBe('45 KB');
    expect(formatBytes(800)).toBe('800 bytes');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
  it('writes Graph photo ids as width × height', () => {
    expect(formatPhotoDimensions('648X648')).toBe('648 × 648');
    expect(formatPhotoDimensions('96x96')).toBe('96 × 96');
    expect(formatPhotoDimensions('default')).toBe('default');
  });
});
