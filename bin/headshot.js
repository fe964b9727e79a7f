#!/usr/bin/env node
// The `headshot` command. The TypeScript sources are bundled by `npm run build` into out/cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('headshot: the command line is not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
await import(entry);
