/**
 * Which Chromium the harness tests drive, in order: $HEADSHOT_CHROMIUM, Debian's /usr/bin/chromium, then
 * Playwright's own downloaded browser (developers on Windows or macOS: `npx playwright install chromium`).
 */
import { existsSync } from 'node:fs';

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists = existsSync): string | undefined {
  if (env.HEADSHOT_CHROMIUM) {
    if (!exists(env.HEADSHOT_CHROMIUM))
      throw new Error(`HEADSHOT_CHROMIUM=${env.HEADSHOT_CHROMIUM} does not exist.`);
    return env.HEADSHOT_CHROMIUM;
  }
  if (exists('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // Playwright's own browser
}

/** The network is closed on CI: nothing should try to reach Google. Root cannot use Chromium's sandbox. */
export function chromiumArgs(isRoot = process.getuid?.() === 0): string[] {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ];
}
