/**
 * The handler map: one entry per invoke channel of src/shared/ipc.ts, split by area. Adding a channel: add it to
 * the contract, then to the area's create*Handlers (the `Handlers` type fails the build until you do).
 */
import type { Handlers } from '../dispatch';
import type { Platform } from '../platform';
import { createAppHandlers } from './app';
import { createJobHandlers } from './jobs';

export interface HandlerDeps {
  platform: Platform;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...createAppHandlers(deps.platform),
    ...createJobHandlers(),
  };
}
