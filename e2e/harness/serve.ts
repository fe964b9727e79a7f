/**
 * Runs the harness server (Playwright's webServer starts it): npx tsx e2e/harness/serve.ts [--port 4319]
 * dialog:chooseFolder answers with a fresh temp folder holding three photos and three files a scan skips;
 * the services keep their state in another temp folder.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { startHarness } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4319' }, host: { type: 'string', default: '127.0.0.1' } },
});

const base = await mkdtemp(path.join(os.tmpdir(), 'headshot-harness-'));
const folder = path.join(base, 'photos');
await mkdir(path.join(folder, 'team'), { recursive: true });
const image = sharp({ create: { width: 16, height: 16, channels: 3, background: '#0f6cbd' } });
await writeFile(path.join(folder, 'ada.lovelace.jpg'), await image.clone().jpeg().toBuffer());
await writeFile(path.join(folder, 'team/grace.hopper.png'), await image.clone().png().toBuffer());
await writeFile(path.join(folder, 'team/linus.jpeg'), await image.clone().jpeg().toBuffer());
await writeFile(path.join(folder, 'notes.txt'), 'not a photo');
await writeFile(path.join(folder, 'Thumbs.db'), 'litter');
await writeFile(path.join(folder, 'empty.jpg'), '');

const harness = await startHarness({
  port: Number(values.port),
  host: values.host,
  folder,
  dataDir: path.join(base, 'data'),
});
console.log(`headshot harness: ${harness.url} (IPC over WebSocket; the renderer from out/renderer)`);

const stop = () => void harness.close().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
