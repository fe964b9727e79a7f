import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

vi.mock('electron', () => ({ safeStorage: {} }));
const { safeTokenCache, NO_KEYRING_NOTE } = await import('./safe-token-cache');

/** A reversible stand-in for the OS key store: the bytes on disk must not contain the plaintext. */
const fakeStorage = (backend = 'gnome_libsecret', available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeTokenCache', () => {
  it('stores the cache encrypted and reads it back', async () => {
    const file = path.join(dir, 'token-cache.bin');
    const { store, note } = safeTokenCache(file, fakeStorage(), 'linux');
    expect(note).toBeNull();
    expect(await store!.load()).toBeNull();
    await store!.save('{"RefreshToken":{"secret":"abc"}}');
    expect((await readFile(file)).toString('utf8')).not.toContain('RefreshToken');
    // A new instance (a restart) reads the same cache.
    expect(await safeTokenCache(file, fakeStorage(), 'linux').store!.load()).toBe(
      '{"RefreshToken":{"secret":"abc"}}',
    );
    await store!.clear();
    expect(await store!.load()).toBeNull();
  });

  it('keeps nothing when only plaintext storage exists, and says why', () => {
    expect(safeTokenCache(path.join(dir, 'x'), fakeStorage('basic_text'), 'linux')).toEqual({
      store: null,
      note: NO_KEYRING_NOTE,
    });
    expect(safeTokenCache(path.join(dir, 'x'), fakeStorage('unknown', false), 'win32').store).toBeNull();
    expect(safeTokenCache(path.join(dir, 'x'), fakeStorage('basic_text'), 'darwin').store).not.toBeNull();
  });
});
