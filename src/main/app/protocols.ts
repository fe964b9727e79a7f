/**
 * app://headshot serves the built renderer (out/renderer) with the CSP header; headshot-image://local/?path=
 * serves photos from folders the user chose (FolderScope). The renderer never sees file:// URLs.
 */
import { type Protocol, protocol as electronProtocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, IMAGE_SCHEME } from '../../shared/ipc';
import type { PathGrants } from '../ipc/path-grants';
import { IMAGE_TYPES, MIME_TYPES, resolveAppAsset, resolveGrantedImage } from './asset-path';

/** Largest photo the image protocol will read into memory (the imaging service refuses bigger ones anyway). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/** Must run before app 'ready': both schemes behave like https (secure context, fetch, no file access). */
export function registerSchemes(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'> = electronProtocol,
): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });

export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  csp: string,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererDir);
    if (!file) return notFound();
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return notFound();
    }
  });
}

export function handleImageProtocol(protocol: Pick<Protocol, 'handle'>, grants: PathGrants): void {
  protocol.handle(IMAGE_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'local') return notFound();
    const file = await resolveGrantedImage(grants, url.searchParams.get('path'));
    if (!file) return new Response('Forbidden', { status: 403, headers: { 'content-type': 'text/plain' } });
    try {
      if ((await stat(file)).size > MAX_IMAGE_BYTES) return new Response('Too large', { status: 413 });
      return new Response(await readFile(file), {
        headers: {
          'content-type': IMAGE_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
      });
    } catch {
      return notFound();
    }
  });
}
