// `npm run security`: @doyensec/electronegativity over the sources, failing on any finding.
// Exceptions are justified inline where they occur (`// eng-disable CHECK_ID` on the flagged line, with the reason
// on the line above); docs/security.md lists them. The scanner cannot detect the Electron version offline, so
// it is passed from package.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
const input = process.argv[2] ?? 'src';

const dir = mkdtempSync(path.join(os.tmpdir(), 'headshot-eng-'));
const report = path.join(dir, 'report.csv');
const run = spawnSync(
  process.execPath,
  [cli, '-i', input, '-e', electronVersion, '-r', '-v', 'false', '-o', report],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
let csv = '';
try {
  csv = readFileSync(report, 'utf8');
} catch {
  console.error(run.stdout, run.stderr);
  console.error('security: electronegativity produced no report.');
  process.exit(2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// One finding per record; a sample may itself contain line breaks, so split on the check id that starts a record.
const findings = csv
  .split(/\n(?=[A-Z_]+_CHECK,)/)
  .slice(1)
  .map((r) => r.trim())
  .filter(Boolean);
if (findings.length > 0) {
  console.error(`security: electronegativity found ${findings.length} issue(s) in ${input}:`);
  for (const line of findings) console.error(`  ${line}`);
  console.error(
    'Fix them, or justify an exception inline with `// eng-disable CHECK_ID` on the flagged line.',
  );
  process.exit(1);
}
console.log(`security: electronegativity (Electron ${electronVersion}) found no issues in ${input}.`);
