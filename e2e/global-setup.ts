/**
 * Builds what the e2e tests load when it is missing or older than its sources (`npm test` has just built, so
 * this is a no-op there; `npm run e2e` alone rebuilds only when needed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

function stale(output: string, sources: string[]): boolean {
  const out = path.join(root, output);
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return sources.some((s) => existsSync(path.join(root, s)) && newest(path.join(root, s)) > built);
}

export default function globalSetup(): void {
  const targets = [
    stale('out/renderer/index.html', ['src/renderer', 'src/shared']) && 'renderer',
    stale('out/main/index.js', ['src/main', 'src/shared']) && 'main',
    stale('out/preload/index.cjs', ['src/preload', 'src/shared']) && 'preload',
  ].filter((t): t is string => Boolean(t));
  if (targets.length === 0) return;
  console.log(`e2e: building ${targets.join(', ')} (missing or stale)`);
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), ...targets], {
    cwd: root,
    stdio: 'inherit',
  });
}
