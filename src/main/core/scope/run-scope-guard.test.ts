/** The run engine's second guard: a scoped run refuses a planned user outside its scope before writing anything. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listRuns } from '../runs/list-runs';
import { startRun } from '../runs/run-engine';
import type { PlannedItem } from '../runs/run-records';
import { FakePhotoService, fakeProcess } from '../../../../test/support/run-fakes';
import { OutsideScopeError, type ScopeMembership } from './apply-scope';

let stateDir: string;
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-scope-guard-'));
});
afterEach(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

const item = (i: number): PlannedItem => ({
  file: `u${i}.jpg`,
  path: `/photos/u${i}.jpg`,
  user: { id: `ID-${i}`, userPrincipalName: `u${i}@contoso.com`, displayName: `User ${i}` },
  method: 'upn',
});
const scope: ScopeMembership = { userIds: new Set(['id-0', 'id-1']), membership: 'in the Sales department' };

describe('startRun with a scope', () => {
  it('refuses the run when a planned user is outside the scope: no journal, no request', async () => {
    const photos = new FakePhotoService();
    const run = startRun(
      { tenantId: 't', items: [item(0), item(1), item(2)], scope },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    await expect(run).rejects.toBeInstanceOf(OutsideScopeError);
    await expect(run).rejects.toThrow(
      "Nothing was uploaded: User 2 (u2@contoso.com) is not in the Sales department, outside this upload's scope.",
    );
    expect(photos.calls).toEqual([]);
    expect(await listRuns(stateDir)).toEqual([]);
  });

  it('runs as usual when every planned user is in the scope (ids compared in any case)', async () => {
    const photos = new FakePhotoService();
    const run = await startRun(
      { tenantId: 't', items: [item(0), item(1)], scope },
      { stateDir, photos, processPhoto: fakeProcess },
    );
    const outcome = await run.done;
    expect(outcome.report.summary).toMatchObject({ uploaded: 2 });
  });
});
