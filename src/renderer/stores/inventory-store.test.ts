import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc';
import type { RunProgress } from '../../shared/upload';
import { installFakeApi, ok } from '../../../test/renderer/fake-api';
import { TENANT, loadOutput } from '../../../test/renderer/inventory-fixtures';
import { createInventoryStore, shownOf } from './inventory-store';

const opts = { includeGuests: false, includeDisabled: true };

/** An answer the test gives later: `resolve(result)`. */
function later() {
  let resolve!: (r: IpcResult<unknown>) => void;
  const promise = new Promise<IpcResult<unknown>>((r) => (resolve = r));
  return { promise, resolve };
}

async function loaded(responders: Parameters<typeof installFakeApi>[0] = {}) {
  const api = installFakeApi({ 'inventory:load': () => ok(loadOutput()), ...responders });
  const store = createInventoryStore();
  expect(await store.getState().load(opts)).toBe(true);
  return { api, store };
}

const ids = (store: ReturnType<typeof createInventoryStore>) => shownOf(store.getState()).map((u) => u.id);

describe('inventory store: loading', () => {
  it('starts the load job with its id and the switches, and follows only its own progress', async () => {
    const answer = later();
    const api = installFakeApi({ 'inventory:load': () => answer.promise });
    const store = createInventoryStore();
    const done = store.getState().load({ ...opts, refresh: 'photos' });
    const call = api.calls.find((c) => c.channel === 'inventory:load')!.input as { jobId: string };
    expect(call).toEqual({
      jobId: expect.any(String) as unknown,
      refresh: 'photos',
      includeGuests: false,
      includeDisabled: true,
    });
    const progress = (jobId: string, done: number) => ({
      jobId,
      channel: 'inventory:load',
      done,
      total: 3003,
      counts: { directory: 3003, photos: done, throttled: 2 },
      message: null,
    });
    api.emit('job:progress', progress('00000000-0000-4000-8000-000000000000', 9));
    expect(store.getState().loading?.progress).toBeNull();
    api.emit('job:progress', progress(call.jobId, 1240));
    expect(store.getState().loading?.progress?.counts.photos).toBe(1240);
    answer.resolve(ok(loadOutput()));
    expect(await done).toBe(true);
    expect(store.getState().loading).toBeNull();
    expect(store.getState().result?.document.users).toHaveLength(TENANT.length);
    expect(api.listening('job:progress')).toBe(0);
  });

  it('cancels the job by its id and says the inventory was not read', async () => {
    const answer = later();
    const api = installFakeApi({ 'inventory:load': () => answer.promise });
    const store = createInventoryStore();
    const done = store.getState().load(opts);
    await store.getState().cancelLoad();
    const jobId = (api.calls[0]!.input as { jobId: string }).jobId;
    expect(api.calls.find((c) => c.channel === 'job:cancel')?.input).toEqual({ jobId });
    answer.resolve({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
    expect(await done).toBe(false);
    expect(store.getState().error).toBe('Stopped before the inventory was read.');
  });

  it('shows a failed load in the words main gave', async () => {
    installFakeApi({
      'inventory:load': () => ({ ok: false, error: { code: 'failed', message: 'Sign in first.' } }),
    });
    const store = createInventoryStore();
    expect(await store.getState().load(opts)).toBe(false);
    expect(store.getState().error).toBe('Sign in first.');
  });
});

describe('inventory store: what is shown', () => {
  it('filters by tab, filters and search, sorts, and narrows the selection to the rows shown', async () => {
    const { store } = await loaded();
    const s = () => store.getState();
    s().setSelected(['ada', 'bob', 'eve']);
    s().setView('none');
    expect(ids(store)).toEqual(['bob', 'eve', 'hal']);
    expect([...s().selected].sort()).toEqual(['bob', 'eve']);
    s().setFilter({ department: 'engineering' });
    expect(ids(store)).toEqual(['eve']);
    expect([...s().selected]).toEqual(['eve']);
    s().setFilter({ department: undefined, enabled: true });
    expect(ids(store)).toEqual(['bob', 'hal']);
    expect(s().filters).toEqual({ enabled: true });
    expect(s().selected.size).toBe(0);
    s().showOnly('with');
    expect(s().filters).toEqual({});
    expect(ids(store)).toEqual(['ada', 'cy', 'finn', 'gus']);
    s().setQuery('muller'); // accents and case ignored
    expect(ids(store)).toEqual(['gus']);
    s().setQuery('');
    s().toggleSort('displayName');
    expect(ids(store)).toEqual(['ada', 'cy', 'finn', 'gus']);
    s().toggleSort('displayName');
    expect(ids(store)).toEqual(['gus', 'finn', 'cy', 'ada']);
    s().toggleSort('displayName');
    expect(s().sort).toBeNull();
  });

  it('never selects a row that is not shown', async () => {
    const { store } = await loaded();
    store.getState().setView('low');
    store.getState().setSelected(['ada', 'cy']);
    expect([...store.getState().selected]).toEqual(['cy']);
  });

  it('scopes to a group found by name, and says why one was not found', async () => {
    const { api, store } = await loaded({
      'inventory:group': (input) =>
        (input as { group: string }).group === 'Sales EMEA'
          ? ok({ id: 'g1', displayName: 'Sales EMEA', memberIds: ['ada', 'bob', 'zed'] })
          : { ok: false, error: { code: 'failed', message: 'No group is called "Nope".' } },
    });
    expect(await store.getState().findGroup(' Sales EMEA ')).toBe(true);
    expect(api.calls.find((c) => c.channel === 'inventory:group')?.input).toEqual({ group: 'Sales EMEA' });
    expect(ids(store)).toEqual(['ada', 'bob']);
    expect(store.getState().group?.members.size).toBe(3);
    expect(await store.getState().findGroup('Nope')).toBe(false);
    expect(store.getState().groupError).toBe('No group is called "Nope".');
    expect(ids(store)).toEqual(['ada', 'bob']); // the group found before stays
    store.getState().clearGroup();
    expect(ids(store)).toHaveLength(TENANT.length);
  });
});

describe('inventory store: actions', () => {
  it('saves the shown list (or the selection) to the folder chosen for reports', async () => {
    const { api, store } = await loaded({
      'dialog:chooseFolder': () => ok({ path: '/reports' }),
      'inventory:saveList': () => ok({ path: '/reports/people.csv' }),
    });
    store.getState().setView('none');
    expect(await store.getState().saveList('csv', 'filtered')).toBe(true);
    expect(api.calls.find((c) => c.channel === 'dialog:chooseFolder')?.input).toMatchObject({
      purpose: 'reports',
    });
    expect(api.calls.filter((c) => c.channel === 'inventory:saveList').at(-1)?.input).toEqual({
      folder: '/reports',
      format: 'csv',
      list: 'filtered',
      userIds: ['bob', 'eve', 'hal'],
    });
    expect(store.getState().notice).toBe('Saved the list of 3 users to /reports/people.csv');
    store.getState().setSelected(['hal']);
    await store.getState().saveList('json', 'filtered');
    expect(api.calls.filter((c) => c.channel === 'inventory:saveList').at(-1)?.input).toMatchObject({
      format: 'json',
      userIds: ['hal'],
    });
  });

  it('gives the missing-photo list the users without a photo or with a low-resolution one', async () => {
    const { api, store } = await loaded({
      'dialog:chooseFolder': () => ok({ path: '/reports' }),
      'inventory:saveList': () => ok({ path: '/reports/missing.csv' }),
    });
    await store.getState().saveList('csv', 'missing');
    expect(api.calls.find((c) => c.channel === 'inventory:saveList')?.input).toEqual({
      folder: '/reports',
      format: 'csv',
      list: 'missing',
      userIds: ['bob', 'cy', 'eve', 'hal'],
    });
  });

  it('saves nothing when the folder dialog is cancelled', async () => {
    const { api, store } = await loaded({ 'dialog:chooseFolder': () => ok(null) });
    expect(await store.getState().saveList('csv', 'filtered')).toBe(true);
    expect(api.calls.some((c) => c.channel === 'inventory:saveList')).toBe(false);
  });

  it('exports the photos of the rows shown as a job, with its progress and outcome', async () => {
    const answer = later();
    const { api, store } = await loaded({ 'photos:export': () => answer.promise });
    store.getState().setFilter({ department: 'Sales' });
    const done = store.getState().startExport({ folder: '/out', naming: 'employeeId', size: 240 });
    const input = api.calls.find((c) => c.channel === 'photos:export')!.input as { jobId: string };
    expect(input).toEqual({
      jobId: expect.any(String) as unknown,
      folder: '/out',
      userIds: ['ada', 'bob', 'finn'],
      naming: 'employeeId',
      size: 240,
    });
    api.emit('job:progress', {
      jobId: input.jobId,
      channel: 'photos:export',
      done: 1,
      total: 3,
      counts: {},
      message: null,
    });
    expect(store.getState().exporting?.progress?.done).toBe(1);
    const out = {
      folder: '/out',
      manifest: '/out/manifest.csv',
      summary: { exported: 2, unchanged: 0, noPhoto: 1, failed: 0 },
    };
    answer.resolve(ok(out));
    expect(await done).toBe(true);
    expect(store.getState().exported).toEqual(out);
    expect(store.getState().exporting).toBeNull();
  });

  it('removes the photos of the users who have one, and follows the run even when its events come first', async () => {
    const answer = later();
    const { api, store } = await loaded({ 'photos:remove': () => answer.promise });
    store.getState().setFilter({ department: 'Engineering' }); // cy (low), dee (unreadable), eve (none)
    const started = store.getState().startRemoval(false);
    expect(api.calls.find((c) => c.channel === 'photos:remove')?.input).toEqual({
      userIds: ['cy', 'dee'],
      dryRun: false,
    });
    const progress = { runId: 'rm-1', summary: { removed: 1 } } as unknown as RunProgress;
    api.emit('run:progress', progress);
    answer.resolve(ok({ runId: 'rm-1', total: 2 }));
    expect(await started).toBe(true);
    expect(store.getState().removal).toMatchObject({
      runId: 'rm-1',
      total: 2,
      dryRun: false,
      progress,
      done: null,
    });
    api.emit('run:progress', { ...progress, runId: 'other' });
    expect(store.getState().removal?.progress).toBe(progress);
    const done = { runId: 'rm-1', kind: 'upload', state: 'completed', summary: { removed: 2 }, error: null };
    api.emit('run:done', done);
    expect(store.getState().removal?.done).toEqual(done);
    expect(api.listening('run:done')).toBe(0);
  });

  it('says so when nobody shown has a photo to remove, and calls nothing', async () => {
    const { api, store } = await loaded();
    store.getState().setView('none');
    await store.getState().startRemoval(true);
    expect(api.calls.some((c) => c.channel === 'photos:remove')).toBe(false);
    expect(store.getState().notice).toBe('None of these users has a photo, so there is nothing to remove.');
  });
});
