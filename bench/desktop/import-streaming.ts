/**
 * Import at scale: N camera-sized (12-MP) JPEGs matched against a directory, as the app does it. Prints when
 * Review can open (the match result), when the rows on screen have their previews (they are asked for first),
 * when every preview is done, and beside it one bare decode pass over the same files at the same concurrency
 * (the floor: one decode per photo), and what the old flow cost (the table waited for every preview).
 * Files are hard links to a few distinct photos, so 3,000 cost no disk; the OS cache holds them, so this measures
 * decoding, not the disk. Run: npx tsx bench/desktop/import-streaming.ts [count] [concurrency]
 */
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runImport, startPreviews } from '../../src/main/use-cases/import-folder';
import { mapConcurrent } from '../../src/main/core/util/concurrency';
import type { GraphUser } from '../../src/shared/domain';

const count = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? os.availableParallelism());
const VISIBLE = 30;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-stream-'));
  try {
    const folder = path.join(dir, 'photos');
    await mkdir(folder, { recursive: true });
    const sources: string[] = [];
    for (let i = 0; i < 6; i++) {
      const file = path.join(dir, `source-${i}.jpg`);
      const photo = await sharp({
        create: {
          width: 4000,
          height: 3000,
          channels: 3,
          background: { r: 90 + i * 20, g: 120, b: 150 - i * 10 },
          noise: { type: 'gaussian', mean: 128, sigma: 30 },
        },
      })
        .blur(1.2)
        .jpeg({ quality: 90 })
        .toBuffer();
      await writeFile(file, photo);
      sources.push(file);
    }
    const directory: GraphUser[] = [];
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      const upn = `user${i}@contoso.com`;
      directory.push({ id: `u${i}`, userPrincipalName: upn, displayName: `User ${i}` });
      const file = path.join(folder, `${upn}.jpg`);
      await link(sources[i % sources.length]!, file);
      files.push(file);
    }
    const deps = {
      directory: () => Promise.resolve(directory),
      previewRoot: path.join(dir, 'previews'),
      imageUrl: (f: string) => f,
      previewConcurrency: concurrency,
    };

    // The floors: one plain decode per photo, same concurrency: to the 320 px thumbnail, and to the 648 px the
    // photo checks measure at (the scale the run uploads; a thumbnail would hide blur).
    const pass = async (size: number) => {
      const start = performance.now();
      await mapConcurrent(files, concurrency, (file) =>
        sharp(file).resize(size, size, { fit: 'outside' }).jpeg().toBuffer(),
      );
      return performance.now() - start;
    };
    const floor320 = await pass(320);
    const floor648 = await pass(648);
    let t = performance.now();

    t = performance.now();
    const record = await runImport({ folder }, deps);
    const matched = performance.now() - t;
    // The rows an admin sees after scrolling halfway down: asked for first, as the table does.
    const middle = Math.floor(count / 2);
    const visible = record.items.slice(middle, middle + VISIBLE).map((i) => i.id);
    const waiting = new Set(visible);
    let visibleAt = 0;
    const previewsStarted = performance.now();
    const job = startPreviews(record, deps, {
      onItems: (items) => {
        for (const item of items) waiting.delete(item.id);
        if (waiting.size === 0 && visibleAt === 0) visibleAt = performance.now() - previewsStarted;
      },
    });
    job.prioritize(visible);
    await job.done;
    const previews = performance.now() - previewsStarted;
    const ok = record.items.filter((i) => i.thumbnailUrl).length;

    console.log(`${count} photos of 12 MP, concurrency ${concurrency}:`);
    console.log(`  Review opens on the match result after ${seconds(matched)} (scan + match)`);
    console.log(`  the ${VISIBLE} rows on screen have previews ${seconds(visibleAt)} after that`);
    console.log(
      `  all ${ok} previews (with the photo checks) done ${seconds(previews)} after that, ${(previews / count).toFixed(0)} ms per photo`,
    );
    console.log(
      `  one bare decode pass: ${seconds(floor320)} to 320 px, ${seconds(floor648)} to 648 px (previews took ${(previews / floor648).toFixed(2)}x the 648 px pass)`,
    );
    console.log(`  before (the table waited for every preview): ${seconds(matched + previews)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
