/**
 * Desktop flow figures: the review table's model on 10,000 and 100,000 rows (derive, filter, search, readiness:
 * what runs on every decision and keystroke). The import itself: bench/desktop/import-streaming.ts.
 * Run: npx tsx bench/desktop/review-model.ts
 */
import { manyMatched } from '../../test/renderer/review-fixtures';
import {
  assignUser,
  countByFilter,
  deriveRows,
  filterRows,
  readiness,
} from '../../src/renderer/features/review/review-model';

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
