export {};

const openExternal = vi.fn(() => Promise.resolve());
const showOpenDialog = vi.fn(() => Promise.resolve({ canceled: false, filePaths: ['/photos'] }));
vi.mock('electron', () => ({
  shell: { openExternal },
  dialog: { showOpenDialog },
  app: {
    getName: () => 'Headshot',
    getVersion: () => '0.1.0',
    isPackaged: false,
    getPath: () => '/user-data',
  },
}));

const { openExternalSafely, electronPlatform } = await import('./electron-platform');

describe('electron platform', () => {
  beforeEach(() => {
    openExternal.mockClear();
  });

  it('opens only allowlisted https links', async () => {
    const refused: string[] = [];
    await expect(openExternalSafely('https://portal.azure.com/#home')).resolves.toBe(true);
    await expect(openExternalSafely('http://portal.azure.com/', (m) => refused.push(m))).resolves.toBe(false);
    await expect(openExternalSafely('smb://fileserver/share')).resolves.toBe(false);
    await expect(openExternalSafely('https://evil.example/')).resolves.toBe(false);
    expect(openExternal.mock.calls).toEqual([['https://portal.azure.com/#home']]);
    expect(refused[0]).toContain('only https');
  });

  it('reports app info and answers the folder dialog', async () => {
    const platform = electronPlatform({ window: () => null });
    expect(platform.appInfo()).toMatchObject({
      name: 'Headshot',
      version: '0.1.0',
      runtime: 'electron',
      packaged: false,
    });
    await expect(platform.chooseFolder({ title: 'Pick' })).resolves.toBe('/photos');
    expect(showOpenDialog).toHaveBeenCalledWith({ title: 'Pick', properties: ['openDirectory'] });
    expect(platform.dataDir).toBe('/user-data');
  });
});
