/**
 * The renderer's Content-Security-Policy. Sent as a response header by the app:// protocol (and by the e2e
 * harness, so the e2e tests run the production bundle under the production policy). No 'unsafe-eval', no
 * inline scripts, no remote origins; images only from the app, data: URLs and the scoped image protocol.
 * Styles allow 'unsafe-inline' because Fluent UI (Griffel) inserts its atomic CSS at runtime: style injection
 * cannot run script, and the script policy is what protects the bridge.
 */
import { IMAGE_SCHEME } from '../../shared/ipc';

export interface CspOptions {
  /** Extra origins for connect-src (the Vite dev server's HMR socket, the e2e harness's IPC socket). */
  connect?: string[];
  /** Dev only: Vite's React refresh preamble is an inline script. Never set in a packaged app. */
  allowInlineScripts?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(options.allowInlineScripts ? ["'unsafe-inline'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', `${IMAGE_SCHEME}:`],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.connect ?? [])],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
