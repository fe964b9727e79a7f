// Refreshes docs/screenshots from the demo-flow e2e (e2e/flow.spec.ts, at 1440 x 900), the laptop e2e
// (e2e/laptop.spec.ts, every screen at 1024 x 700 and 1440 x 900), the People e2e (e2e/people.spec.ts) and the
// Prepare mode e2e (e2e/prepare.spec.ts).
// A deliberate command: `npm test` writes its screenshots to test-results/ and leaves the work tree clean.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const result = spawnSync(
  process.execPath,
  [
    cli,
    'test',
    '-c',
    'e2e/playwright.config.ts',
    'e2e/flow.spec.ts',
    'e2e/laptop.spec.ts',
    'e2e/people.spec.ts',
    'e2e/prepare.spec.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, HEADSHOT_SCREENSHOTS_DIR: path.join(root, 'docs', 'screenshots') },
  },
);
process.exit(result.status ?? 1);
