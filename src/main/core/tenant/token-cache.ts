/**
 * The MSAL token cache seam. MSAL serialises its cache to a string; where that string lives is a TokenCacheStore:
 * in memory for the CLI (default), encrypted with Electron's safeStorage in the app (src/main/app implements the
 * store; nothing here imports electron).
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

export interface TokenCacheStore {
  /** The serialised cache, or null when there is none. */
  load(): Promise<string | null>;
  save(serialized: string): Promise<void>;
  /** Sign-out: forget everything. */
  clear(): Promise<void>;
}

export class MemoryTokenCacheStore implements TokenCacheStore {
  private data: string | null = null;
  load(): Promise<string | null> {
    return Promise.resolve(this.data);
  }
  save(serialized: string): Promise<void> {
    this.data = serialized;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.data = null;
    return Promise.resolve();
  }
}

export function createCachePlugin(store: TokenCacheStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const data = await store.load();
      if (data) context.tokenCache.deserialize(data);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) await store.save(context.tokenCache.serialize());
    },
  };
}
