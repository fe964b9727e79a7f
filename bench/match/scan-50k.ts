/**
 * Folder scan at scale: 50,000 small files (JPEG and PNG headers, text, litter) in nested folders, scanned as a
 * stream. Prints the time and RSS samples every 5,000 entries: RSS must stay flat (no list of the tree is kept).
 * Run: npx tsx bench/match/scan-50k.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanFolder } from '../../src/main/core/library/scan-folder';

const FILES = 50_000;
const PER_FOLDER = 1_000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const jpegHead = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const pngHead = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

const root = await mkdtemp(path.join(os.tmpdir(), 'headshot-scan-50k-'));
try {
  const made = performance.now();
  for (let start = 0; start < FILES; start += PER_FOLDER) {
    const dir = path.join(root, `Batch ${start / PER_FOLDER}`, 'Sub');
    await mkdir(dir, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(start + PER_FOLDER, FILES); i++) {
      const kind = i % 10;
      const name =
        kind === 9
          ? `._user${i}.jpg`
          : kind === 8
            ? `notes-${i}.jpg`
            : `user.${i}@contoso.com.${kind < 5 ? 'jpg' : 'png'}`;
      const body = kind === 8 ? Buffer.from('not a photo') : kind < 5 ? jpegHead : pngHead;
      writes.push(writeFile(path.join(dir, name), body));
    }
    await Promise.all(writes);
  }
  console.log(
    `created ${FILES.toLocaleString('en')} files in ${((performance.now() - made) / 1000).toFixed(1)} s`,
  );

  const rssSamples: string[] = [];
  let peak = 0;
  let images = 0;
  let skipped = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  for await (const entry of scanFolder(root)) {
    n++;
    if (entry.kind === 'image') images++;
    else skipped++;
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    if (n % 5_000 === 0) rssSamples.push(mb(rss));
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(`scanned ${n.toLocaleString('en')} entries (${images} images, ${skipped} skipped)`);
  console.log(
    `time    ${(wall / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s cpu, ${(n / (wall / 1000)).toFixed(0)} entries/s`,
  );
  console.log(`RSS every 5,000 entries: ${rssSamples.join(', ')} (peak ${mb(peak)})`);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
