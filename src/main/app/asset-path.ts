/**
 * Pure path logic for the two custom protocols (no electron import, so it is tested in plain Node).
 */
import path from 'node:path';
import { APP_ORIGIN } from '../../shared/ipc';
import type { PathGrants } from '../ipc/path-grants';
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
 * The real path of an image file the renderer may show: inside a folder the user gave or the app made
 * (PathGrants, the one folder scope), with an image type on both the requested and the real path.
 */
export async function resolveGrantedImage(
  grants: PathGrants,
  requested: string | null,
): Promise<string | null> {
  if (!requested || !IMAGE_TYPES[path.extname(requested).toLowerCase()]) return null;
  const real = await grants.file(requested);
  return real && IMAGE_TYPES[path.extname(real).toLowerCase()] ? real : null;
}
