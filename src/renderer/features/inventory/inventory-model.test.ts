import { describe, expect, it } from 'vitest';
import { TENANT, person } from '../../../../test/renderer/inventory-fixtures';
import {
  actionTargets,
  loadProgressText,
  optionValues,
  removalText,
  shownUsers,
  viewCounts,
} from './inventory-model';

const progress = (done: number, total: number | null, counts: Record<string, number>) => ({
  jobId: '00000000-0000-4000-8000-000000000000',
  channel: 'inventory:load',
  done,
  total,
  counts,
  message: null,
});

describe('inventory model', () => {
  it('says what the load is doing, from the job counts', () => {
    expect(loadProgressText(null)).toBe('Starting…');
    expect(loadProgressText(progress(0, null, { directory: 1200 }))).toBe(
      'Reading the directory: 1,200 users',
    );
    expect(loadProgressText(progress(1240, 3003, { directory: 3003, photos: 1240 }))).toBe(
      'Reading photos: 1,240 of 3,003',
    );
    expect(loadProgressText(progress(1240, 3003, { photos: 1240, throttled: 7 }))).toBe(
      'Reading photos: 1,240 of 3,003 · Microsoft 365 throttled 7 requests; Headshot slows down and goes on',
    );
    expect(loadProgressText(progress(1240, 3003, { photos: 1240, throttled: 7, waiting: 1 }))).toBe(
      'Reading photos: 1,240 of 3,003 · Microsoft 365 is throttling, waiting',
    );
  });

  it('offers each value present once, sorted, and the UPN domains', () => {
    const users = [...TENANT, person('ivy', 'present', { department: 'sales ' })];
    expect(optionValues(users, 'department')).toEqual(['Engineering', 'Marketing', 'Sales']);
    expect(optionValues(users, 'domain')).toEqual(['contoso.com', 'fabrikam.com']);
  });

  it('counts each tab over what the search and filters leave', () => {
    const counts = viewCounts({ users: TENANT, filters: { country: 'uk' }, query: '' });
    expect(counts).toEqual({ all: 2, with: 2, none: 0, low: 1, unreadable: 0, missing: 1 });
    const shown = shownUsers({ users: TENANT, view: 'missing', filters: {}, query: 'sales', sort: null });
    expect(shown.map((u) => u.id)).toEqual(['bob']);
  });

  it('acts on the selection among the rows shown, or on every row shown', () => {
    expect(actionTargets(TENANT, new Set()).scope).toBe('all 8 shown');
    const picked = actionTargets(TENANT, new Set(['bob', 'nobody']));
    expect(picked.users.map((u) => u.id)).toEqual(['bob']);
    expect(picked.scope).toBe('1 selected');
  });

  it('says how a removal goes and ends', () => {
    const r = { dryRun: true, total: 3, progress: { summary: { 'dry-run': 1 } }, done: null };
    expect(removalText(r)).toBe('Testing the removal: 1 of 3 users done');
    expect(
      removalText({
        ...r,
        dryRun: false,
        done: { state: 'completed', summary: { removed: 2, 'no-photo': 1, failed: 0 }, error: null },
      }),
    ).toBe('Removal finished: 2 removed, 1 had no photo.');
  });
});
