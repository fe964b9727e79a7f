/**
 * Runs the harness server (Playwright's webServer starts it): npx tsx e2e/harness/serve.ts [--port 4319]
 * dialog:chooseFolder answers with a fresh temp folder.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4319' }, host: { type: 'string', default: '127.0.0.1' } },
});
const folder = await mkdtemp(path.join(os.tmpdir(), 'headshot-harness-'));
const harness = await startHarness({ port: Number(values.port), host: values.host, folder });
console.log(`headshot harness: ${harness.url} (IPC over WebSocket; the renderer from out/renderer)`);

const stop = () => void harness.close().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
