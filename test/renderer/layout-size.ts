/**
 * jsdom has no layout: gives every element a size for the tests of one file, so a virtualised list has a viewport
 * to fill. Call at the top level of a test file.
 */
import { afterAll, beforeAll } from 'vitest';

export function withFakeLayout(width = 1000, height = 560): void {
  const sizes = { clientWidth: width, clientHeight: height, offsetWidth: width, offsetHeight: height };
  const saved: [string, PropertyDescriptor | undefined][] = [];
  beforeAll(() => {
    for (const [key, value] of Object.entries(sizes)) {
      saved.push([key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)]);
      Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
    }
  });
  afterAll(() => {
    for (const [key, d] of saved) {
      if (d) Object.defineProperty(HTMLElement.prototype, key, d);
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
    }
  });
}
