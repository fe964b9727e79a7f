import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

vi.mock('electron', () => ({ protocol: {} }));
const { handleAppProtocol, handleImageProtocol, registerSchemes } = await import('./protocols');
const { resolveAppAsset } = await import('./asset-path');
const { PathGrants } = await import('../ipc/path-grants');
const { contentSecurityPolicy } = await import('./csp');
const { localImageUrl } = await import('../../shared/ipc');

type ProtocolHandler = (request: Request) => Promise<Response>;

function fakeProtocol() {
  const handlers = new Map<string, ProtocolHandler>();
  return {
    handlers,
    protocol: { handle: (scheme: string, fn: ProtocolHandler) => handlers.set(scheme, fn) },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-protocols-'));
  await mkdir(path.join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><title>Headshot</title>');
  await writeFile(path.join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  await mkdir(path.join(dir, 'photos/sub'), { recursive: true });
  await mkdir(path.join(dir, 'elsewhere'), { recursive: true });
  await writeFile(path.join(dir, 'photos/sub/ada.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  await writeFile(path.join(dir, 'photos/notes.txt'), 'not an image');
  await writeFile(path.join(dir, 'elsewhere/grace.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  await symlink(path.join(dir, 'elsewhere/grace.jpg'), path.join(dir, 'photos/link.jpg'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app:// protocol', () => {
  it('registers both schemes as standard and secure', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerSchemes({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 'headshot-image', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with the CSP header and nothing outside it', async () => {
    const { handlers, protocol } = fakeProtocol();
    const csp = contentSecurityPolicy();
    handleAppProtocol(protocol, path.join(dir, 'renderer'), csp);
    const get = (url: string) => handlers.get('app')!(new Request(url));

    const index = await get('app://headshot/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(csp);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>Headshot</title>');
    expect((await get('app://headshot/assets/app.js')).headers.get('content-type')).toContain('javascript');

    for (const url of [
      'app://headshot/../secret.txt',
      'app://headshot/%2e%2e/secret.txt',
      'app://headshot/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://headshot/..%5csecret.txt',
      'app://other/index.html',
      'app://headshot/missing.js',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('resolveAppAsset maps / to index.html and refuses traversal', () => {
    expect(resolveAppAsset('app://headshot/', '/r')).toBe(path.resolve('/r/index.html'));
    expect(resolveAppAsset('app://headshot/%E0%A4%A', '/r')).toBeNull();
    expect(resolveAppAsset('app://headshot/a%00.js', '/r')).toBeNull();
  });
});

describe('headshot-image:// protocol', () => {
  it('serves images only from folders the user chose', async () => {
    const { handlers, protocol } = fakeProtocol();
    const grants = new PathGrants();
    handleImageProtocol(protocol, grants);
    const get = (file: string) => handlers.get('headshot-image')!(new Request(localImageUrl(file)));
    const ada = path.join(dir, 'photos/sub/ada.jpg');

    expect((await get(ada)).status).toBe(403); // nothing granted yet
    grants.grantFolder(path.join(dir, 'photos'), 'dialog');

    const ok = await get(ada);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xd9]));

    expect((await get(path.join(dir, 'elsewhere/grace.jpg'))).status).toBe(403); // outside
    expect((await get(path.join(dir, 'photos/link.jpg'))).status).toBe(403); // symlink escaping the folder
    expect((await get(path.join(dir, 'photos/notes.txt'))).status).toBe(403); // not an image
    expect((await get(path.join(dir, 'photos/../secret.txt'))).status).toBe(403);
    expect((await get('relative/ada.jpg')).status).toBe(403);
    expect(
      (await handlers.get('headshot-image')!(new Request('headshot-image://other/?path=x'))).status,
    ).toBe(404);
  });
});

describe('CSP', () => {
  it('allows no inline or eval script, no remote origins and no plugins in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: headshot-image:");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/https?:/);
  });

  it('relaxes scripts only when asked (the dev server)', () => {
    expect(contentSecurityPolicy({ allowInlineScripts: true, connect: ['ws://localhost:5173'] })).toMatch(
      /script-src 'self' 'unsafe-inline';.*connect-src 'self' ws:\/\/localhost:5173/,
    );
  });
});
