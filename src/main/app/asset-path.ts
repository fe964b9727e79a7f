/**
 * Pure path logic for the two custom protocols (no electron import, so it is tested in plain Node).
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN } from '../../shared/ipc';
import { originOf } from './sender';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Image types Chromium can show; HEIC and TIFF reach the renderer as previews made by the imaging service. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
};

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Maps app://headshot/<path> to a file under rootDir, or null (wrong origin, traversal, odd encoding).
 * `/` is index.html. There is no SPA fallback: the renderer does not route by URL.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): string | null {
  if (originOf(requestUrl) !== APP_ORIGIN) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname}`);
  return isInside(file, root) ? file : null;
}

/**
 * The folders the user chose in this session (a dialog, later a drop): the image protocol serves image files
 * under them and nothing else. Symlinks are resolved on both sides, so a link inside a chosen folder that
 * points outside it is refused.
 */
export class FolderScope {
  private readonly roots = new Set<string>();

  grant(folder: string): void {
    this.roots.add(path.resolve(folder));
  }

  get folders(): string[] {
    return [...this.roots];
  }

  /** The real path of an image file inside a granted folder, or null. */
  async resolve(requested: string | null): Promise<string | null> {
    if (!requested || requested.includes('\0') || !path.isAbsolute(requested)) return null;
    if (!IMAGE_TYPES[path.extname(requested).toLowerCase()]) return null;
    let real: string;
    try {
      real = await realpath(requested);
      if (!(await stat(real)).isFile()) return null;
    } catch {
      return null;
    }
    if (!IMAGE_TYPES[path.extname(real).toLowerCase()]) return null;
    for (const root of this.roots) {
      const realRoot = await realpath(root).catch(() => null);
      if (realRoot && isInside(real, realRoot)) return real;
    }
    return null;
  }
}
