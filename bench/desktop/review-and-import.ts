/**
 * Desktop flow figures: the review table's model on 10,000 and 100,000 rows (derive, filter, search, readiness:
 * what runs on every decision and keystroke), and the import's preview step on camera-sized JPEGs.
 * Run: npx tsx bench/desktop/review-and-import.ts [previewCount]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { GraphUser } from '../../src/shared/domain';
import { manyMatched } from '../../test/renderer/review-fixtures';
import {
  assignUser,
  countByFilter,
  deriveRows,
  filterRows,
  readiness,
} from '../../src/renderer/features/review/review-model';
import { runImport } from '../../src/main/services/import-service';

function time<T>(fn: () => T, runs = 5): { ms: number; value: T } {
  let value = fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) value = fn();
  return { ms: (performance.now() - started) / runs, value };
}

for (const n of [10_000, 100_000]) {
  const items = manyMatched(n);
  const decisions = assignUser({}, ['photos/user7.jpg'], {
    id: 'x',
    userPrincipalName: 'x@contoso.com',
    displayName: 'X',
  });
  const derive = time(() => deriveRows(items, decisions));
  const rows = derive.value;
  const filter = time(() => filterRows(rows, 'attention', ''));
  const search = time(() => filterRows(rows, 'all', 'user 99'));
  const counts = time(() => countByFilter(rows));
  const ready = time(() => readiness(rows));
  console.log(
    `${n.toLocaleString('en-US')} rows: derive ${derive.ms.toFixed(1)} ms, filter ${filter.ms.toFixed(1)} ms, ` +
      `search ${search.ms.toFixed(1)} ms, counts ${counts.ms.toFixed(1)} ms, readiness ${ready.ms.toFixed(1)} ms`,
  );
}

const count = Number(process.argv[2] ?? 40);
const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-import-'));
try {
  const folder = path.join(dir, 'photos');
  const directory: GraphUser[] = [];
  const noise = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 88 })
    .toBuffer();
  await (await import('node:fs/promises')).mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    directory.push({ id: `u${i}`, userPrincipalName: `user${i}@contoso.com`, displayName: `User ${i}` });
    await writeFile(path.join(folder, `user${i}@contoso.com.jpg`), noise);
  }
  const started = performance.now();
  const result = await runImport(
    { folder },
    {
      directory: () => Promise.resolve(directory),
      previewRoot: path.join(dir, 'previews'),
      imageUrl: (f) => f,
      previewConcurrency: 2,
    },
  );
  const ms = performance.now() - started;
  console.log(
    `import of ${count} 12-MP JPEGs (match + 320 px previews, concurrency 2): ${(ms / 1000).toFixed(1)} s, ` +
      `${(ms / count).toFixed(0)} ms per photo; ${result.items.filter((i) => i.thumbnailUrl).length} previews`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
