import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';

// Fluent's dialogs and popovers render through portals and motion; on a loaded 2-core CI machine that can take
// seconds, so findBy*/waitFor wait longer than the 1 s default (they still fail when the element never comes).
configure({ asyncUtilTimeout: 20_000 });

// jsdom has no matchMedia; the theme hook reads prefers-color-scheme through it. Tests may override it.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

// jsdom has no ResizeObserver; Fluent's MessageBar and overflow components observe their size.
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

afterEach(() => {
  cleanup();
  delete window.headshot;
});
