import type { HeadshotApi } from '../shared/ipc';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the harness stand-in (e2e). Undefined in a plain browser tab. */
    headshot?: HeadshotApi;
  }
}

export {};
