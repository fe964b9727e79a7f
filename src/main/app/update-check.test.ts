// The update check through electron-updater's own classes (DebUpdater over AppUpdater, GenericProvider), reading
// an app-update.yml as electron-builder writes it from `publish`, against an HTTPS feed on 127.0.0.1 with a
// throwaway CA (src/emulator/certs.ts). Not exercised: Electron's net module (a Node https executor stands in),
// downloading and installing.
import https, { type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HttpExecutor } from 'builder-util-runtime';
import electronUpdater from 'electron-updater';
import type { ClientRequest } from 'node:http';
import { createCertificates } from '../../emulator/certs';
import { checkForUpdate, readPolicyText, type UpdaterLike } from './update-check';

class HttpsExecutor extends HttpExecutor<ClientRequest> {
  constructor(private readonly ca: string) {
    super();
  }
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    return https.request({ ...options, ca: this.ca }, callback);
  }
}

const feedVersion = { value: '0.2.0' };
const requested: string[] = [];
let server: https.Server;
let dir: string;
let ca: string;
let port: number;

const latestYml = (version: string) =>
  [
    `version: ${version}`,
    'files:',
    `  - url: Headshot-${version}.AppImage`,
    '    sha512: ' + 'A'.repeat(86) + '==',
    '    size: 1000',
    `path: Headshot-${version}.AppImage`,
    'sha512: ' + 'A'.repeat(86) + '==',
    `releaseDate: '2026-12-01T00:00:00.000Z'`,
    '',
  ].join('\n');

beforeAll(async () => {
  const certs = await createCertificates();
  ca = certs.caCertPem;
  server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, (request, response) => {
    const name = new URL(request.url ?? '/', 'https://127.0.0.1').pathname;
    requested.push(name);
    // latest.yml (Windows), latest-mac.yml, latest-linux.yml (and -arm64): whichever this platform asks for.
    if (/^\/headshot\/latest(-mac|-linux(-arm64)?)?\.yml$/.test(name)) {
      response.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml(feedVersion.value));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-updates-'));
  await writeFile(
    path.join(dir, 'app-update.yml'),
    `provider: generic\nurl: https://127.0.0.1:${port}/headshot\nupdaterCacheDirName: headshot-updater\n`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function installedApp(version: string) {
  const updater = new electronUpdater.DebUpdater(undefined, {
    version,
    name: 'Headshot',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  });
  updater.logger = null;
  // With an app adapter, electron-updater leaves the executor to the caller (Electron's net in the app).
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new HttpsExecutor(ca);
  return updater;
}

describe('checkForUpdate against a feed on loopback', () => {
  it('reports a newer version in the feed as available, without downloading it', async () => {
    feedVersion.value = '0.2.0';
    requested.length = 0;
    const updater = installedApp('0.1.0');
    let downloads = 0;
    updater.on('download-progress', () => downloads++);
    updater.autoDownload = true; // the check must turn this off
    await expect(checkForUpdate(updater, '0.1.0')).resolves.toEqual({ kind: 'available', version: '0.2.0' });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(requested.some((name) => name.endsWith('.yml'))).toBe(true);
    expect(requested.some((name) => name.endsWith('.AppImage'))).toBe(false);
    expect(downloads).toBe(0);
  });

  it('reports the latest version when the feed is older or the same', async () => {
    feedVersion.value = '0.0.9';
    await expect(checkForUpdate(installedApp('0.1.0'), '0.1.0')).resolves.toEqual({
      kind: 'latest',
      version: '0.1.0',
    });
    feedVersion.value = '0.1.0';
    await expect(checkForUpdate(installedApp('0.1.0'), '0.1.0')).resolves.toEqual({
      kind: 'latest',
      version: '0.1.0',
    });
  });

  it('says why when the feed cannot be read (a feed with no latest*.yml)', async () => {
    await writeFile(
      path.join(dir, 'app-update.yml'),
      `provider: generic\nurl: https://127.0.0.1:${port}/nothing-here\nupdaterCacheDirName: headshot-updater\n`,
    );
    try {
      const result = await checkForUpdate(installedApp('0.1.0'), '0.1.0');
      expect(result.kind).toBe('failed');
      expect(result.kind === 'failed' && result.message).toMatch(/404/);
    } finally {
      await writeFile(
        path.join(dir, 'app-update.yml'),
        `provider: generic\nurl: https://127.0.0.1:${port}/headshot\nupdaterCacheDirName: headshot-updater\n`,
      );
    }
  });

  it('says the installation cannot update itself when electron-updater answers null', async () => {
    const inactive: UpdaterLike = {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      checkForUpdates: () => Promise.resolve(null),
    };
    const result = await checkForUpdate(inactive, '0.1.0');
    expect(result.kind === 'failed' && result.message).toMatch(/not updated by Headshot itself/);
  });
});

describe('readPolicyText', () => {
  it('is null without a file and the text with one', async () => {
    await expect(readPolicyText(path.join(dir, 'missing.json'))).resolves.toBeNull();
    await writeFile(path.join(dir, 'policy.json'), '{"disableUpdates":true}');
    await expect(readPolicyText(path.join(dir, 'policy.json'))).resolves.toBe('{"disableUpdates":true}');
  });

  it('throws for other read errors (a folder where the file should be)', async () => {
    await expect(readPolicyText(dir)).rejects.toThrow(/EISDIR/);
  });
});
