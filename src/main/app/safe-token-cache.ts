/**
 * The MSAL token cache for the app, encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet)
 * in <userData>/token-cache.bin. Where only the plaintext 'basic_text' backend exists (Linux without a keyring),
 * nothing is written and the person is told why: a readable token file is worse than signing in again.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { TokenCacheStore } from '../core/tenant/token-cache';
import type { TokenCacheChoice } from '../use-cases/session-service';

type SafeStorageLike = Pick<
  typeof electronSafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> & {
  getSelectedStorageBackend?: () => string;
};

export const NO_KEYRING_NOTE =
  'This computer has no encrypted key store Headshot can use (on Linux: GNOME Keyring or KWallet), so your sign-in is not kept and you will sign in again next time.';

export function safeTokenCache(
  file: string,
  storage: SafeStorageLike = electronSafeStorage,
  platform: NodeJS.Platform = process.platform,
): TokenCacheChoice {
  const plaintext = platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text';
  if (!storage.isEncryptionAvailable() || plaintext) return { store: null, note: NO_KEYRING_NOTE };
  const store: TokenCacheStore = {
    async load() {
      try {
        return storage.decryptString(await readFile(file));
      } catch {
        // Missing, or encrypted by another user/machine key: start with an empty cache.
        return null;
      }
    },
    async save(serialized) {
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      await writeFile(temp, storage.encryptString(serialized), { mode: 0o600 });
      await rename(temp, file);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
  return { store, note: null };
}
